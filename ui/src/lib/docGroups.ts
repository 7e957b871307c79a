/**
 * The session's documents under the agenda items they belong to, in agenda
 * order, the current item's first (the one a delegate needs now); those of
 * no item (or of an item not on the agenda) come last.
 */
import { orderedAgenda } from "./sessionState";
import type { AgendaItem, SessionDocument } from "./types";

export interface DocumentGroup {
  item: AgendaItem | null;
  documents: SessionDocument[];
}

export function groupByItem(
  documents: readonly SessionDocument[],
  agenda: readonly AgendaItem[],
): DocumentGroup[] {
  const items = orderedAgenda(agenda);
  const known = new Set(items.map((i) => i.id));
  const groups: DocumentGroup[] = items
    .map((item) => ({
      item,
      documents: documents.filter((d) => d.agenda_item_id === item.id),
    }))
    .filter((g) => g.documents.length > 0);
  const rest = documents.filter(
    (d) => d.agenda_item_id == null || !known.has(d.agenda_item_id),
  );
  const current = groups.findIndex((g) => g.item?.state === "current");
  if (current > 0) groups.unshift(...groups.splice(current, 1));
  if (rest.length) groups.push({ item: null, documents: rest });
  return groups;
}
