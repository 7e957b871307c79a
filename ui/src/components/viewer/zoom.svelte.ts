/**
 * The viewer's zoom: a scale, and whether it follows the width of the
 * pages' pane ("fit width", the default, kept as the window resizes).
 */

/** The steps of zooming in and out. */
export const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];

/** The next step up (1) or down (-1) from `scale`; none past the ends. */
export function nextZoom(scale: number, direction: 1 | -1): number | undefined {
  return direction > 0
    ? ZOOMS.find((z) => z > scale + 0.01)
    : [...ZOOMS].reverse().find((z) => z < scale - 0.01);
}

/**
 * The scale at which the widest page fills a pane `paneWidth` wide (its
 * padding and a scroll bar left out), between 25 % and 400 %.
 */
export function fitScale(widest: number, paneWidth: number): number {
  const room = paneWidth - 32;
  return Math.max(0.25, Math.min(4, room / widest));
}

export class Zoom {
  scale = $state(1);
  fit = $state(true);

  /** Fits the widest of `sizes` (at scale 1) to a pane `paneWidth` wide. */
  fitWidth(paneWidth: number, sizes: readonly { width: number }[]): void {
    this.scale = fitScale(Math.max(...sizes.map((s) => s.width)), paneWidth);
    this.fit = true;
  }

  /** One step in or out; false when there is none that way. */
  step(direction: 1 | -1): boolean {
    const next = nextZoom(this.scale, direction);
    if (next === undefined) return false;
    this.scale = next;
    this.fit = false;
    return true;
  }
}
