import { describe, expect, it } from "vitest";
import type { TextItem } from "pdfjs-dist/types/src/display/api";
import { pageText } from "../../lib/anchoring";
import { ocrTextContent, OCR_FONT } from "./ocrText";

const page = {
  page: 1,
  confidence: 93.5,
  lines: [
    { text: "HỘI ĐỒNG NHÂN DÂN", bbox: [0.1, 0.05, 0.5, 0.07] },
    { text: "xã Đồng Xuân", bbox: [0.1, 0.5, 0.3, 0.52] },
  ],
};

describe("ocrTextContent", () => {
  it("places each line on its box in the page's coordinates", () => {
    // A4 in points, with an origin that is not zero.
    const content = ocrTextContent(page, [0, 10, 600, 1010]);
    const items = content.items as TextItem[];
    expect(items).toHaveLength(2);
    const second = items[1]!;
    expect(second.str).toBe("xã Đồng Xuân");
    expect(second.fontName).toBe(OCR_FONT);
    const [size, , , , x, y] = second.transform as number[];
    expect(size).toBeCloseTo(20); // 2 % of 1000 units
    expect(x).toBeCloseTo(60);
    // Baseline: the box's bottom (1010 − 520) lifted by the descent.
    expect(y).toBeCloseTo(490 + 0.2 * 20);
    expect(second.width).toBeCloseTo(120);
    expect(content.styles[OCR_FONT]?.ascent).toBeCloseTo(0.8);
  });

  it("gives the lines as the page text the server anchors notes in", () => {
    const items = ocrTextContent(page, [0, 0, 595, 842]).items as TextItem[];
    expect(pageText(items).text).toBe("HỘI ĐỒNG NHÂN DÂN\nxã Đồng Xuân");
  });
});
