/** Reconnection delay: exponential from `base`, capped, with ±20 % jitter. */
export function backoffDelay(
  attempt: number,
  random: () => number = Math.random,
  base = 500,
  cap = 15_000,
): number {
  const exp = Math.min(cap, base * 2 ** Math.max(0, attempt));
  const jitter = 0.8 + 0.4 * random();
  return Math.round(Math.min(cap, exp * jitter));
}
