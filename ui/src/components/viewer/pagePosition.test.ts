import { describe, expect, it } from "vitest";
import {
  clampPage,
  PagePosition,
  pageAtLine,
  typedPage,
} from "./pagePosition.svelte";

describe("pages", () => {
  it("rounds a page into the document", () => {
    expect(clampPage(0, 5)).toBe(1);
    expect(clampPage(2.6, 5)).toBe(3);
    expect(clampPage(9, 5)).toBe(5);
  });

  it("takes a typed page only when it is one of the document's", () => {
    expect(typedPage("3", 5)).toBe(3);
    expect(typedPage("0", 5)).toBeNull();
    expect(typedPage("6", 5)).toBeNull();
    expect(typedPage("2.5", 5)).toBeNull();
    expect(typedPage("ba", 5)).toBeNull();
  });

  it("reads the page whose top is last above the line", () => {
    const tops = [0, 1000, 2000].map((top, i) => ({ page: i + 1, top }));
    expect(pageAtLine(tops, 0)).toBe(1);
    expect(pageAtLine(tops, 999)).toBe(1);
    expect(pageAtLine(tops, 1000)).toBe(2);
    expect(pageAtLine(tops, 5000)).toBe(3);
    expect(pageAtLine([], 10)).toBe(1);
  });

  it("keeps the field on the current page", () => {
    const position = new PagePosition();
    position.moveTo(4);
    expect([position.current, position.input]).toEqual([4, "4"]);
    position.input = "12";
    position.scrolledTo(4); // the same page: what is typed stays
    expect(position.input).toBe("12");
    position.resetInput();
    expect(position.input).toBe("4");
    position.input = "12";
    position.scrolledTo(5);
    expect([position.current, position.input]).toEqual([5, "5"]);
  });
});
