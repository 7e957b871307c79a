/**
 * What a delegate has seen of the session's documents, kept on this device
 * per account: which documents the list has shown them, and the newest
 * version of each they opened. From it, each document's badges:
 * new (published since they last looked), updated (a version newer than the
 * one they opened), unread (never opened).
 */
export interface Seen {
  /** Documents the list has shown. */
  listed: number[];
  /** Document id → the newest version opened. */
  opened: Record<string, number>;
}

export interface Badges {
  new: boolean;
  updated: boolean;
  unread: boolean;
}

export const EMPTY_SEEN: Seen = { listed: [], opened: {} };

export function parseSeen(raw: string | null): Seen {
  if (!raw) return EMPTY_SEEN;
  try {
    const value = JSON.parse(raw) as Partial<Seen>;
    const listed = Array.isArray(value.listed)
      ? value.listed.filter((id) => Number.isInteger(id))
      : [];
    const opened: Record<string, number> = {};
    if (value.opened && typeof value.opened === "object")
      for (const [id, v] of Object.entries(value.opened))
        if (Number.isInteger(v)) opened[id] = v;
    return { listed, opened };
  } catch {
    return EMPTY_SEEN;
  }
}

export function withListed(seen: Seen, ids: readonly number[]): Seen {
  const fresh = ids.filter((id) => !seen.listed.includes(id));
  return fresh.length ? { ...seen, listed: [...seen.listed, ...fresh] } : seen;
}

export function withOpened(seen: Seen, id: number, version: number): Seen {
  if ((seen.opened[id] ?? 0) >= version) return seen;
  return { ...seen, opened: { ...seen.opened, [id]: version } };
}

/**
 * `before` is what had been seen when this visit began (so a document stays
 * "new" while the visit lasts), `now` what has been seen since.
 */
export function badgesOf(
  doc: { id: number; versions: readonly { version: number }[] },
  before: Seen,
  now: Seen,
): Badges {
  const current = doc.versions.at(-1)?.version ?? 0;
  const opened = now.opened[doc.id];
  return {
    new: opened === undefined && !before.listed.includes(doc.id),
    updated: opened !== undefined && opened < current,
    unread: opened === undefined,
  };
}
