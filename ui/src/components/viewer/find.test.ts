import { afterEach, describe, expect, it, vi } from "vitest";
import {
  DocumentFind,
  FIND_DELAY,
  firstMatchFrom,
  matchesIn,
} from "./find.svelte";

const pages = ["Ngân sách xã", "không có", "dự toán ngân  sách; NGÂN SÁCH"].map(
  (text) => ({ page: { text } }),
);

describe("matchesIn", () => {
  it("finds every match on every page, folding case, diacritics and spacing", () => {
    expect(matchesIn(pages, "ngan sach")).toEqual([
      { page: 1, start: 0, end: 9 },
      { page: 3, start: 8, end: 18 },
      { page: 3, start: 20, end: 29 },
    ]);
    expect(matchesIn(pages, "zzz")).toEqual([]);
  });
});

describe("firstMatchFrom", () => {
  const matches = matchesIn(pages, "ngan sach");
  it("takes the first match from the page on, else the first", () => {
    expect(firstMatchFrom(matches, 1)).toBe(0);
    expect(firstMatchFrom(matches, 2)).toBe(1);
    expect(firstMatchFrom(matches, 4)).toBe(0);
    expect(firstMatchFrom([], 1)).toBe(-1);
  });
});

describe("DocumentFind", () => {
  afterEach(() => void vi.useRealTimers());

  function setUp(current = 1) {
    const revealed: [number, string][] = [];
    const find = new DocumentFind(
      () => ({ all: async () => pages }),
      () => current,
      (page, key) => revealed.push([page, key]),
    );
    return { find, revealed };
  }

  const key = (key: string, shiftKey = false) =>
    ({ key, shiftKey, preventDefault: vi.fn() }) as unknown as KeyboardEvent;

  it("finds from the page being read and shows the match", async () => {
    const { find, revealed } = setUp(2);
    find.query = "ngan sach";
    await find.run();
    expect([find.matches.length, find.at, find.searched]).toEqual([3, 1, true]);
    expect(find.currentMatch).toEqual({ page: 3, start: 8, end: 18 });
    expect(revealed).toEqual([[3, "find-1"]]);
  });

  it("steps round the matches, and Enter / Shift+Enter step too", async () => {
    const { find, revealed } = setUp();
    find.query = "ngan sach";
    await find.run();
    find.step(-1);
    expect(find.at).toBe(2);
    find.step(1);
    expect(find.at).toBe(0);
    const enter = key("Enter");
    find.onKey(enter);
    expect(enter.preventDefault).toHaveBeenCalled();
    expect(find.at).toBe(1);
    find.onKey(key("Enter", true));
    expect(find.at).toBe(0);
    expect(revealed.map(([, k]) => k)).toEqual([
      "find-0",
      "find-2",
      "find-0",
      "find-1",
      "find-0",
    ]);
  });

  it("runs on Enter when the words were not sought yet; Escape clears", async () => {
    const { find } = setUp();
    find.query = "ngan sach";
    find.onKey(key("Enter"));
    await vi.waitFor(() => expect(find.searched).toBe(true));
    expect(find.at).toBe(0);
    find.onKey(key("Escape"));
    await vi.waitFor(() => expect(find.searched).toBe(false));
    expect([find.query, find.matches, find.at]).toEqual(["", [], -1]);
  });

  it("finds once typing pauses", async () => {
    vi.useFakeTimers();
    const { find } = setUp();
    find.query = "ngan";
    find.typed();
    find.query = "ngan sach";
    find.typed();
    await vi.advanceTimersByTimeAsync(FIND_DELAY - 1);
    expect(find.searched).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect([find.searched, find.matches.length]).toEqual([true, 3]);
  });

  it("keeps no result of words typed over meanwhile, and nothing before the text", async () => {
    const { find } = setUp();
    find.query = "ngan sach";
    const running = find.run();
    find.query = "xa";
    await running;
    expect(find.searched).toBe(false);
    const none = new DocumentFind(
      () => null,
      () => 1,
      () => {},
    );
    none.query = "ngan";
    await none.run();
    expect(none.searched).toBe(false);
    none.step(1);
    expect(none.at).toBe(-1);
  });
});
