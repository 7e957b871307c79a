/**
 * "What I have seen" of the session's documents, per account, in local
 * storage (see seen.ts for the rules). `before` is frozen when the page
 * loads, so what arrived since the last visit stays marked new meanwhile.
 */
import { load, save } from "./storage";
import { auth } from "./auth.svelte";
import {
  badgesOf,
  parseSeen,
  withListed,
  withOpened,
  type Badges,
  type Seen,
} from "./seen";

function keyFor(accountId: number | undefined): string {
  return `kyhop.seen.${accountId ?? "anonymous"}`;
}

class SeenStore {
  #key = "";
  #before: Seen = parseSeen(null);
  now = $state.raw<Seen>(parseSeen(null));

  /** Loads the account's record the first time it is needed. */
  #ready(): void {
    const key = keyFor(auth.account?.id);
    if (key === this.#key) return;
    this.#key = key;
    this.#before = parseSeen(load(key));
    this.now = this.#before;
  }

  #store(next: Seen): void {
    if (next === this.now) return;
    this.now = next;
    save(this.#key, JSON.stringify(next));
  }

  listed(ids: readonly number[]): void {
    this.#ready();
    this.#store(withListed(this.now, ids));
  }

  opened(id: number, version: number): void {
    this.#ready();
    this.#store(withOpened(this.now, id, version));
  }

  badges(doc: {
    id: number;
    versions: readonly { version: number }[];
  }): Badges {
    // No #ready() here: this runs while rendering, where state may not be
    // written; listed() has loaded the record before any list is shown.
    return badgesOf(doc, this.#before, this.now);
  }
}

export const seen = new SeenStore();
