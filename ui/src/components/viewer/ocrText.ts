/**
 * A scanned page's OCR lines as the text content pdf.js would give for a
 * page with a text layer, so that the same text layer, find, selection and
 * note anchoring work over a scan as over any page: each word one item,
 * placed on its line's box (fractions of the page from its top left) in the page's
 * own coordinates, each word where the scan has it.
 */
import type { TextContent, TextItem } from "pdfjs-dist/types/src/display/api";
import type { OcrPage } from "../../lib/types";

/** The font name of OCR items (pdf.js draws the layer's text in it, unseen). */
export const OCR_FONT = "kyhop-ocr";
/** Of a line's box height, above the baseline; the rest is below. */
const ASCENT = 0.8;

/** `view` is the page's box in PDF units: [x0, y0, x1, y1] (pdf.js `page.view`). */
export function ocrTextContent(
  page: OcrPage,
  view: readonly number[],
): TextContent {
  const [x0 = 0, , x1 = 0, y1 = 0] = view;
  const y0 = view[1] ?? 0;
  const width = x1 - x0;
  const height = y1 - y0;
  const items: TextItem[] = [];
  page.lines.forEach((line, i) => {
    const [left = 0, top = 0, right = 0, bottom = 0] = line.bbox;
    const size = Math.max((bottom - top) * height, 1);
    // The baseline sits below the box's top by the font's ascent.
    const baseline = y1 - bottom * height + (1 - ASCENT) * size;
    const item = (str: string, from: number, to: number, eol: boolean) =>
      items.push({
        str,
        dir: "ltr",
        transform: [size, 0, 0, size, x0 + from * width, baseline],
        width: (to - from) * width,
        height: size,
        fontName: OCR_FONT,
        hasEOL: eol,
      });
    const lastLine = i === page.lines.length - 1;
    const words = line.text.split(" ");
    if (words.length !== line.words.length) {
      item(line.text, left, right, !lastLine);
      return;
    }
    // One item per word, as wide as the gap to the next word (its space
    // included), so that each word starts where it stands on the scan.
    words.forEach((word, w) => {
      const [from = left, to = right] = line.words[w] ?? [];
      const next = line.words[w + 1];
      if (next) item(`${word} `, from, next[0] ?? to, false);
      else item(word, from, to, !lastLine);
    });
  });
  return {
    items,
    styles: {
      [OCR_FONT]: {
        fontFamily: "sans-serif",
        ascent: ASCENT,
        descent: ASCENT - 1,
        vertical: false,
      },
    },
    lang: "vi",
  };
}
