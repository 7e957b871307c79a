import { describe, expect, it } from "vitest";
import { fitScale, nextZoom, Zoom, ZOOMS } from "./zoom.svelte";

describe("nextZoom", () => {
  it("steps to the next zoom either way, none past the ends", () => {
    expect(nextZoom(1, 1)).toBe(1.25);
    expect(nextZoom(1, -1)).toBe(0.75);
    // From a fitted scale between steps.
    expect(nextZoom(1.1, 1)).toBe(1.25);
    expect(nextZoom(1.1, -1)).toBe(1);
    expect(nextZoom(1.005, 1)).toBe(1.25);
    expect(nextZoom(ZOOMS.at(-1)!, 1)).toBeUndefined();
    expect(nextZoom(ZOOMS[0]!, -1)).toBeUndefined();
  });
});

describe("fitScale", () => {
  it("fits the widest page to the pane, within 25–400 %", () => {
    expect(fitScale(600, 932)).toBe(1.5);
    expect(fitScale(600, 100)).toBe(0.25);
    expect(fitScale(100, 2000)).toBe(4);
  });
});

describe("Zoom", () => {
  it("fits the width until stepped, and stays at the ends", () => {
    const zoom = new Zoom();
    zoom.fitWidth(632, [{ width: 300 }, { width: 600 }]);
    expect([zoom.scale, zoom.fit]).toEqual([1, true]);
    expect(zoom.step(1)).toBe(true);
    expect([zoom.scale, zoom.fit]).toEqual([1.25, false]);
    zoom.scale = 3;
    zoom.fit = true;
    expect(zoom.step(1)).toBe(false);
    expect([zoom.scale, zoom.fit]).toEqual([3, true]);
  });
});
