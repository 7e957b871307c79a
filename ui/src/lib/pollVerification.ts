/**
 * A closed secret poll's verification record (`GET /api/polls/{id}/verification`):
 * the ciphertexts, totals and proofs anyone can re-check with `kyhop poll verify`.
 * The result names the record by its SHA-256.
 */
import type { Poll, PollKind } from "./types";

/** Kinds whose ballots are secret, and so counted with a verification record. */
const SECRET_KINDS: ReadonlySet<PollKind> = new Set([
  "secret",
  "confidence",
  "election",
]);

/** Hex digits of the hash shown on screen. */
export const SHOWN_HASH_DIGITS = 16;

/** The record's SHA-256 when the poll has one to show, else null. */
export function verificationHash(
  poll: Pick<Poll, "kind" | "state" | "result">,
): string | null {
  if (poll.state !== "closed" || !SECRET_KINDS.has(poll.kind)) return null;
  const hash = poll.result?.verification_sha256;
  return hash ? hash : null;
}

/** The first hex digits, enough to compare by eye with a printed copy. */
export function shortHash(hash: string): string {
  return hash.slice(0, SHOWN_HASH_DIGITS);
}

export function verificationPath(pollId: number): string {
  return `/api/polls/${pollId}/verification`;
}

export function verificationFileName(pollId: number): string {
  return `poll-${pollId}-verification.json`;
}
