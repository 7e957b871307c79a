/**
 * A poll's rule (base, fraction, strict) read out before the poll opens:
 * "Cần > 25/50 phiếu tán thành (quá nửa tổng số đại biểu)".
 *
 * The count needed is computed exactly as the server counts it
 * (`votes_needed` in src/domain/poll.rs): integers only, so "more than half
 * of 50" is 26, never 25.000001. The words come from the translation
 * catalogs; this module only decides which words and which numbers.
 */
import type { MessageKey } from "../i18n/catalogs";
import type { Params } from "../i18n/interpolate";
import type { Fraction, MajorityRule } from "./types";

/** The smallest count that meets `rule` against `base` (as the server). */
export function votesNeeded(rule: MajorityRule, base: number): number {
  const num = base * rule.fraction.numerator;
  const den = rule.fraction.denominator;
  return rule.strict ? Math.floor(num / den) + 1 : Math.ceil(num / den);
}

/** Whether `count` of `base` meets the rule (as the server's `reached`). */
export function reached(
  fraction: Fraction,
  strict: boolean,
  count: number,
  base: number,
): boolean {
  const lhs = count * fraction.denominator;
  const rhs = base * fraction.numerator;
  return strict ? lhs > rhs : lhs >= rhs;
}

/** The fraction in words: a key of the catalogs' `pollRule.fraction.*`. */
export type FractionWords =
  | { kind: "half" }
  | { kind: "twoThirds" }
  | { kind: "other"; numerator: number; denominator: number };

export function fractionWords(f: Fraction): FractionWords {
  // 2/4 is a half too: compare by value, exactly.
  if (f.numerator * 2 === f.denominator) return { kind: "half" };
  if (f.numerator * 3 === f.denominator * 2) return { kind: "twoThirds" };
  return { kind: "other", numerator: f.numerator, denominator: f.denominator };
}

/**
 * What the preview says for a rule and the numbers known before the poll
 * opens. `base` is null when it is only known at the close (ballots cast).
 *
 * - `comparator` ">" with `threshold` = base × fraction when that is a whole
 *   number ("> 25/50"), else "≥" with `needed` ("≥ 25/49"): "> 24,5" would
 *   read oddly in the chamber, and ≥ 25 means the same.
 */
export interface RulePreview {
  base: MajorityRule["base"];
  strict: boolean;
  fraction: FractionWords;
  /** The number counted against; null for ballots cast (unknown yet). */
  baseCount: number | null;
  comparator: ">" | "≥";
  /** The number after the comparator (null when the base is unknown). */
  threshold: number | null;
  /** Fewest votes that meet the rule (null when the base is unknown). */
  needed: number | null;
}

export function previewRule(
  rule: MajorityRule,
  seats: number,
  present: number,
): RulePreview {
  const baseCount =
    rule.base === "total_seats"
      ? seats
      : rule.base === "present"
        ? present
        : null;
  const fraction = fractionWords(rule.fraction);
  if (baseCount === null) {
    return {
      base: rule.base,
      strict: rule.strict,
      fraction,
      baseCount,
      comparator: rule.strict ? ">" : "≥",
      threshold: null,
      needed: null,
    };
  }
  const needed = votesNeeded(rule, baseCount);
  const exact =
    (baseCount * rule.fraction.numerator) % rule.fraction.denominator === 0;
  const strictExact = rule.strict && exact;
  return {
    base: rule.base,
    strict: rule.strict,
    fraction,
    baseCount,
    comparator: strictExact ? ">" : "≥",
    threshold: strictExact
      ? (baseCount * rule.fraction.numerator) / rule.fraction.denominator
      : needed,
    needed,
  };
}

/** The council's default, more than half of all seats. */
export const RESOLUTION_RULE: MajorityRule = {
  base: "total_seats",
  fraction: { numerator: 1, denominator: 2 },
  strict: true,
};

/** Dismissal (bãi nhiệm): at least two thirds of all seats. */
export const TWO_THIRDS_RULE: MajorityRule = {
  base: "total_seats",
  fraction: { numerator: 2, denominator: 3 },
  strict: false,
};

/**
 * Confidence votes (Nghị quyết 96/2023/QH15): the two thresholds on
 * "tín nhiệm thấp", counted on all seats whatever the poll's rule.
 */
export function confidenceThresholds(seats: number): {
  resignAbove: number;
  noConfidenceFrom: number;
} {
  return {
    resignAbove: votesNeeded(RESOLUTION_RULE, seats),
    noConfidenceFrom: votesNeeded(TWO_THIRDS_RULE, seats),
  };
}

/* In words. */

export interface Words {
  t: (key: MessageKey, params?: Params) => string;
  /** A number in the user's locale (Vietnamese decimal comma). */
  num: (value: number) => string;
}

const BASE_KEYS: Record<MajorityRule["base"], MessageKey> = {
  total_seats: "polls.base.total_seats",
  present: "polls.base.present",
  ballots_cast: "polls.base.ballots_cast",
};

/** "quá nửa tổng số đại biểu", "ít nhất hai phần ba số đại biểu có mặt", … */
export function ruleWords(p: RulePreview, w: Words): string {
  const f = p.fraction;
  const mode = p.strict ? "strict" : "inclusive";
  const fraction =
    f.kind === "other"
      ? w.t(`polls.fraction.other.${mode}`, {
          fraction: `${f.numerator}/${f.denominator}`,
        })
      : w.t(`polls.fraction.${f.kind}.${mode}`);
  return w.t("polls.rule.words", { fraction, base: w.t(BASE_KEYS[p.base]) });
}

/**
 * The sentence shown before a yes/no poll opens:
 * "Cần > 25/50 phiếu tán thành (quá nửa tổng số đại biểu); tối thiểu 26 phiếu."
 */
export function ruleSentence(
  p: RulePreview,
  yesLabel: string,
  w: Words,
): string {
  const what = w.t("polls.rule.yesVotes", {
    label: yesLabel.toLocaleLowerCase("vi"),
  });
  return countedSentence(p, what, w);
}

/** A poll of the council's own options: the chosen one needs this many votes. */
export function optionSentence(p: RulePreview, w: Words): string {
  return countedSentence(p, w.t("polls.alternatives.votes"), w);
}

/** An election's rule: each elected candidate needs this many votes. */
export function electionSentence(
  p: RulePreview,
  seats: number,
  w: Words,
): string {
  return w.t("polls.rule.election", {
    rule: countedSentence(p, w.t("polls.rule.candidateVotes"), w),
    seats: w.num(seats),
  });
}

function countedSentence(p: RulePreview, what: string, w: Words): string {
  const words = ruleWords(p, w);
  if (p.threshold === null || p.baseCount === null || p.needed === null) {
    return w.t("polls.rule.unknownBase", { what, words });
  }
  const sentence = w.t("polls.rule.sentence", {
    comparator: p.comparator,
    threshold: w.num(p.threshold),
    base: w.num(p.baseCount),
    what,
    words,
  });
  return p.comparator === ">"
    ? w.t("polls.rule.withMinimum", { sentence, needed: w.num(p.needed) })
    : sentence;
}

/** What the result of a confidence vote will flag, in words. */
export function confidenceSentence(seats: number, w: Words): string {
  const half = previewRule(RESOLUTION_RULE, seats, 0);
  const two = previewRule(TWO_THIRDS_RULE, seats, 0);
  return w.t("polls.rule.confidence", {
    halfComparator: half.comparator,
    half: w.num(half.threshold ?? 0),
    twoThirds: w.num(two.threshold ?? 0),
    seats: w.num(seats),
  });
}
