import { describe, expect, it } from "vitest";
import { recognitionLine } from "./recognition";
import type { Recognition } from "./types";

const recognition = (over: Partial<Recognition>): Recognition => ({
  state: "queued",
  pages_total: 20,
  pages_done: 0,
  pages_failed: 0,
  reason: null,
  ...over,
});

describe("recognitionLine", () => {
  it("says nothing for a file with text on every page", () => {
    expect(recognitionLine(null, 0)).toBeNull();
  });

  it("shows progress and a way to stop while pages are read", () => {
    const line = recognitionLine(
      recognition({ state: "running", pages_done: 7 }),
      13,
    );
    expect(line?.key).toBe("filing.ocr.running");
    expect(line?.progress).toEqual({ done: 7, total: 20 });
    expect(line?.cancellable).toBe(true);
    expect(recognitionLine(recognition({}), 20)?.cancellable).toBe(true);
  });

  it("warns when pages stay unsearchable", () => {
    const done = recognitionLine(
      recognition({ state: "done", pages_done: 20, pages_failed: 2 }),
      2,
    );
    expect(done).toMatchObject({
      key: "filing.ocr.doneFailed",
      warn: true,
      cancellable: false,
      params: { failed: 2, total: 20 },
    });
    expect(
      recognitionLine(recognition({ state: "done", pages_done: 20 }), 0)?.warn,
    ).toBe(false);
    // Read, but a page had no text to find: said, with how many.
    expect(
      recognitionLine(recognition({ state: "done", pages_done: 20 }), 3),
    ).toMatchObject({
      key: "filing.ocr.doneBlank",
      warn: true,
      params: { blank: 3 },
    });
    for (const state of ["cancelled", "unavailable"] as const)
      expect(recognitionLine(recognition({ state }), 20)?.warn).toBe(true);
  });
});
