import { describe, expect, it } from "vitest";
import { groupByItem } from "./docGroups";
import { item } from "../test/fixtures";
import type { SessionDocument } from "./types";

function doc(id: number, agendaItemId: number | null): SessionDocument {
  return {
    id,
    session_id: 1,
    agenda_item_id: agendaItemId,
    title: `Tài liệu ${id}`,
    number: "",
    withdrawn_at: null,
    withdrawal_reason: null,
    kind: "report",
    confidentiality: "delegates",
    audience: [],
    created_at: "2026-12-01T00:00:00Z",
    published_at: "2026-12-01T00:00:00Z",
    days_before_session: null,
    late: false,
    versions: [],
  };
}

describe("groupByItem", () => {
  it("puts documents under their items in agenda order, the rest last", () => {
    const agenda = [
      item(2),
      item(1),
      { ...item(3), parent_id: 1, position: 1 },
    ];
    const groups = groupByItem(
      [doc(10, 2), doc(11, null), doc(12, 3), doc(13, 1), doc(14, 99)],
      agenda,
    );
    expect(
      groups.map((g) => [g.item?.id ?? null, g.documents.map((d) => d.id)]),
    ).toEqual([
      [1, [13]],
      [3, [12]],
      [2, [10]],
      [null, [11, 14]],
    ]);
  });

  it("puts the current item's documents first", () => {
    const agenda = [item(1), { ...item(2), state: "current" as const }];
    const groups = groupByItem([doc(10, 1), doc(11, 2), doc(12, null)], agenda);
    expect(groups.map((g) => g.item?.id ?? null)).toEqual([2, 1, null]);
    const first = groupByItem(
      [doc(10, 1), doc(11, 2)],
      [{ ...item(1), state: "current" as const }, item(2)],
    );
    expect(first.map((g) => g.item?.id)).toEqual([1, 2]);
  });

  it("leaves out items without documents", () => {
    expect(groupByItem([], [item(1)])).toEqual([]);
  });
});
