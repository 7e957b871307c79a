/**
 * Sending checked import rows one at a time and keeping each row's answer:
 * the API creates one person per request, so a failure stops nothing but
 * its own row, and the secretary sees which rows went in.
 */
import { ApiError } from "./api";

export type RowOutcome =
  | { state: "waiting" }
  | { state: "sending" }
  | { state: "created"; id: number }
  | { state: "failed"; error: unknown };

export async function sendRows<R, P extends { id: number }>(
  rows: readonly R[],
  create: (row: R) => Promise<P>,
  report: (index: number, outcome: RowOutcome) => void,
  signal?: AbortSignal,
): Promise<{ created: number; failed: number }> {
  rows.forEach((_, i) => report(i, { state: "waiting" }));
  let created = 0;
  let failed = 0;
  for (const [i, row] of rows.entries()) {
    if (signal?.aborted) break;
    report(i, { state: "sending" });
    try {
      const person = await create(row);
      report(i, { state: "created", id: person.id });
      created++;
    } catch (error) {
      report(i, { state: "failed", error });
      failed++;
      // Signed out: the rest would fail alike; stop rather than repeat it.
      if (error instanceof ApiError && error.status === 401) break;
    }
  }
  return { created, failed };
}
