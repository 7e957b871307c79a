import { describe, expect, it } from "vitest";
import { agendaMove, queueMove, swapped } from "./reorder";
import { applyEvent, itemElapsedMs } from "./sessionState";
import { event, item, snapshot, speech } from "../test/fixtures";

describe("swapped", () => {
  it("swaps with the neighbour and refuses the ends", () => {
    expect(swapped([1, 2, 3], 2, -1)).toEqual([2, 1, 3]);
    expect(swapped([1, 2, 3], 2, 1)).toEqual([1, 3, 2]);
    expect(swapped([1, 2, 3], 1, -1)).toBeNull();
    expect(swapped([1, 2, 3], 3, 1)).toBeNull();
    expect(swapped([1, 2, 3], 9, 1)).toBeNull();
  });
});

describe("agendaMove", () => {
  // 1 done, 2 current, 3 4 5 pending; 6 is a sub-item of 3.
  const agenda = [
    item(1, "done"),
    item(2, "current"),
    item(3),
    item(4),
    item(5),
    { ...item(6), parent_id: 3, position: 1 },
  ];

  it("moves a pending item past a pending one, listing the whole level", () => {
    expect(agendaMove(agenda, 4, -1)).toEqual({
      parent_id: null,
      order: [1, 2, 4, 3, 5],
    });
    expect(agendaMove(agenda, 4, 1)).toEqual({
      parent_id: null,
      order: [1, 2, 3, 5, 4],
    });
  });

  it("never moves past the current or a done item, nor moves them", () => {
    expect(agendaMove(agenda, 3, -1)).toBeNull();
    expect(agendaMove(agenda, 2, 1)).toBeNull();
    expect(agendaMove(agenda, 1, 1)).toBeNull();
    expect(agendaMove(agenda, 5, 1)).toBeNull();
  });

  it("moves a sub-item within its own level only", () => {
    expect(agendaMove(agenda, 6, -1)).toBeNull();
    expect(agendaMove(agenda, 6, 1)).toBeNull();
  });
});

describe("queueMove", () => {
  const queue = [
    speech(1, "speaking"),
    speech(2, "queued"),
    speech(3, "queued"),
    speech(4, "queued"),
  ];
  it("orders the queued speeches only", () => {
    expect(queueMove(queue, 3, -1)).toEqual([3, 2, 4]);
    expect(queueMove(queue, 2, -1)).toBeNull();
    expect(queueMove(queue, 1, 1)).toBeNull();
  });
});

describe("reorder events", () => {
  it("apply the agenda's new order", () => {
    const snap = snapshot(4);
    const { state } = applyEvent(
      snap,
      event(5, "agenda.reordered", { parent_id: null, order: [1, 3, 2] }),
    );
    expect(state.agenda.map((x) => [x.id, x.position])).toEqual([
      [1, 1],
      [2, 3],
      [3, 2],
    ]);
  });

  it("apply the speakers' new order", () => {
    const snap = snapshot(4, {
      speeches: [speech(1, "queued"), speech(2, "queued")],
    });
    const { state } = applyEvent(
      snap,
      event(5, "speakers.reordered", { agenda_item_id: 2, order: [2, 1] }),
    );
    expect(state.speeches.map((x) => [x.id, x.position])).toEqual([
      [1, 2],
      [2, 1],
    ]);
  });
});

describe("itemElapsedMs", () => {
  it("adds the running stretch to the earlier ones while current", () => {
    const current = {
      ...item(1, "current"),
      opened_at: "2026-12-08T01:00:00Z",
      elapsed_seconds: 90,
    };
    const now = Date.parse("2026-12-08T01:02:00Z");
    expect(itemElapsedMs(current, now)).toBe(90_000 + 120_000);
    expect(itemElapsedMs({ ...current, state: "done" }, now)).toBe(90_000);
  });
});
