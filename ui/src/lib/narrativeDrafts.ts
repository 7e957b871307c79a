/**
 * The secretary's narratives of the minutes, one per agenda item, as pure
 * state with a local draft: every keystroke is kept in storage until the
 * server has the same text, so a reload, a lost connection or a closed tab
 * never loses what was typed. A draft found at start that differs from the
 * server's text is restored (and marked so) rather than overwritten.
 */

export interface DraftStore {
  load(key: string): string | null;
  save(key: string, value: string | null): void;
}

export interface NarrativeEntry {
  itemId: number;
  /** What the server has. */
  saved: string;
  /** What the secretary sees and types. */
  text: string;
  /** The text came from a local draft the server does not have. */
  restored: boolean;
  saving: boolean;
  error: string | null;
}

export type Entries = Readonly<Record<number, NarrativeEntry>>;

/** The server's limit on a narrative, in characters. */
export const NARRATIVE_MAX = 50_000;

export function draftKey(sessionId: number, itemId: number): string {
  return `kyhop.minutes.${sessionId}.${itemId}`;
}

/** As the server keeps it: trimmed, NFC. */
export function normalized(text: string): string {
  return text.trim().normalize("NFC");
}

export function isDirty(entry: NarrativeEntry): boolean {
  return normalized(entry.text) !== normalized(entry.saved);
}

export function unsavedCount(entries: Entries): number {
  return Object.values(entries).filter(isDirty).length;
}

export function tooLong(entry: NarrativeEntry): boolean {
  return [...normalized(entry.text)].length > NARRATIVE_MAX;
}

/** Entries for the minutes' items, with any local drafts restored. */
export function loadEntries(
  items: readonly { agenda_item_id: number; narrative: string }[],
  sessionId: number,
  store: DraftStore,
  previous: Entries = {},
): Record<number, NarrativeEntry> {
  const out: Record<number, NarrativeEntry> = {};
  for (const item of items) {
    const id = item.agenda_item_id;
    const before = previous[id];
    // An entry being edited in this page keeps its text over a reload.
    const draft =
      before && isDirty(before)
        ? before.text
        : store.load(draftKey(sessionId, id));
    const restored =
      draft !== null && normalized(draft) !== normalized(item.narrative);
    if (draft !== null && !restored) store.save(draftKey(sessionId, id), null);
    out[id] = {
      itemId: id,
      saved: item.narrative,
      text: restored ? draft : item.narrative,
      restored: restored && !(before && isDirty(before)),
      saving: before?.saving ?? false,
      error: null,
    };
  }
  return out;
}

function put(
  entries: Entries,
  itemId: number,
  change: (e: NarrativeEntry) => NarrativeEntry,
): Record<number, NarrativeEntry> {
  const entry = entries[itemId];
  return entry ? { ...entries, [itemId]: change(entry) } : { ...entries };
}

/** The secretary typed: the draft is kept until the server has it. */
export function edit(
  entries: Entries,
  itemId: number,
  text: string,
  sessionId: number,
  store: DraftStore,
): Record<number, NarrativeEntry> {
  const next = put(entries, itemId, (e) => ({ ...e, text, error: null }));
  const entry = next[itemId];
  if (entry)
    store.save(draftKey(sessionId, itemId), isDirty(entry) ? text : null);
  return next;
}

export function startSave(
  entries: Entries,
  itemId: number,
): Record<number, NarrativeEntry> {
  return put(entries, itemId, (e) => ({ ...e, saving: true, error: null }));
}

/**
 * The server has `sent`. If more was typed while it was on its way, that
 * stays a draft; otherwise the draft is dropped.
 */
export function finishSave(
  entries: Entries,
  itemId: number,
  sent: string,
  sessionId: number,
  store: DraftStore,
): Record<number, NarrativeEntry> {
  const next = put(entries, itemId, (e) => ({
    ...e,
    saved: normalized(sent),
    saving: false,
    restored: false,
    error: null,
  }));
  const entry = next[itemId];
  if (entry && !isDirty(entry)) store.save(draftKey(sessionId, itemId), null);
  return next;
}

/** Saving failed: the text and its draft stay, with the reason. */
export function failSave(
  entries: Entries,
  itemId: number,
  error: string,
): Record<number, NarrativeEntry> {
  return put(entries, itemId, (e) => ({ ...e, saving: false, error }));
}

/** Back to the server's text; the draft is dropped. */
export function discard(
  entries: Entries,
  itemId: number,
  sessionId: number,
  store: DraftStore,
): Record<number, NarrativeEntry> {
  store.save(draftKey(sessionId, itemId), null);
  return put(entries, itemId, (e) => ({
    ...e,
    text: e.saved,
    restored: false,
    error: null,
  }));
}
