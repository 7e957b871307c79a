/**
 * How early a document reached the delegates, against the council's lead
 * time (documents are due several days before the session; late documents
 * are the most common complaint about council sessions). The server
 * computes `days_before_session` and `late`; this words them.
 */
import type { SessionDocument } from "./types";

export type LeadTime =
  /** Published at least the lead time before the session. */
  | { kind: "on_time"; days: number }
  /** Published, but later than the lead time allows. */
  | { kind: "late"; days: number }
  /** Published on or after the session's first day. */
  | { kind: "during"; daysAfter: number }
  /** Not published yet, still in time. */
  | { kind: "pending" }
  /** Not published yet, and already too late for the lead time. */
  | { kind: "pending_late" };

export function leadTime(
  doc: Pick<SessionDocument, "published_at" | "days_before_session" | "late">,
): LeadTime {
  if (!doc.published_at)
    return doc.late ? { kind: "pending_late" } : { kind: "pending" };
  const days = doc.days_before_session ?? 0;
  if (days <= 0) return { kind: "during", daysAfter: -days };
  return doc.late ? { kind: "late", days } : { kind: "on_time", days };
}

/** How many documents are, or will be, late. */
export function lateCount(
  docs: readonly Pick<SessionDocument, "late">[],
): number {
  return docs.filter((d) => d.late).length;
}

/** Of a read-receipts answer: how many of the audience opened it. */
export function readShare(receipts: {
  opened: readonly unknown[];
  not_opened: readonly unknown[];
}): { opened: number; audience: number } {
  return {
    opened: receipts.opened.length,
    audience: receipts.opened.length + receipts.not_opened.length,
  };
}
