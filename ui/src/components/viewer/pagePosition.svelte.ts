/**
 * Which page the reader is on, and the "go to page" field that follows it
 * (until the reader types in it).
 */

/** `n` rounded to a page of a document of `pages` pages. */
export function clampPage(n: number, pages: number): number {
  return Math.min(Math.max(1, Math.round(n)), pages);
}

/**
 * The page typed in the field when it is one of the document's, else null
 * (the field then shows the current page again).
 */
export function typedPage(input: string, pages: number): number | null {
  const n = Number(input);
  return Number.isInteger(n) && n >= 1 && n <= pages ? n : null;
}

/**
 * The page being read: the last of the pages whose tops (from the top of
 * the scrolled content, in page order) lie above `line`; 1 when none does.
 */
export function pageAtLine(
  tops: Iterable<{ page: number; top: number }>,
  line: number,
): number {
  let page = 1;
  for (const { page: n, top } of tops) {
    if (top <= line) page = n;
    else break;
  }
  return page;
}

export class PagePosition {
  current = $state(1);
  /** The "go to page" field's text. */
  input = $state("1");

  /** On `page` now; the field shows it. */
  moveTo(page: number): void {
    this.current = page;
    this.input = String(page);
  }

  /** Scrolled onto `page`: the field shows it if the page changed. */
  scrolledTo(page: number): void {
    if (page !== this.current) this.moveTo(page);
  }

  /** The field shows the current page again. */
  resetInput(): void {
    this.input = String(this.current);
  }
}
