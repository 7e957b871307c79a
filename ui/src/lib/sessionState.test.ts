import { describe, expect, it } from "vitest";
import {
  applyEvent,
  currentItem,
  lastClosedPoll,
  nextSitting,
  openPoll,
  orderedAgenda,
  pausedElsewhere,
  replay,
  runningSpeech,
  speakerQueue,
  speechRemainingMs,
} from "./sessionState";
import { event, item, poll, snapshot, speech } from "../test/fixtures";

describe("applyEvent", () => {
  it("applies the next event and advances seq", () => {
    const { state, outcome } = applyEvent(
      snapshot(20),
      event(21, "agenda_item.opened", { ...item(2), state: "current" }),
    );
    expect(outcome).toBe("applied");
    expect(state.seq).toBe(21);
    expect(currentItem(state)?.id).toBe(2);
    expect(state.agenda.find((x) => x.id === 1)?.state).toBe("done");
  });

  it("ignores duplicates", () => {
    const s = snapshot(20);
    expect(applyEvent(s, event(20, "poll.created", poll(1, "draft")))).toEqual({
      state: s,
      outcome: "duplicate",
    });
    expect(
      applyEvent(s, event(3, "poll.created", poll(1, "draft"))).outcome,
    ).toBe("duplicate");
  });

  it("reports a gap instead of applying", () => {
    const s = snapshot(20);
    const r = applyEvent(s, event(22, "poll.created", poll(1, "draft")));
    expect(r.outcome).toBe("gap");
    expect(r.state).toBe(s);
  });

  it("updates attendance and quorum together", () => {
    const quorum = {
      present: 1,
      total_seats: 50,
      required: 34,
      reached: false,
    };
    const attendance = {
      session_id: 1,
      person_id: 50,
      status: "present",
      mode: "chamber",
      reason: "",
      updated_at: "x",
    };
    const { state } = applyEvent(
      snapshot(1),
      event(2, "attendance.changed", { attendance, quorum }),
    );
    expect(state.attendance).toEqual([attendance]);
    expect(state.quorum).toEqual(quorum);
  });

  it("starts a fresh roll when the chair begins the next sitting", () => {
    const sitting = (
      id: number,
      starts_at: string,
      begun_at: string | null,
    ) => ({
      id,
      session_id: 1,
      title: `Phiên ${id}`,
      starts_at,
      begun_at,
    });
    const quorum = {
      present: 0,
      total_seats: 50,
      required: 34,
      reached: false,
    };
    const attendance = {
      session_id: 1,
      person_id: 50,
      status: "present" as const,
      mode: "chamber" as const,
      reason: "",
      updated_at: "x",
    };
    const before = snapshot(1, {
      sittings: [
        sitting(8, "2026-12-08T06:30:00Z", null),
        sitting(7, "2026-12-08T01:00:00Z", "2026-12-08T01:02:00Z"),
      ],
      current_sitting_id: 7,
      attendance: [attendance],
    });
    expect(nextSitting(before)?.id).toBe(8);
    const { state } = applyEvent(
      before,
      event(2, "sitting.begun", {
        sitting: sitting(8, "2026-12-08T06:30:00Z", "2026-12-08T06:41:00Z"),
        quorum,
      }),
    );
    expect(state.current_sitting_id).toBe(8);
    expect(state.attendance).toEqual([]);
    expect(state.quorum).toEqual(quorum);
    expect(nextSitting(state)).toBeNull();
    // The first sitting begins with the session: its roll is kept.
    const opening = applyEvent(
      before,
      event(2, "sitting.begun", {
        sitting: sitting(7, "2026-12-08T01:00:00Z", "2026-12-08T01:02:00Z"),
        quorum: { ...quorum, present: 1 },
      }),
    ).state;
    expect(opening.attendance).toEqual([attendance]);
  });

  it("opens check-in when the session starts", () => {
    const convened = snapshot(1, {
      session: { ...snapshot(1).session, state: "convened" },
      check_in_opens_at: "2026-12-07T23:00:00Z",
    });
    const { state } = applyEvent(
      convened,
      event(2, "session.state_changed", {
        from: "convened",
        to: "in_progress",
      }),
    );
    expect(state.check_in_opens_at).toBeNull();
  });

  it("follows a poll from draft to open, participation and close", () => {
    let s = snapshot(1);
    s = applyEvent(s, event(2, "poll.created", poll(5, "draft"))).state;
    s = applyEvent(
      s,
      event(3, "poll.opened", { poll: poll(5, "open"), quorum: s.quorum }),
    ).state;
    expect(openPoll(s)?.id).toBe(5);
    s = applyEvent(
      s,
      event(4, "poll.participation", { poll_id: 5, ballots_cast: 7 }),
    ).state;
    expect(s.polls[0]?.ballots_cast).toBe(7);
    const closed = {
      ...poll(5, "closed"),
      closed_at: "2026-12-08T02:00:00Z",
      result: { total_seats: 50 },
    };
    s = applyEvent(s, event(5, "poll.closed", closed)).state;
    expect(openPoll(s)).toBeNull();
    expect(lastClosedPoll(s)?.id).toBe(5);
    expect(s.polls).toHaveLength(1);
    s = applyEvent(
      s,
      event(6, "poll.names_shown", { ...closed, names_on_screen: true }),
    ).state;
    expect(lastClosedPoll(s)?.names_on_screen).toBe(true);
  });

  it("keeps the state for kinds it does not show, but advances seq", () => {
    const { state, outcome } = applyEvent(
      snapshot(1),
      event(2, "document.uploaded", { id: 1 }),
    );
    expect(outcome).toBe("applied");
    expect(state.seq).toBe(2);
  });

  it("changes the session state", () => {
    const s = snapshot(1, {
      session: { ...snapshot(1).session, state: "convened" },
    });
    const { state } = applyEvent(
      s,
      event(2, "session.state_changed", {
        id: 1,
        from: "convened",
        to: "in_progress",
      }),
    );
    expect(state.session.state).toBe("in_progress");
  });
});

