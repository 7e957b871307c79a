import { describe, expect, it } from "vitest";
import { parseAlternatives } from "./pollAlternatives";

describe("parseAlternatives", () => {
  it("takes one option per line, tidied, blank lines left out", () => {
    expect(
      parseAlternatives("  Phương án 1:  mở rộng \n\nPhương án 2: xây mới\n"),
    ).toEqual({
      ok: true,
      labels: ["Phương án 1: mở rộng", "Phương án 2: xây mới"],
    });
  });

  it("refuses one option, more than twenty, an over-long one", () => {
    expect(parseAlternatives("Phương án 1")).toMatchObject({
      ok: false,
      key: "polls.error.alternativesFew",
    });
    const many = Array.from({ length: 21 }, (_, i) => `Phương án ${i + 1}`);
    expect(parseAlternatives(many.join("\n"))).toMatchObject({
      ok: false,
      key: "polls.error.alternativesMany",
    });
    expect(parseAlternatives(`A\n${"x".repeat(301)}`)).toMatchObject({
      ok: false,
      key: "polls.error.alternativeLong",
    });
  });

  it("refuses the same option twice, in another case or without accents", () => {
    expect(parseAlternatives("Phương án 1\nphuong an 1")).toEqual({
      ok: false,
      key: "polls.error.alternativeTwice",
      params: { label: "phuong an 1" },
    });
  });
});
