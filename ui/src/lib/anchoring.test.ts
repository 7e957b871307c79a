import { describe, expect, it } from "vitest";
import {
  findAll,
  locate,
  pageText,
  piecesOf,
  quoteOf,
  type TextPiece,
} from "./anchoring";

const pieces: TextPiece[] = [
  { str: "Chi đầu tư phát triển ưu", hasEOL: true },
  { str: "tiên giáo dục, " },
  { str: "ngân sách xã", hasEOL: true },
  { str: "Dự toán ngân sách thành phố." },
];

describe("pageText", () => {
  it("joins the items with a line break after each line", () => {
    const page = pageText(pieces);
    expect(page.text).toBe(
      "Chi đầu tư phát triển ưu\ntiên giáo dục, ngân sách xã\nDự toán ngân sách thành phố.",
    );
    expect(page.starts).toEqual([0, 25, 40, 53]);
  });

  it("maps a range back to the items it covers, skipping line breaks", () => {
    const page = pageText(pieces);
    const start = page.text.indexOf("ưu");
    const end = page.text.indexOf("giáo") + 4;
    expect(piecesOf(page, pieces, { start, end })).toEqual([
      [0, 22, 24],
      [1, 0, 9],
    ]);
  });
});

describe("findAll", () => {
  it("ignores case, diacritics, đ and spacing", () => {
    const { text } = pageText(pieces);
    const hits = findAll(text, "NGAN SACH");
    expect(hits.map((r) => text.slice(r.start, r.end))).toEqual([
      "ngân sách",
      "ngân sách",
    ]);
    expect(findAll(text, "du toan").length).toBe(1);
    expect(findAll(text, "dau tu").length).toBe(1);
    // Across a line break: "ưu\ntiên" matches "uu tien".
    const across = findAll(text, "uu tien");
    expect(across.length).toBe(1);
    expect(text.slice(across[0]!.start, across[0]!.end)).toBe("ưu\ntiên");
  });

  it("finds nothing for an empty query and handles decomposed text", () => {
    expect(findAll("abc", "  ")).toEqual([]);
    const nfd = "Ngân sách".normalize("NFD");
    const [hit] = findAll(nfd, "ngan");
    expect(nfd.slice(hit!.start, hit!.end).normalize("NFC")).toBe("Ngân");
  });
});

describe("locate", () => {
  const { text } = pageText(pieces);

  it("follows a passage across line breaks", () => {
    const r = locate(text, {
      exact: "phát triển ưu tiên giáo dục",
      prefix: "",
      suffix: "",
    });
    expect(r && text.slice(r.start, r.end)).toBe(
      "phát triển ưu\ntiên giáo dục",
    );
  });

  it("uses the context to pick the right occurrence", () => {
    const second = locate(text, {
      exact: "ngân sách",
      prefix: "Dự toán ",
      suffix: " thành phố",
    });
    expect(second?.start).toBe(text.lastIndexOf("ngân sách"));
    const first = locate(text, {
      exact: "ngân sách",
      prefix: "giáo dục, ",
      suffix: " xã",
    });
    expect(first?.start).toBe(text.indexOf("ngân sách"));
  });

  it("takes an absent prefix or suffix as empty (the API may leave them out)", () => {
    const r = locate(text, { exact: "ngân sách" });
    expect(r?.start).toBe(text.indexOf("ngân sách"));
  });

  it("falls back to folded letters, and gives up when the passage is gone", () => {
    const r = locate(text, { exact: "NGÂN SÁCH XÃ", prefix: "", suffix: "" });
    expect(r && text.slice(r.start, r.end)).toBe("ngân sách xã");
    expect(locate(text, { exact: "Căn cứ Luật", prefix: "", suffix: "" })).toBe(
      null,
    );
  });

  it("finds a quote it made itself in a new version of the page", () => {
    const v1 = pageText(pieces).text;
    const at = v1.lastIndexOf("ngân sách");
    const quote = quoteOf(v1, { start: at, end: at + "ngân sách".length });
    expect(quote).toEqual({
      exact: "ngân sách",
      prefix: " ưu tiên giáo dục, ngân sách xã Dự toán ",
      suffix: " thành phố.",
    });
    // Version 2: a paragraph added before, lines broken elsewhere.
    const v2 =
      "Ngân sách năm 2025.\nChi đầu tư phát triển ưu tiên giáo dục, ngân\nsách xã Dự toán ngân sách\nthành phố.";
    const r = locate(v2, quote!);
    expect(r?.start).toBe(v2.lastIndexOf("ngân sách"));
  });
});

describe("quoteOf", () => {
  it("puts the passage on one line and trims the context to the API's limits", () => {
    const text = "a".repeat(300) + "x\ny" + "b".repeat(300);
    const q = quoteOf(text, { start: 300, end: 303 }, 250);
    expect(q?.exact).toBe("x y");
    expect(q?.prefix.length).toBe(200);
    expect(q?.suffix.length).toBe(200);
    expect(quoteOf(text, { start: 301, end: 302 })).toBe(null);
  });
});