describe("replay", () => {
  it("sorts out-of-order events, drops old ones and stops at a gap", () => {
    const events = [
      event(23, "poll.created", poll(3, "draft")),
      event(21, "poll.created", poll(1, "draft")),
      event(19, "poll.created", poll(9, "draft")),
      event(22, "poll.created", poll(2, "draft")),
      event(25, "poll.created", poll(5, "draft")),
    ];
    const { state, gap } = replay(snapshot(20), events);
    expect(state.seq).toBe(23);
    expect(state.polls.map((p) => p.id)).toEqual([1, 2, 3]);
    expect(gap).toBe(true);
  });
});

describe("selectors", () => {
  it("orders sub-items after their parent", () => {
    const sub = { ...item(9), parent_id: 1, position: 1 };
    expect(orderedAgenda([item(2), sub, item(1)]).map((x) => x.id)).toEqual([
      1, 9, 2,
    ]);
  });

  it("lists the speaker queue in order without finished speeches", () => {
    const s = snapshot(1, {
      speeches: [speech(3, "queued"), speech(1, "done"), speech(2, "speaking")],
    });
    expect(speakerQueue(s, 2).map((x) => x.id)).toEqual([2, 3]);
  });

  it("shows only the current item's speech as under way", () => {
    // The fixture's speeches belong to item 2.
    const paused = speech(4, "paused");
    const onItem1 = snapshot(1, { speeches: [paused] });
    expect(runningSpeech(onItem1)).toBeNull();
    const onItem2 = snapshot(1, {
      agenda: [item(1, "done"), item(2, "current"), item(3)],
      current_item_id: 2,
      speeches: [paused],
    });
    expect(runningSpeech(onItem2)?.id).toBe(4);
    const between = snapshot(1, {
      agenda: [item(1, "done"), item(2, "done"), item(3)],
      current_item_id: null,
      speeches: [speech(5, "speaking")],
    });
    expect(runningSpeech(between)).toBeNull();
    // The chair still sees it, to end it from wherever the floor is.
    expect(pausedElsewhere(onItem1).map((x) => x.id)).toEqual([4]);
    expect(pausedElsewhere(onItem2)).toEqual([]);
  });

  it("counts speaking time only while speaking", () => {
    const running = speech(1, "speaking", {
      used_ms: 60_000,
      running_since: "2026-12-08T01:00:00Z",
    });
    const now = Date.parse("2026-12-08T01:05:00Z");
    expect(speechRemainingMs(running, now)).toBe(420_000 - 60_000 - 300_000);
    expect(speechRemainingMs({ ...running, state: "paused" }, now)).toBe(
      360_000,
    );
  });
});
