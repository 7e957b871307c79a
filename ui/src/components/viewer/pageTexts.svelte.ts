/**
 * The text of a document's pages as pdf.js gives it, fetched once per page
 * and shared by the text layer, find and the notes' anchoring, so that all
 * three count characters the same way. A scanned page the server read by
 * OCR gives its read lines instead (its own text layer, if any, is noise).
 */
import type { TextContent, TextItem } from "pdfjs-dist/types/src/display/api";
import { pageText, type PageText, type TextPiece } from "../../lib/anchoring";
import type { PDFDocumentProxy } from "../../lib/pdf";
import type { OcrPage } from "../../lib/types";
import { ocrTextContent } from "./ocrText";

export interface PageTextData {
  content: TextContent;
  pieces: TextPiece[];
  page: PageText;
}

export class PageTexts {
  readonly #pdf: PDFDocumentProxy;
  readonly #pending = new Map<number, Promise<PageTextData>>();
  /** The pages loaded so far, by number. */
  loaded = $state.raw<ReadonlyMap<number, PageTextData>>(new Map());

  readonly #recognised: ReadonlyMap<number, OcrPage>;

  constructor(
    pdf: PDFDocumentProxy,
    recognised: ReadonlyMap<number, OcrPage> = new Map(),
  ) {
    this.#pdf = pdf;
    this.#recognised = recognised;
  }

  get(number: number): Promise<PageTextData> {
    let pending = this.#pending.get(number);
    if (!pending) {
      pending = this.#load(number);
      this.#pending.set(number, pending);
      pending.catch(() => this.#pending.delete(number));
    }
    return pending;
  }

  async #load(number: number): Promise<PageTextData> {
    const page = await this.#pdf.getPage(number);
    const read = this.#recognised.get(number);
    const content = read
      ? ocrTextContent(read, page.view)
      : await page.getTextContent();
    const pieces = content.items
      .filter((item): item is TextItem => "str" in item)
      .map((item) => ({ str: item.str, hasEOL: item.hasEOL }));
    const data = { content, pieces, page: pageText(pieces) };
    this.loaded = new Map(this.loaded).set(number, data);
    return data;
  }

  /** Every page's text (for find across the document). */
  all(): Promise<PageTextData[]> {
    return Promise.all(
      Array.from({ length: this.#pdf.numPages }, (_, i) => this.get(i + 1)),
    );
  }
}
