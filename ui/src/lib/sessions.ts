import type { Session } from "./types";

/** The session a floor view follows: the one under way, else the next convened one. */
export function pickSession(sessions: readonly Session[]): Session | null {
  const byStart = [...sessions].sort((a, b) =>
    a.planned_start.localeCompare(b.planned_start),
  );
  return (
    byStart.find((s) => s.state === "in_progress") ??
    byStart.find((s) => s.state === "convened") ??
    null
  );
}
