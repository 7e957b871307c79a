export type TimerLevel = "normal" | "warning" | "over";

/** Amber under a minute left, red at zero and beyond. */
export function timerLevel(remainingMs: number): TimerLevel {
  if (remainingMs <= 0) return "over";
  if (remainingMs < 60_000) return "warning";
  return "normal";
}
