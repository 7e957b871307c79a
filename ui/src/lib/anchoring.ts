/**
 * Text on a PDF page, as the viewer sees it, and finding passages in it:
 * the matches of a typed search, and a note's quoted passage again (with the
 * text around it) after the page was re-rendered or the document replaced by
 * a new version. Pure: the viewer feeds it pdf.js text items and maps the
 * ranges it returns back to the text layer's spans.
 */
import type { TextQuote } from "./types";

/** One text item of a page (pdf.js `TextItem`: `str`, `hasEOL`). */
export interface TextPiece {
  str: string;
  hasEOL?: boolean;
}

/**
 * A page's text: the items joined, a line break after each item that ends a
 * line; `starts[i]` is where item `i` begins in `text`.
 */
export interface PageText {
  text: string;
  starts: number[];
}

export interface TextRange {
  start: number;
  end: number;
}

/** A passage and a little of the text before and after it. */
export interface Quote {
  exact: string;
  prefix: string;
  suffix: string;
}

/** Limits of the notes API (NewNote::validated). */
export const QUOTE_MAX = 2000;
export const CONTEXT_MAX = 200;
/** How much context a new note keeps on each side. */
export const CONTEXT_CHARS = 40;

export function pageText(pieces: readonly TextPiece[]): PageText {
  let text = "";
  const starts: number[] = [];
  for (const piece of pieces) {
    starts.push(text.length);
    text += piece.str;
    if (piece.hasEOL) text += "\n";
  }
  return { text, starts };
}

/**
 * Where `range` falls in each item: `[item, from, to]` offsets inside the
 * item's string, items in order; the line breaks between items are skipped.
 */
export function piecesOf(
  page: PageText,
  pieces: readonly TextPiece[],
  range: TextRange,
): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let i = 0; i < pieces.length; i++) {
    const start = page.starts[i]!;
    const end = start + pieces[i]!.str.length;
    const from = Math.max(start, range.start);
    const to = Math.min(end, range.end);
    if (from < to) out.push([i, from - start, to - start]);
    if (start >= range.end) break;
  }
  return out;
}

/** Letters as a search compares them: lower case, without diacritics, đ → d. */
function foldChar(c: string): string {
  const base = c.normalize("NFD").charAt(0).toLowerCase();
  return base === "đ" ? "d" : base;
}

/**
 * `text` prepared for matching: runs of white space become one space (line
 * breaks and spacing move between versions and renderers) and, when
 * `loose`, letters are folded. `map[i]` is the offset in `text` of folded
 * character `i`; `map[folded.length]` is `text.length`.
 */
export function fold(
  text: string,
  loose: boolean,
): { folded: string; map: number[] } {
  let folded = "";
  const map: number[] = [];
  let i = 0;
  for (const c of text) {
    if (/\s/u.test(c)) {
      if (!folded.endsWith(" ")) {
        folded += " ";
        map.push(i);
      }
    } else if (loose && /\p{M}/u.test(c)) {
      // A combining mark of decomposed text: folded away with its accent.
    } else {
      // One folded letter per character (a code point may be two UTF-16 units).
      const f = loose ? foldChar(c) : c;
      for (let k = 0; k < f.length; k++) map.push(i);
      folded += f;
    }
    i += c.length;
  }
  map.push(text.length);
  return { folded, map };
}

/** The end offset in `text` of the folded range ending at `foldedEnd`. */
function endOf(map: number[], foldedEnd: number, text: string): number {
  // map holds starts; the end is the start of the last character plus its length.
  const last = map[foldedEnd - 1]!;
  const cp = text.codePointAt(last) ?? 0;
  return last + (cp > 0xffff ? 2 : 1);
}

/**
 * Every place `query` occurs in `text`, ignoring case, diacritics and
 * spacing ("ngan sach" finds "Ngân  sách"), as ranges of `text`, in order,
 * not overlapping.
 */
export function findAll(text: string, query: string): TextRange[] {
  const needle = fold(query, true).folded.trim();
  if (!needle) return [];
  const { folded, map } = fold(text, true);
  const out: TextRange[] = [];
  let from = 0;
  for (;;) {
    const at = folded.indexOf(needle, from);
    if (at < 0) break;
    out.push({ start: map[at]!, end: endOf(map, at + needle.length, text) });
    from = at + needle.length;
  }
  return out;
}

function commonTail(a: string, b: string): number {
  let n = 0;
  while (
    n < a.length &&
    n < b.length &&
    a[a.length - 1 - n] === b[b.length - 1 - n]
  )
    n++;
  return n;
}

function commonHead(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/**
 * Finds a quoted passage in a page's text again. Spacing may differ; among
 * several occurrences the one whose surroundings best match the quote's
 * prefix and suffix wins. If the exact wording is gone, a passage matching
 * without regard to case and diacritics is taken (a renderer's ligatures
 * and accents vary); none: null. A note's quote may come without prefix or
 * suffix (the API's TextQuote makes them optional, empty by default).
 */
export function locate(text: string, quote: TextQuote): TextRange | null {
  for (const loose of [false, true]) {
    const { folded, map } = fold(text, loose);
    const exact = fold(quote.exact, loose).folded.trim();
    if (!exact) return null;
    const prefix = fold(quote.prefix ?? "", loose).folded.trimEnd();
    const suffix = fold(quote.suffix ?? "", loose).folded.trimStart();
    let best: { score: number; at: number } | null = null;
    for (
      let at = folded.indexOf(exact);
      at >= 0;
      at = folded.indexOf(exact, at + 1)
    ) {
      const score =
        commonTail(folded.slice(0, at).trimEnd(), prefix) +
        commonHead(folded.slice(at + exact.length).trimStart(), suffix);
      if (!best || score > best.score) best = { score, at };
    }
    if (best)
      return {
        start: map[best.at]!,
        end: endOf(map, best.at + exact.length, text),
      };
  }
  return null;
}

function oneLine(s: string): string {
  return s.replace(/\s+/gu, " ");
}

/**
 * The quote for a selected range of a page: the passage on one line (as the
 * API wants it), and up to `context` characters either side.
 */
export function quoteOf(
  text: string,
  range: TextRange,
  context = CONTEXT_CHARS,
): Quote | null {
  const exact = oneLine(text.slice(range.start, range.end)).trim();
  if (!exact) return null;
  const before = oneLine(
    text.slice(Math.max(0, range.start - context), range.start),
  );
  const after = oneLine(text.slice(range.end, range.end + context));
  return {
    exact: [...exact].slice(0, QUOTE_MAX).join(""),
    prefix: [...before].slice(-CONTEXT_MAX).join(""),
    suffix: [...after].slice(0, CONTEXT_MAX).join(""),
  };
}
