/**
 * Typed notes are never lost: each note being written or edited is a draft
 * kept in local storage from the first keystroke until the server has
 * acknowledged it. Saving sends the drafts; each one the server takes is
 * dropped, each one it does not stays with the reason, to be sent again
 * (say when the connection is back).
 */
import { ApiError } from "./api";
import type { NewNote, Note } from "./types";

export interface Draft {
  /** "new:<random>" for a note not yet made, "edit:<note id>" for an edit. */
  key: string;
  documentId: number;
  /** For a new note: everything the API needs but the body. */
  create?: Omit<NewNote, "body">;
  /** For an edit: the note being changed. */
  noteId?: number;
  body: string;
  /** Saving was asked for (not only typed). */
  submitted: boolean;
  /** Why the last attempt failed: an error code. */
  failed?: string;
}

export interface DraftSender {
  create(documentId: number, note: NewNote): Promise<Note>;
  update(noteId: number, body: string): Promise<Note>;
}

export function parseDrafts(raw: string | null): Draft[] {
  if (!raw) return [];
  try {
    const list = JSON.parse(raw) as unknown;
    return Array.isArray(list)
      ? list.filter(
          (d): d is Draft =>
            typeof d === "object" &&
            d !== null &&
            typeof d.key === "string" &&
            typeof d.documentId === "number" &&
            typeof d.body === "string" &&
            (d.create !== undefined || typeof d.noteId === "number"),
        )
      : [];
  } catch {
    return [];
  }
}

export function upsert(drafts: readonly Draft[], draft: Draft): Draft[] {
  const i = drafts.findIndex((d) => d.key === draft.key);
  if (i < 0) return [...drafts, draft];
  const out = drafts.slice();
  out[i] = draft;
  return out;
}

export function without(drafts: readonly Draft[], key: string): Draft[] {
  return drafts.filter((d) => d.key !== key);
}

/** A network failure is worth retrying later; anything else needs the user. */
export function isOffline(code: string | undefined): boolean {
  return code === "network";
}

export interface FlushResult {
  drafts: Draft[];
  saved: { draft: Draft; note: Note }[];
}

/**
 * Sends the submitted drafts in order. After a network failure the rest are
 * not tried (they would fail the same way) and stay as they are.
 */
export async function flush(
  drafts: readonly Draft[],
  send: DraftSender,
  only?: (d: Draft) => boolean,
): Promise<FlushResult> {
  let left = drafts.slice();
  const saved: FlushResult["saved"] = [];
  for (const draft of drafts) {
    if (!draft.submitted || (only && !only(draft))) continue;
    try {
      const note = draft.create
        ? await send.create(draft.documentId, {
            ...draft.create,
            body: draft.body,
          })
        : await send.update(draft.noteId!, draft.body);
      left = without(left, draft.key);
      saved.push({ draft, note });
    } catch (error) {
      const code = error instanceof ApiError ? error.code : "unknown";
      left = upsert(left, { ...draft, failed: code });
      if (isOffline(code)) break;
    }
  }
  return { drafts: left, saved };
}
