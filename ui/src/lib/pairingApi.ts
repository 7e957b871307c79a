/**
 * Pairing cards that await the chair: the list (admin, secretary, chair)
 * and the chair's confirmation. Wire types from openapi.json
 * (api/schema.gen.ts). Issuing a card: `setupApi.issuePairingCode`.
 */
import { request } from "./api";
import type { components } from "./api/schema.gen";
import type { Account } from "./types";

/** A card printed during a session that waits for the chair's confirmation. */
export type PendingCard = components["schemas"]["PendingCard"];

export const pairingApi = {
  pending: (councilId: number) =>
    request<PendingCard[]>(
      "GET",
      `/api/councils/${councilId}/pairing-codes/pending`,
    ),
  /**
   * The card on the chair's screen (named by when it was issued: a newer
   * card printed since is refused with `card_replaced`) starts to work;
   * every other sign-in of the person ends.
   */
  confirm: (card: Pick<PendingCard, "person_id" | "issued_at">) =>
    request<Account>(
      "POST",
      `/api/people/${card.person_id}/pairing-code/confirm`,
      { issued_at: card.issued_at },
    ),
};
