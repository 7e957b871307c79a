import { describe, expect, it } from "vitest";
import { passageOf, type Passage } from "./selection.svelte";

describe("passageOf", () => {
  const loaded = new Map([
    [2, { page: { text: "Về dự toán ngân sách xã năm 2027" } }],
  ]);
  const match = { page: 2, start: 11, end: 20 };

  it("is the selection when there is one", () => {
    const selected: Passage = {
      page: 1,
      quote: { exact: "a", prefix: "", suffix: "" },
    };
    expect(passageOf(selected, match, loaded)).toBe(selected);
  });

  it("else quotes the find match in focus, once its page is loaded", () => {
    expect(passageOf(null, match, loaded)).toEqual({
      page: 2,
      quote: {
        exact: "ngân sách",
        prefix: "Về dự toán ",
        suffix: " xã năm 2027",
      },
    });
    expect(passageOf(null, { ...match, page: 3 }, loaded)).toBeNull();
    expect(passageOf(null, undefined, loaded)).toBeNull();
  });
});
