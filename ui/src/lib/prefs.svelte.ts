/** Text size (A−/A+), kept in localStorage and applied as the root font size. */
import { load, save } from "./storage";

const KEY = "kyhop.textScale";
export const TEXT_SCALES = [0.875, 1, 1.125, 1.25, 1.5] as const;

function initial(): number {
  const stored = Number(load(KEY));
  const index = TEXT_SCALES.findIndex((s) => s === stored);
  return index === -1 ? 1 : index;
}

class Prefs {
  scaleIndex = $state(initial());

  get scale(): number {
    return TEXT_SCALES[this.scaleIndex] ?? 1;
  }
  get canShrink(): boolean {
    return this.scaleIndex > 0;
  }
  get canGrow(): boolean {
    return this.scaleIndex < TEXT_SCALES.length - 1;
  }

  step(delta: 1 | -1): void {
    this.scaleIndex = Math.min(
      TEXT_SCALES.length - 1,
      Math.max(0, this.scaleIndex + delta),
    );
    save(KEY, String(this.scale));
    this.apply();
  }

  apply(): void {
    if (typeof document !== "undefined") {
      document.documentElement.style.fontSize = `${this.scale * 100}%`;
    }
  }
}

export const prefs = new Prefs();
