import { describe, expect, it } from "vitest";
import vi from "./vi.json";
import en from "./en.json";
import { interpolate } from "./interpolate";

const placeholders = (s: string) =>
  [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("translations", () => {
  it("vi.json and en.json have the same keys", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
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
