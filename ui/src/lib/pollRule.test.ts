import { describe, expect, it } from "vitest";
import {
  confidenceSentence,
  confidenceThresholds,
  electionSentence,
  previewRule,
  reached,
  optionSentence,
  ruleSentence,
  votesNeeded,
  RESOLUTION_RULE,
  TWO_THIRDS_RULE,
  type Words,
} from "./pollRule";
import { en, vi } from "../i18n/catalogs";
import { interpolate } from "../i18n/interpolate";
import type { MajorityRule } from "./types";

const words = (catalog: typeof vi, tag: string): Words => ({
  t: (key, params) => interpolate(catalog[key], params),
  num: (n) => new Intl.NumberFormat(tag).format(n),
});
const viWords = words(vi, "vi-VN");
const enWords = words(en as typeof vi, "en-GB");

const rule = (
  numerator: number,
  denominator: number,
  strict: boolean,
  base: MajorityRule["base"] = "total_seats",
): MajorityRule => ({ base, fraction: { numerator, denominator }, strict });

describe("votesNeeded", () => {
  it("more than half of 50 is 26, of 49 is 25, of 51 is 26", () => {
    expect(votesNeeded(RESOLUTION_RULE, 50)).toBe(26);
    expect(votesNeeded(RESOLUTION_RULE, 49)).toBe(25);
    expect(votesNeeded(RESOLUTION_RULE, 51)).toBe(26);
  });

  it("at least two thirds of 50 is 34, of 49 is 33, of 51 is 34", () => {
    expect(votesNeeded(TWO_THIRDS_RULE, 50)).toBe(34);
    expect(votesNeeded(TWO_THIRDS_RULE, 49)).toBe(33);
    expect(votesNeeded(TWO_THIRDS_RULE, 51)).toBe(34);
  });

  it("more than two thirds of 51 (34 exactly) is 35", () => {
    expect(votesNeeded(rule(2, 3, true), 51)).toBe(35);
    expect(votesNeeded(rule(2, 3, true), 50)).toBe(34);
  });

  it("at least half of 50 is 25", () => {
    expect(votesNeeded(rule(1, 2, false), 50)).toBe(25);
  });

  it("agrees with reached() at and around every threshold", () => {
    for (const r of [RESOLUTION_RULE, TWO_THIRDS_RULE, rule(3, 5, true)]) {
      for (let base = 1; base <= 60; base++) {
        const n = votesNeeded(r, base);
        expect(reached(r.fraction, r.strict, n, base), `${base}`).toBe(true);
        expect(reached(r.fraction, r.strict, n - 1, base), `${base}`).toBe(
          false,
        );
      }
    }
  });
});

describe("previewRule", () => {
  it("shows > half when the half is whole, ≥ needed when it is not", () => {
    expect(previewRule(RESOLUTION_RULE, 50, 40)).toMatchObject({
      comparator: ">",
      threshold: 25,
      baseCount: 50,
      needed: 26,
    });
    expect(previewRule(RESOLUTION_RULE, 49, 40)).toMatchObject({
      comparator: "≥",
      threshold: 25,
      baseCount: 49,
      needed: 25,
    });
  });

  it("counts on the delegates present when the rule says so", () => {
    expect(previewRule(rule(1, 2, true, "present"), 50, 41)).toMatchObject({
      baseCount: 41,
      comparator: "≥",
      threshold: 21,
      needed: 21,
    });
  });

  it("leaves the number open for ballots cast", () => {
    expect(previewRule(rule(1, 2, true, "ballots_cast"), 50, 41)).toMatchObject(
      { baseCount: null, threshold: null, needed: null },
    );
  });
});

describe("ruleSentence", () => {
  it("reads as the chair announces it", () => {
    expect(
      ruleSentence(previewRule(RESOLUTION_RULE, 50, 48), "Tán thành", viWords),
    ).toBe(
      "Cần > 25/50 phiếu tán thành (quá nửa tổng số đại biểu), tức tối thiểu 26 phiếu",
    );
    expect(
      ruleSentence(previewRule(TWO_THIRDS_RULE, 50, 48), "Đồng ý", viWords),
    ).toBe("Cần ≥ 34/50 phiếu đồng ý (ít nhất hai phần ba tổng số đại biểu)");
    expect(
      ruleSentence(previewRule(RESOLUTION_RULE, 49, 48), "Tán thành", viWords),
    ).toBe("Cần ≥ 25/49 phiếu tán thành (quá nửa tổng số đại biểu)");
  });

  it("counts votes for one option when the poll offers its own", () => {
    expect(optionSentence(previewRule(RESOLUTION_RULE, 50, 48), viWords)).toBe(
      "Cần > 25/50 phiếu cho một phương án (quá nửa tổng số đại biểu), tức tối thiểu 26 phiếu",
    );
  });

  it("names other fractions and bases", () => {
    expect(
      ruleSentence(
        previewRule(rule(3, 5, true, "present"), 50, 40),
        "Tán thành",
        viWords,
      ),
    ).toBe(
      "Cần > 24/40 phiếu tán thành (trên 3/5 số đại biểu có mặt), tức tối thiểu 25 phiếu",
    );
    expect(
      ruleSentence(
        previewRule(rule(1, 2, true, "ballots_cast"), 50, 40),
        "Tán thành",
        viWords,
      ),
    ).toBe(
      "Cần phiếu tán thành đạt quá nửa số đại biểu tham gia biểu quyết; số phiếu cần có được tính khi kết thúc biểu quyết",
    );
  });

  it("has an English reading", () => {
    expect(
      ruleSentence(previewRule(RESOLUTION_RULE, 50, 48), "Yes", enWords),
    ).toBe(
      "Needs > 25/50 “yes” votes (more than half of all delegates), i.e. at least 26",
    );
  });
});

describe("elections and confidence votes", () => {
  it("states the seats to fill", () => {
    expect(
      electionSentence(previewRule(RESOLUTION_RULE, 50, 50), 3, viWords),
    ).toBe(
      "Cần > 25/50 phiếu bầu (quá nửa tổng số đại biểu), tức tối thiểu 26 phiếu; bầu tối đa 3 người, lấy theo số phiếu từ cao xuống thấp",
    );
  });

  it("flags low confidence above half and from two thirds of all seats", () => {
    expect(confidenceThresholds(50)).toEqual({
      resignAbove: 26,
      noConfidenceFrom: 34,
    });
    expect(confidenceThresholds(49)).toEqual({
      resignAbove: 25,
      noConfidenceFrom: 33,
    });
    const sentence = confidenceSentence(50, viWords);
    expect(sentence).toContain("> 25/50 phiếu tín nhiệm thấp");
    expect(sentence).toContain("từ 34/50 phiếu tín nhiệm thấp trở lên");
    expect(confidenceSentence(49, viWords)).toContain("≥ 25/49");
  });
});
