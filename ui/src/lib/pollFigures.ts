/**
 * What a poll shows of its rule and attendance once it has opened: the
 * server's own figures and sentence, fixed at the opening ("results exactly
 * as announced"). Nothing here counts or divides: the server decides the
 * delegates present (`present_at_open`), the votes needed and the sentence
 * the chair reads out (`threshold.text`).
 *
 * The estimate in pollRule.ts (from the current attendance) is for drafts
 * and new polls only: the server fixes the base when the poll opens.
 */
import type { Poll } from "./types";

/** Open or closed: the poll's figures are the server's, fixed at the opening. */
function announced(poll: Poll): boolean {
  return poll.state === "open" || poll.state === "closed";
}

/** Whether the rule is still only an estimate (a draft, not yet opened). */
export function showsEstimate(poll: Poll): boolean {
  return poll.state === "draft";
}

/**
 * The sentence the chair reads out for an open or closed poll, e.g. "Cần
 * quá nửa tổng số đại biểu: từ 26/50 phiếu tán thành trở lên." Null for a
 * confidence vote (its thresholds are the law's, per official), a draft, an
 * annulled poll, or one opened before the server kept it.
 */
export function announcedThreshold(poll: Poll): string | null {
  return announced(poll) ? (poll.threshold?.text ?? null) : null;
}

/** The threshold sentence while the poll is open (ballot panel, chamber). */
export function openThreshold(poll: Poll): string | null {
  return poll.state === "open" ? announcedThreshold(poll) : null;
}

/**
 * Delegates counted present when an open or closed poll opened. Null for a
 * draft, an annulled poll, or one opened before the server kept the count.
 */
export function presentAtOpen(poll: Poll): number | null {
  return announced(poll) ? poll.present_at_open : null;
}

/**
 * Who may vote in an open poll, for "cast / of": the delegates present at
 * the opening (a delegate checking in later does not vote in it). The
 * current attendance only for a poll opened before the server kept it.
 */
export function eligibleVoters(poll: Poll, presentNow: number): number {
  return presentAtOpen(poll) ?? presentNow;
}
