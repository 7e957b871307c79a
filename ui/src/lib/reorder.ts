/**
 * Reordering by up/down buttons (keyboard-operable, unlike drag and drop):
 * the new order to send, or null when the move is not allowed. The server
 * wants every id of the list in the new order, and moves only what has not
 * started: pending agenda items (done and current ones keep their places),
 * queued speeches (not the one speaking or paused).
 */
import type { AgendaItem, Speech } from "./types";

/** `ids` with `id` swapped with its neighbour `delta` (−1 up, +1 down). */
export function swapped(
  ids: readonly number[],
  id: number,
  delta: -1 | 1,
): number[] | null {
  const from = ids.indexOf(id);
  const to = from + delta;
  if (from === -1 || to < 0 || to >= ids.length) return null;
  const copy = ids.slice();
  [copy[from], copy[to]] = [copy[to]!, copy[from]!];
  return copy;
}

/** The siblings of `item` (same parent), in agenda order. */
function level(agenda: readonly AgendaItem[], item: AgendaItem): AgendaItem[] {
  return agenda
    .filter((x) => (x.parent_id ?? null) === (item.parent_id ?? null))
    .sort((a, b) => a.position - b.position);
}

/**
 * The order of `item`'s level after moving it one place, or null: only a
 * pending item moves, and only past another pending item.
 */
export function agendaMove(
  agenda: readonly AgendaItem[],
  itemId: number,
  delta: -1 | 1,
): { parent_id: number | null; order: number[] } | null {
  const item = agenda.find((x) => x.id === itemId);
  if (!item || item.state !== "pending") return null;
  const siblings = level(agenda, item);
  const neighbour = siblings[siblings.indexOf(item) + delta];
  if (!neighbour || neighbour.state !== "pending") return null;
  const order = swapped(
    siblings.map((x) => x.id),
    itemId,
    delta,
  );
  return order && { parent_id: item.parent_id ?? null, order };
}

/** The new order of an item's queued speeches, or null. */
export function queueMove(
  queue: readonly Speech[],
  speechId: number,
  delta: -1 | 1,
): number[] | null {
  const queued = queue
    .filter((s) => s.state === "queued")
    .sort((a, b) => a.position - b.position)
    .map((s) => s.id);
  return swapped(queued, speechId, delta);
}

/** Puts `order` into the positions (1, 2, …) of the listed entries. */
export function applyOrder<T extends { id: number; position: number }>(
  list: readonly T[],
  order: readonly number[],
): T[] {
  return list.map((x) => {
    const index = order.indexOf(x.id);
    return index === -1 ? x : { ...x, position: index + 1 };
  });
}
