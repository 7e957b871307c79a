/**
 * What a parsed delegate list would do once confirmed: the rows that go in,
 * the groups and committees to create first, whether the seats would be
 * outnumbered. Apart from the parser (delegateCsv.ts, with Papa Parse), so
 * that the page loads the parser only when a file is chosen.
 */
import { fold } from "./fold";
import type { ImportRow, RowProblem } from "./delegateCsv";

/** The rows that may be sent. */
export function goodRows(rows: readonly ImportRow[]): ImportRow[] {
  return rows.filter((r) => r.problems.length === 0);
}

/** Groups and committees a file names that the council does not have yet. */
export interface MissingRoster {
  groups: string[];
  committees: string[];
}

/** A row problem that creating a group or committee solves. */
function isMissingName(problem: RowProblem): boolean {
  return (
    problem.code === "unknown_group" || problem.code === "unknown_committee"
  );
}

export interface ImportPlan {
  /** Rows to send: no problem, or only groups or committees still to create. */
  ready: ImportRow[];
  /** What to create first, each once (as first written), in file order. */
  missing: MissingRoster;
  /** The import would put more delegates on the roster than the council has seats. */
  overSeats: { seats: number; existing: number; adding: number } | null;
}

/**
 * What confirming the import would do: which rows go in, which groups and
 * committees are created before them (named only by rows that go in), and
 * whether the delegates would then outnumber the seats (`seats` null: not
 * known, not checked).
 */
export function planImport(
  rows: readonly ImportRow[],
  existingDelegates: number,
  seats: number | null,
): ImportPlan {
  const ready = rows.filter((r) => r.problems.every(isMissingName));
  const missing: MissingRoster = { groups: [], committees: [] };
  const seen = { groups: new Set<string>(), committees: new Set<string>() };
  const note = (list: "groups" | "committees", name: string) => {
    const key = fold(name);
    if (seen[list].has(key)) return;
    seen[list].add(key);
    missing[list].push(name);
  };
  for (const row of ready) {
    for (const problem of row.problems) {
      if (problem.code === "unknown_group") note("groups", problem.name);
      else if (problem.code === "unknown_committee")
        note("committees", problem.name);
    }
  }
  const overSeats =
    seats !== null && existingDelegates + ready.length > seats
      ? { seats, existing: existingDelegates, adding: ready.length }
      : null;
  return { ready, missing, overSeats };
}
