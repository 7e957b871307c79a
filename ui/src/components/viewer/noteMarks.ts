/**
 * Notes and find matches on the viewer's pages: where each saved note's
 * passage is in the page text pdf.js gives this viewer, and the marks each
 * page paints (highlights, notes, find matches). Pure.
 */
import { locate, type TextRange } from "../../lib/anchoring";
import type { Note } from "../../lib/types";

/** A passage to paint on the page: a find match, a highlight, a note. */
export interface Mark {
  key: string;
  kind: "find" | "find-current" | "highlight" | "note" | "note-current";
  range: TextRange;
}

/** A passage on a page. */
export interface PageRange extends TextRange {
  page: number;
}

/** What the pages loaded so far hold, by number (a PageTexts' `loaded`). */
export type LoadedTexts = ReadonlyMap<number, { page: { text: string } }>;

/** The key of a find match's mark (what reveal looks for). */
export const findKey = (index: number) => `find-${index}`;
/** The key of a note's mark. */
export const noteKey = (id: number) => `note-${id}`;

/**
 * The page to look for a note's passage on: where the server placed it in
 * the current version; or, when the server did not find it but the note
 * was made on this very version, the page it was made on (the server reads
 * the text with another extractor than pdf.js, which can differ).
 */
export function expectedPage(note: Note, version: number): number | null {
  if (note.page != null) return note.page;
  return note.made_on_version === version ? note.made_on_page : null;
}

/** Each saved note's passage, found again in this viewer's page text. */
export function anchorNotes(
  notes: readonly Note[],
  loaded: LoadedTexts | undefined,
  version: number,
): Map<number, PageRange> {
  const out = new Map<number, PageRange>();
  for (const note of notes) {
    const page = expectedPage(note, version);
    const text = page === null ? undefined : loaded?.get(page);
    if (page === null || !text) continue;
    const range = locate(text.page.text, note.quote);
    if (range) {
      out.set(note.id, { page, ...range });
      continue;
    }
    // Not where expected (pdf.js reads some files otherwise than the
    // server): any other page loaded that holds the passage.
    for (const [n, other] of loaded ?? []) {
      const found = n === page ? null : locate(other.page.text, note.quote);
      if (found) {
        out.set(note.id, { page: n, ...found });
        break;
      }
    }
  }
  return out;
}

/**
 * Note id → whether its passage was found, for the notes whose expected
 * page is loaded (the others are not known yet).
 */
export function placedNotes(
  notes: readonly Note[],
  loaded: LoadedTexts | undefined,
  anchors: ReadonlyMap<number, PageRange>,
  version: number,
): Map<number, boolean> {
  const out = new Map<number, boolean>();
  for (const note of notes) {
    const page = expectedPage(note, version);
    if (page !== null && loaded?.has(page))
      out.set(note.id, anchors.has(note.id));
  }
  return out;
}

/** Where the note shows: where its passage was found, else expected. */
export function shownPage(
  note: Note,
  anchors: ReadonlyMap<number, PageRange>,
  version: number,
): number | null {
  return anchors.get(note.id)?.page ?? expectedPage(note, version);
}

/** The marks one page paints: its notes and highlights, then find matches. */
export function pageMarks(
  page: number,
  notes: readonly Note[],
  anchors: ReadonlyMap<number, PageRange>,
  focusedNote: number | null,
  matches: readonly PageRange[],
  at: number,
): Mark[] {
  const out: Mark[] = [];
  for (const note of notes) {
    const a = anchors.get(note.id);
    if (!a || a.page !== page) continue;
    out.push({
      key: noteKey(note.id),
      kind:
        note.kind === "highlight"
          ? "highlight"
          : focusedNote === note.id
            ? "note-current"
            : "note",
      range: a,
    });
  }
  matches.forEach((m, i) => {
    if (m.page === page)
      out.push({
        key: findKey(i),
        kind: i === at ? "find-current" : "find",
        range: m,
      });
  });
  return out;
}
