/**
 * What every floor view needs: the council's current session followed live,
 * and the names of its people. Call from a component's script.
 */
import { api, councilApi } from "./api";
import { pickCouncil } from "./adminCouncil";
import { auth } from "./auth.svelte";
import { errorMessage } from "./errors";
import { LiveSession } from "./liveSession.svelte";
import { pickSession } from "./sessions";
import { untrack } from "svelte";
import { t } from "../i18n/i18n.svelte";
import type { Person, Speech } from "./types";

export class Floor {
  live = $state.raw<LiveSession | null>(null);
  names = $state.raw<ReadonlyMap<number, string>>(new Map());
  /** The council's people (delegates, officials, guests), as loaded. */
  people = $state.raw<readonly Person[]>([]);
  /** Loading failed, or the council has no session to follow. */
  problem = $state<string | null>(null);
  noSession = $state(false);
  /** The council followed: the account's, or for the administrator the first one. */
  councilId = $state<number | null>(null);

  async start(councilId: number): Promise<void> {
    this.councilId = councilId;
    try {
      const [sessions, people] = await Promise.all([
        councilApi.sessions(councilId),
        api.people(councilId),
      ]);
      this.names = new Map(people.map((p) => [p.id, p.full_name]));
      this.people = people;
      const session = pickSession(sessions);
      if (!session) {
        this.noSession = true;
        return;
      }
      const live = new LiveSession(session.id, {
        account: auth.account,
        onUnauthenticated: () => auth.forget(),
        // A new pairing card of this person was confirmed: this sign-in ended.
        onSignedOut: () => auth.forget("new_card"),
      });
      live.start();
      this.live = live;
    } catch (error) {
      this.problem = errorMessage(error);
    }
  }

  /**
   * Follows the signed-in account's council for as long as the calling
   * component lives. Call during the component's initialisation.
   */
  follow(): void {
    $effect(() => {
      const account = auth.account;
      const councilId = account?.council_id;
      if (councilId != null) untrack(() => void this.start(councilId));
      else if (account?.role === "admin")
        untrack(() => void this.startFirstCouncil());
      return () => this.stop();
    });
  }

  /**
   * The administrator belongs to no council: follow the one chosen in the
   * administration area, else the first one there is.
   */
  private async startFirstCouncil(): Promise<void> {
    try {
      const councils = await councilApi.councils();
      const first = pickCouncil(councils);
      if (first) await this.start(first.id);
      else this.noSession = true;
    } catch (error) {
      this.problem = errorMessage(error);
    }
  }

  stop(): void {
    this.live?.stop();
  }

  /** A speech's speaker: the name the server sent with it, else ours. */
  speakerName(speech: Speech): string {
    return speech.speaker_name || this.name(speech.person_id);
  }

  name(personId: number): string {
    return this.names.get(personId) ?? t("person.unknown", { id: personId });
  }
}
