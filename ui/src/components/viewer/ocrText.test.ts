import { describe, expect, it } from "vitest";
import type { TextItem } from "pdfjs-dist/types/src/display/api";
import { pageText } from "../../lib/anchoring";
import { ocrTextContent, OCR_FONT } from "./ocrText";

const page = {
  page: 1,
  confidence: 93.5,
  lines: [
    { text: "HỘI ĐỒNG NHÂN DÂN", bbox: [0.1, 0.05, 0.5, 0.07], words: [] },
    {
      text: "xã Đồng Xuân",
      bbox: [0.1, 0.5, 0.3, 0.52],
      words: [
        [0.1, 0.14],
        [0.16, 0.22],
        [0.24, 0.3],
      ],
    },
  ],
};

describe("ocrTextContent", () => {
  it("places each word where the scan has it", () => {
    // A4 in points, with an origin that is not zero.
    const content = ocrTextContent(page, [0, 10, 600, 1010]);
    const items = content.items as TextItem[];
    // A line without word boxes is one item; the other, one per word.
    expect(items.map((i) => i.str)).toEqual([
      "HỘI ĐỒNG NHÂN DÂN",
      "xã ",
      "Đồng ",
      "Xuân",
    ]);
    const dong = items[2]!;
    expect(dong.fontName).toBe(OCR_FONT);
    const [size, , , , x, y] = dong.transform as number[];
    expect(size).toBeCloseTo(20); // 2 % of 1000 units
    expect(x).toBeCloseTo(96); // 0.16 of 600
    // Baseline: the box's bottom (1010 − 520) lifted by the descent.
    expect(y).toBeCloseTo(490 + 0.2 * 20);
    // As wide as the gap to the next word, its space included.
    expect(dong.width).toBeCloseTo(48);
    expect(items[3]!.width).toBeCloseTo(36);
    expect(items.map((i) => i.hasEOL)).toEqual([true, false, false, false]);
    expect(content.styles[OCR_FONT]?.ascent).toBeCloseTo(0.8);
  });

  it("gives the lines as the page text the server anchors notes in", () => {
    const items = ocrTextContent(page, [0, 0, 595, 842]).items as TextItem[];
    expect(pageText(items).text).toBe("HỘI ĐỒNG NHÂN DÂN\nxã Đồng Xuân");
  });
});
