import { describe, expect, it } from "vitest";
import { en, parts, vi } from "./catalogs";
import { interpolate } from "./interpolate";

const placeholders = (s: string) =>
  [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("translations", () => {
  it("each part has the same keys in Vietnamese and English", () => {
    for (const [name, part] of Object.entries(parts)) {
      expect(Object.keys(part.en).sort(), name).toEqual(
        Object.keys(part.vi).sort(),
      );
    }
  });

  it("no key stands in two parts", () => {
    const seen = new Map<string, string>();
    for (const [name, part] of Object.entries(parts)) {
      for (const key of Object.keys(part.vi)) {
        expect(seen.get(key), `${key} in ${name}`).toBeUndefined();
        seen.set(key, name);
      }
    }
  });

  it("have no empty messages", () => {
    for (const catalog of [vi, en]) {
      for (const [key, value] of Object.entries(catalog)) {
        expect(value.trim(), key).not.toBe("");
      }
    }
  });

  it("use the same placeholders in both languages", () => {
    for (const key of Object.keys(vi) as (keyof typeof vi)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(vi[key]));
    }
  });
});

describe("interpolate", () => {
  it("fills named placeholders and leaves unknown ones", () => {
    expect(interpolate("{a} of {b} ({c})", { a: 1, b: "two" })).toBe(
      "1 of two ({c})",
    );
  });
  it("returns the template without params", () => {
    expect(interpolate("x {y}")).toBe("x {y}");
  });
});

describe("dates and times on screen", () => {
  it("are Vietnam's, whatever zone the laptop is set to", async () => {
    // The tests run in New York's zone (package.json): twelve hours away.
    expect(new Date("2027-03-02T01:30:00Z").getHours()).toBe(20);
    const { formatDate, formatTime } = await import("./i18n.svelte");
    expect(formatTime("2027-03-02T01:30:00Z")).toBe("08:30");
    expect(
      formatDate("2027-03-01T20:00:00Z", {
        day: "2-digit",
        month: "2-digit",
        year: "numeric",
      }),
    ).toBe("02/03/2027");
  });
});
