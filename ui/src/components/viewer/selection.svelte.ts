/**
 * The reader's text selection on the pages, as a page and a quote of its
 * page text (what a note or highlight is made on), and the passage a note
 * would be about: the selection, else the find match in focus.
 */
import { quoteOf, type Quote } from "../../lib/anchoring";
import type { LoadedTexts, PageRange } from "./noteMarks";
import { offsetOf, type Layer } from "./textLayerDom";

/** A passage of one page, quoted. */
export interface Passage {
  page: number;
  quote: Quote;
}

/**
 * The passage a note would be about: the text selected, or else the find
 * match in focus, so that a note can be made from the keyboard alone (find
 * the words, then "Ghi chú").
 */
export function passageOf(
  selected: Passage | null,
  match: PageRange | undefined,
  loaded: LoadedTexts | undefined,
): Passage | null {
  if (selected) return selected;
  const text = match ? loaded?.get(match.page) : undefined;
  const quote = match && text ? quoteOf(text.page.text, match) : null;
  return match && quote ? { page: match.page, quote } : null;
}

export class TextSelection {
  /** The selection on the pages; null: none (or not on one page's text). */
  current = $state.raw<Passage | null>(null);

  /** Each drawn page's text layer, by page number. */
  readonly #layers = new Map<number, Layer>();
  readonly #pages: () => HTMLElement | null;

  /** `pages`: the element holding the pages. */
  constructor(pages: () => HTMLElement | null) {
    this.#pages = pages;
  }

  /** A page's text layer is ready (or gone: null). */
  setLayer(page: number, layer: Layer | null): void {
    if (layer) this.#layers.set(page, layer);
    else this.#layers.delete(page);
  }

  /**
   * Reads the document's selection. A selection elsewhere (in the notes,
   * say) leaves the last one on the pages as it was.
   */
  read(): void {
    const pages = this.#pages();
    const sel = document.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed || !pages) {
      this.current = null;
      return;
    }
    const range = sel.getRangeAt(0);
    if (!pages.contains(range.commonAncestorContainer)) return;
    const startEl =
      range.startContainer instanceof Element
        ? range.startContainer
        : range.startContainer.parentElement;
    const pageEl = startEl?.closest<HTMLElement>("[data-page]");
    const page = Number(pageEl?.dataset.page);
    const layer = this.#layers.get(page);
    if (!pageEl || !layer) return;
    const start = offsetOf(layer, range.startContainer, range.startOffset);
    // A selection running on to the next page is cut at this page's end.
    const end = pageEl.contains(range.endContainer)
      ? offsetOf(layer, range.endContainer, range.endOffset)
      : layer.page.text.length;
    if (start === null || end === null || end <= start) {
      this.current = null;
      return;
    }
    const quote = quoteOf(layer.page.text, { start, end });
    this.current = quote ? { page, quote } : null;
  }

  /** Follows the document's selection; returns the way to stop. */
  follow(): () => void {
    const handler = () => this.read();
    document.addEventListener("selectionchange", handler);
    return () => document.removeEventListener("selectionchange", handler);
  }

  /** Drops the selection, on the page too. */
  clear(): void {
    document.getSelection()?.removeAllRanges();
    this.current = null;
  }
}
