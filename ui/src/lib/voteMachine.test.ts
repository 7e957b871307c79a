import { describe, expect, it } from "vitest";
import {
  choiceOptions,
  initialVoteState,
  transition,
  type VoteEvent,
  type VoteState,
} from "./voteMachine";
import { poll } from "../test/fixtures";
import type { Poll } from "./types";

const run = (events: VoteEvent[], from: VoteState = initialVoteState) =>
  events.reduce(transition, from);
const sync = (...polls: Poll[]): VoteEvent => ({ type: "sync", polls });
const receipt = (id: number, secret = false): VoteEvent => ({
  type: "sent",
  receipt: { poll_id: id, recorded: true, secret },
});

describe("vote panel", () => {
  it("stays idle without an open poll", () => {
    expect(run([sync(poll(1, "draft"))]).name).toBe("idle");
  });

  it("goes idle → choosing → confirming → sending → recorded", () => {
    const open = poll(1, "open");
    let s = run([sync(open)]);
    expect(s.name).toBe("choosing");
    s = transition(s, { type: "choose", choice: "yes" });
    expect(s).toMatchObject({ name: "confirming", choice: "yes" });
    s = transition(s, { type: "confirm" });
    expect(s).toMatchObject({
      name: "sending",
      choice: "yes",
      connectionLost: false,
    });
    s = transition(s, receipt(1));
    expect(s).toMatchObject({ name: "recorded", choice: "yes", secret: false });
  });

  it("lets the delegate go back from the confirm step", () => {
    const s = run([
      sync(poll(1, "open")),
      { type: "choose", choice: "no" },
      { type: "back" },
    ]);
    expect(s.name).toBe("choosing");
  });

  it("does not keep the choice on a secret receipt", () => {
    const s = run([
      sync(poll(2, "open", "secret")),
      { type: "choose", choice: "no" },
      { type: "confirm" },
      receipt(2, true),
    ]);
    expect(s).toMatchObject({ name: "recorded", secret: true, choice: null });
  });

  it("ends when the poll closes or is annulled before the ballot", () => {
    const choosing = run([sync(poll(1, "open"))]);
    expect(transition(choosing, sync(poll(1, "closed")))).toMatchObject({
      name: "ended",
      reason: "closed",
    });
    const confirming = transition(choosing, { type: "choose", choice: "yes" });
    expect(transition(confirming, sync(poll(1, "annulled")))).toMatchObject({
      name: "ended",
      reason: "annulled",
    });
  });

  it("waits for the server while sending, even if the poll closes meanwhile", () => {
    let s = run([
      sync(poll(1, "open")),
      { type: "choose", choice: "yes" },
      { type: "confirm" },
    ]);
    s = transition(s, sync(poll(1, "closed")));
    expect(s.name).toBe("sending");
    expect(transition(s, receipt(1)).name).toBe("recorded");
  });

  it("keeps the pending choice and says so when the connection drops while sending", () => {
    let s = run([
      sync(poll(1, "open")),
      { type: "choose", choice: "abstain" },
      { type: "confirm" },
    ]);
    s = transition(s, { type: "connection", online: false });
    expect(s).toMatchObject({
      name: "sending",
      choice: "abstain",
      connectionLost: true,
    });
    s = transition(s, { type: "failed", code: "network" });
    expect(s).toMatchObject({
      name: "error",
      choice: "abstain",
      offline: true,
    });
    s = transition(s, { type: "retry" });
    expect(s).toMatchObject({ name: "sending", choice: "abstain" });
  });

  it("takes already_voted as recorded and poll_not_open as ended", () => {
    const sending = run([
      sync(poll(1, "open")),
      { type: "choose", choice: "yes" },
      { type: "confirm" },
    ]);
    expect(
      transition(sending, { type: "failed", code: "already_voted" }).name,
    ).toBe("recorded");
    expect(
      transition(sending, { type: "failed", code: "poll_not_open" }),
    ).toMatchObject({
      name: "ended",
      reason: "closed",
    });
    expect(
      transition(sending, { type: "failed", code: "not_checked_in" }),
    ).toMatchObject({
      name: "error",
      code: "not_checked_in",
      offline: false,
    });
  });

  it("ignores a receipt for another poll", () => {
    const sending = run([
      sync(poll(1, "open")),
      { type: "choose", choice: "yes" },
      { type: "confirm" },
    ]);
    expect(transition(sending, receipt(9)).name).toBe("sending");
  });

  it("does not offer a dismissed poll again, but offers the next one", () => {
    let s = run([
      sync(poll(1, "open")),
      { type: "choose", choice: "yes" },
      { type: "confirm" },
      receipt(1),
    ]);
    s = transition(s, sync(poll(1, "closed")));
    s = transition(s, { type: "dismiss" });
    expect(s).toEqual({ name: "idle", last: 1 });
    expect(transition(s, sync(poll(1, "closed"))).name).toBe("idle");
    expect(
      transition(s, sync(poll(1, "closed"), poll(2, "open"))),
    ).toMatchObject({
      name: "choosing",
      poll: { id: 2 },
    });
  });

  it("replaces a recorded poll by a newly opened one", () => {
    const s = run([
      sync(poll(1, "open")),
      { type: "choose", choice: "yes" },
      { type: "confirm" },
      receipt(1),
    ]);
    expect(
      transition(s, sync(poll(1, "closed"), poll(2, "open"))),
    ).toMatchObject({
      name: "choosing",
      poll: { id: 2 },
    });
  });

  it("marks elections as unsupported", () => {
    const election: Poll = {
      ...poll(3, "open"),
      kind: "election",
      options: [],
    };
    expect(run([sync(election)]).name).toBe("unsupported");
  });

  it("labels the buttons from the poll's options, in order", () => {
    expect(choiceOptions(poll(1, "open")).map((o) => o.label)).toEqual([
      "Tán thành",
      "Không tán thành",
      "Không biểu quyết",
    ]);
  });

  it("keeps the same state object when a sync changes nothing", () => {
    // The panel syncs on every session event; a fresh object each time
    // re-renders it, and an effect that reads and writes the state loops.
    const open = poll(1, "open");
    const polls = [open];
    const steps: VoteEvent[][] = [
      [],
      [{ type: "choose", choice: "yes" }],
      [{ type: "choose", choice: "yes" }, { type: "confirm" }],
      [{ type: "choose", choice: "yes" }, { type: "confirm" }, receipt(1)],
    ];
    for (const events of steps) {
      const s = run([sync(...polls), ...events]);
      expect(s.name).not.toBe("idle");
      expect(transition(s, { type: "sync", polls })).toBe(s);
    }
    const ended = run([sync(open), sync(poll(1, "closed"))]);
    expect(ended.name).toBe("ended");
    const closed = ended.name === "ended" ? ended.poll : open;
    expect(transition(ended, sync(closed))).toBe(ended);
  });

  it("keeps the same state when the connection state is unchanged", () => {
    const sending = run([
      sync(poll(1, "open")),
      { type: "choose", choice: "yes" },
      { type: "confirm" },
    ]);
    expect(transition(sending, { type: "connection", online: true })).toBe(
      sending,
    );
    const lost = transition(sending, { type: "connection", online: false });
    expect(lost).toMatchObject({ name: "sending", connectionLost: true });
    expect(transition(lost, { type: "connection", online: false })).toBe(lost);
  });

  it("takes the poll's new copy when it changed", () => {
    const s = run([sync(poll(1, "open"))]);
    const counted = { ...poll(1, "open"), ballots_cast: 3 };
    const next = transition(s, sync(counted));
    expect(next).not.toBe(s);
    expect(next).toMatchObject({ name: "choosing", poll: { ballots_cast: 3 } });
  });
});
