import { describe, expect, it } from "vitest";
import { note as fixture } from "../../test/fixtures";
import type { Note } from "../../lib/types";
import {
  anchorNotes,
  expectedPage,
  findKey,
  noteKey,
  pageMarks,
  placedNotes,
  shownPage,
  type LoadedTexts,
} from "./noteMarks";

const quote = { exact: "ngân sách", prefix: "dự toán ", suffix: " xã" };
const note = (id: number, change: Partial<Note> = {}): Note => ({
  ...fixture(id, "", quote),
  ...change,
});
const loaded = (pages: Record<number, string>): LoadedTexts =>
  new Map(
    Object.entries(pages).map(([n, text]) => [Number(n), { page: { text } }]),
  );

describe("expectedPage", () => {
  it("is the server's page, else the page it was made on in this version", () => {
    expect(expectedPage(note(1, { page: 3 }), 2)).toBe(3);
    expect(
      expectedPage(
        note(1, { page: null, made_on_version: 2, made_on_page: 4 }),
        2,
      ),
    ).toBe(4);
    expect(
      expectedPage(
        note(1, { page: null, made_on_version: 1, made_on_page: 4 }),
        2,
      ),
    ).toBeNull();
  });

  it("takes a null page (the note has no place in this version) as none", () => {
    const placeless = note(1, { made_on_version: 2, page: null });
    expect(expectedPage({ ...placeless, made_on_page: 4 }, 2)).toBe(4);
  });
});

describe("anchorNotes", () => {
  const text = "Về dự toán ngân sách xã năm 2027";
  const at = text.indexOf("ngân sách");

  it("finds a note's passage on its page", () => {
    const anchors = anchorNotes([note(1)], loaded({ 2: text }), 1);
    expect(anchors.get(1)).toEqual({ page: 2, start: at, end: at + 9 });
  });

  it("looks on the other pages loaded when the passage is not on its own", () => {
    const anchors = anchorNotes(
      [note(1)],
      loaded({ 1: "trang đầu", 2: "không có", 3: text }),
      1,
    );
    expect(anchors.get(1)).toEqual({ page: 3, start: at, end: at + 9 });
  });

  it("waits for the note's page to load, and leaves out notes nowhere", () => {
    expect(anchorNotes([note(1)], loaded({ 3: text }), 1).size).toBe(0);
    expect(anchorNotes([note(1)], undefined, 1).size).toBe(0);
    expect(
      anchorNotes(
        [note(1, { page: null, made_on_version: 9 })],
        loaded({ 2: text }),
        1,
      ).size,
    ).toBe(0);
  });

  it("tells which notes were found once their page is loaded", () => {
    const gone = { exact: "đã bỏ", prefix: "", suffix: "" };
    const notes = [
      note(1),
      note(2, { page: 1, quote: gone }),
      note(3, { page: 5 }),
    ];
    const texts = loaded({ 1: "khác", 2: text });
    const anchors = anchorNotes(notes, texts, 1);
    const placed = placedNotes(notes, texts, anchors, 1);
    expect([...placed]).toEqual([
      [1, true],
      [2, false],
    ]);
    // Shown where found, else where expected.
    expect(shownPage(notes[0]!, anchors, 1)).toBe(2);
    expect(shownPage(notes[2]!, anchors, 1)).toBe(5);
  });
});

describe("pageMarks", () => {
  const anchors = new Map([
    [1, { page: 2, start: 0, end: 4 }],
    [2, { page: 2, start: 6, end: 9 }],
    [3, { page: 3, start: 0, end: 2 }],
  ]);
  const notes = [
    note(1),
    note(2, { kind: "highlight" }),
    note(3),
    note(4), // not found: no mark
  ];
  const matches = [
    { page: 1, start: 0, end: 3 },
    { page: 2, start: 10, end: 12 },
    { page: 2, start: 20, end: 22 },
  ];

  it("paints the page's notes, highlights and find matches, the ones in focus apart", () => {
    expect(pageMarks(2, notes, anchors, 1, matches, 2)).toEqual([
      { key: noteKey(1), kind: "note-current", range: anchors.get(1) },
      { key: noteKey(2), kind: "highlight", range: anchors.get(2) },
      { key: findKey(1), kind: "find", range: matches[1] },
      { key: findKey(2), kind: "find-current", range: matches[2] },
    ]);
    expect(pageMarks(3, notes, anchors, null, matches, -1)).toEqual([
      { key: "note-3", kind: "note", range: anchors.get(3) },
    ]);
    expect(pageMarks(1, notes, anchors, null, matches, 0)).toEqual([
      { key: "find-0", kind: "find-current", range: matches[0] },
    ]);
  });
});
