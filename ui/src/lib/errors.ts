/**
 * What to tell the user about a failed request: a translation by error code
 * where there is one, else the server's own message.
 */
import { ApiError } from "./api";
import { t, type MessageKey } from "../i18n/i18n.svelte";
import { RECORDS_ERRORS } from "./recordsErrors";

const BY_CODE: Record<string, MessageKey> = {
  ...RECORDS_ERRORS,
  network: "error.network",
  database_unavailable: "error.database_unavailable",
  unauthenticated: "error.unauthenticated",
  forbidden: "error.forbidden",
  not_found: "error.not_found",
  invalid_state: "error.invalid_state",
  invalid_body: "error.invalid_body",
  wrong_credentials: "error.wrong_credentials",
  pairing_code_unknown: "error.pairing_code_unknown",
  pairing_code_expired: "error.pairing_code_expired",
  pairing_code_used: "error.pairing_code_used",
  pairing_code_replaced: "error.pairing_code_replaced",
  pairing_awaits_chair: "pairing.error.pairing_awaits_chair",
  card_replaced: "pairing.error.card_replaced",
  not_pairable: "pairing.error.not_pairable",
  not_a_delegate: "error.not_a_delegate",
  not_checked_in: "error.not_checked_in",
  already_voted: "error.already_voted",
  arrived_after_opening: "error.arrived_after_opening",
  seats_exceeded: "error.seats_exceeded",
  document_withdrawn: "error.document_withdrawn",
  document_published: "error.document_published",
  document_not_published: "error.document_not_published",
  below_quorum: "error.below_quorum",
  account_disabled: "error.account_disabled",
  more_delegates_than_seats: "error.more_delegates_than_seats",
  check_in_not_open: "sittings.error.check_in_not_open",
  sitting_passed: "sittings.error.sitting_passed",
  sitting_not_begun: "sittings.error.sitting_not_begun",
  no_invitees: "sittings.error.no_invitees",
  speech_under_way: "error.speech_under_way",
  item_not_current: "error.item_not_current",
  quorum_not_reached: "error.quorum_not_reached",
  poll_not_open: "error.poll_not_open",
  speech_running: "error.speech_running",
  already_queued: "error.already_queued",
  poll_open: "error.poll_open",
  poll_not_draft: "error.poll_not_draft",
  invalid_ballot: "error.invalid_ballot",
  not_a_pdf: "error.not_a_pdf",
  pdf_empty: "error.pdf_empty",
  pdf_truncated: "error.pdf_truncated",
  pdf_damaged: "error.pdf_damaged",
  pdf_encrypted: "error.pdf_encrypted",
  pdf_timed_out: "error.pdf_timed_out",
  pdf_unreadable: "error.pdf_unreadable",
  payload_too_large: "error.payload_too_large",
  bad_multipart: "error.bad_multipart",
  wrong_password: "account.wrongPassword",
  host_certificate_changed: "desktop.error.host_certificate_changed",
  host_not_tls: "desktop.error.host_not_tls",
  not_paired: "desktop.error.not_paired",
  cached_file_corrupt: "desktop.error.cached_file_corrupt",
  disk_full: "desktop.error.disk_full",
  hash_mismatch: "desktop.error.hash_mismatch",
  bad_packet_entry: "desktop.error.bad_packet_entry",
  bind_failed: "desktop.error.bind_failed",
  host_refused: "desktop.error.host_refused",
  gateway_token_required: "desktop.error.gateway_token_required",
  fingerprint_mismatch: "desktop.error.fingerprint_mismatch",
  fingerprint_confirmation_required:
    "desktop.error.fingerprint_confirmation_required",
  password_change_required: "account.changeRequired",
  validation_failed: "setup.error.validation_failed",
  duplicate: "setup.error.duplicate",
  in_use: "setup.error.in_use",
  invalid_reference: "setup.error.invalid_reference",
};

export function errorKey(code: string): MessageKey | null {
  return BY_CODE[code] ?? null;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const key = errorKey(error.code);
    return key ? t(key) : error.message || t("error.unknown");
  }
  return t("error.unknown");
}
