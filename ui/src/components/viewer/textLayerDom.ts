/**
 * Between the DOM of a pdf.js text layer (one span per text item) and the
 * page text of anchoring.ts: a selection's ends as page-text offsets, and a
 * page-text range as rectangles to paint.
 */
import {
  piecesOf,
  type PageText,
  type TextPiece,
  type TextRange,
} from "../../lib/anchoring";

export interface Layer {
  /** The text layer's spans, item by item (pdf.js TextLayer.textDivs). */
  divs: readonly HTMLElement[];
  pieces: readonly TextPiece[];
  page: PageText;
}

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The page-text offset of a DOM point (a selection's end) in the layer. */
export function offsetOf(
  layer: Layer,
  node: Node,
  offset: number,
): number | null {
  const element = node instanceof Element ? node : node.parentElement;
  if (!element) return null;
  const span = element.closest("span:not(.markedContent)");
  const index = span ? layer.divs.indexOf(span as HTMLElement) : -1;
  if (index >= 0) {
    const start = layer.page.starts[index] ?? 0;
    const length = layer.pieces[index]?.str.length ?? 0;
    if (node.nodeType === Node.TEXT_NODE)
      return start + Math.min(offset, length);
    return start + (offset > 0 ? length : 0);
  }
  // A point between spans (on the layer itself, or a line break): the start
  // of the next span that follows it in the document.
  const child = node.childNodes[offset] ?? null;
  const probe = child ?? node;
  for (let i = 0; i < layer.divs.length; i++) {
    const div = layer.divs[i]!;
    const position = probe.compareDocumentPosition(div);
    const after =
      child === null
        ? (position & Node.DOCUMENT_POSITION_FOLLOWING) !== 0 &&
          (position & Node.DOCUMENT_POSITION_CONTAINED_BY) === 0
        : div === child || (position & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
    if (after) return layer.page.starts[i] ?? 0;
  }
  return layer.page.text.length;
}

/** Rectangles covering `range`, relative to `origin` (the page's box). */
export function rectsOf(
  layer: Layer,
  range: TextRange,
  origin: DOMRect,
): Rect[] {
  const out: Rect[] = [];
  const dom = document.createRange();
  for (const [i, from, to] of piecesOf(layer.page, layer.pieces, range)) {
    const text = layer.divs[i]?.firstChild;
    if (!text || text.nodeType !== Node.TEXT_NODE) continue;
    const length = text.textContent?.length ?? 0;
    dom.setStart(text, Math.min(from, length));
    dom.setEnd(text, Math.min(to, length));
    for (const r of dom.getClientRects()) {
      if (r.width < 0.5 || r.height < 0.5) continue;
      out.push({
        left: r.left - origin.left,
        top: r.top - origin.top,
        width: r.width,
        height: r.height,
      });
    }
  }
  return out;
}
