/**
 * Find in the document: the words sought, every match across the pages
 * (case, diacritics and spacing folded, as anchoring.ts finds), the match
 * in focus, and the find field's keys.
 */
import { findAll } from "../../lib/anchoring";
import { findKey, type PageRange } from "./noteMarks";

/** What find reads the pages' text from (a PageTexts). */
export interface TextSource {
  all(): Promise<readonly { page: { text: string } }[]>;
}

/** Every match of `query` on the pages, in page order. */
export function matchesIn(
  pages: readonly { page: { text: string } }[],
  query: string,
): PageRange[] {
  return pages.flatMap((p, i) =>
    findAll(p.page.text, query).map((r) => ({ page: i + 1, ...r })),
  );
}

/** The first match on `fromPage` or after it, else the first; -1: none. */
export function firstMatchFrom(
  matches: readonly PageRange[],
  fromPage: number,
): number {
  const at = matches.findIndex((m) => m.page >= fromPage);
  return at < 0 && matches.length ? 0 : at;
}

/** How long typing must pause before find runs, in ms. */
export const FIND_DELAY = 250;

export class DocumentFind {
  query = $state("");
  matches = $state.raw<PageRange[]>([]);
  /** The match in focus; -1: none. */
  at = $state(-1);
  /** Whether the matches are those of the words in the field. */
  searched = $state(false);

  readonly #texts: () => TextSource | null;
  readonly #current: () => number;
  readonly #reveal: (page: number, key: string) => void;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * `texts`: the document's text, once loaded; `current`: the page being
   * read (find starts there); `reveal`: scrolls a match's mark into view.
   */
  constructor(
    texts: () => TextSource | null,
    current: () => number,
    reveal: (page: number, key: string) => void,
  ) {
    this.#texts = texts;
    this.#current = current;
    this.#reveal = reveal;
  }

  /** The match in focus. */
  get currentMatch(): PageRange | undefined {
    return this.at >= 0 ? this.matches[this.at] : undefined;
  }

  /** Finds the words in the field; the first match from `fromPage` is shown. */
  async run(fromPage = this.#current()): Promise<void> {
    const texts = this.#texts();
    if (!texts) return;
    const q = this.query;
    if (!q.trim()) {
      this.matches = [];
      this.at = -1;
      this.searched = false;
      return;
    }
    const pages = await texts.all();
    if (q !== this.query) return; // typed on meanwhile
    this.matches = matchesIn(pages, q);
    this.searched = true;
    this.at = firstMatchFrom(this.matches, fromPage);
    if (this.at >= 0) this.#show();
  }

  /** The field changed: find once typing pauses. */
  typed(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.run(), FIND_DELAY);
  }

  /** The next (1) or previous (-1) match, round from the last to the first. */
  step(direction: 1 | -1): void {
    if (!this.matches.length) return;
    this.at = (this.at + direction + this.matches.length) % this.matches.length;
    this.#show();
  }

  /** The find field's keys: Enter / Shift+Enter, Escape clears. */
  onKey(event: KeyboardEvent): void {
    if (event.key === "Enter") {
      event.preventDefault();
      clearTimeout(this.#timer);
      if (!this.searched) void this.run();
      else this.step(event.shiftKey ? -1 : 1);
    } else if (event.key === "Escape") {
      this.query = "";
      void this.run();
    }
  }

  #show(): void {
    this.#reveal(this.matches[this.at]!.page, findKey(this.at));
  }
}
