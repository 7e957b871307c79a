/**
 * The council the administrator (who belongs to none) last chose to work
 * on, kept across reloads: the administration area opens it again, and the
 * secretary's screen follows it.
 */
import { load, save } from "./storage";

const KEY = "kyhop.admin.council";

export function chosenCouncil(): number | null {
  const value = Number(load(KEY));
  return Number.isInteger(value) && value > 0 ? value : null;
}

export function chooseCouncil(id: number | null): void {
  save(KEY, id === null ? null : String(id));
}

/** The chosen council among `councils`, else the first one, else none. */
export function pickCouncil<C extends { id: number }>(
  councils: readonly C[],
  chosen: number | null = chosenCouncil(),
): C | null {
  return councils.find((c) => c.id === chosen) ?? councils[0] ?? null;
}
