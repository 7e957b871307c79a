import { describe, expect, it } from "vitest";
import {
  ballotBody,
  ballotPeople,
  choiceOptions,
  initialVoteState,
  unrated,
  transition,
  type VoteEvent,
  type VoteState,
} from "./voteMachine";
import { confidencePoll, electionPoll, poll } from "../test/fixtures";
import type { Poll } from "./types";

const run = (events: VoteEvent[], from: VoteState = initialVoteState) =>
  events.reduce(transition, from);
const sync = (...polls: Poll[]): VoteEvent => ({ type: "sync", polls });
const receipt = (id: number, secret = false): VoteEvent => ({
  type: "sent",
  receipt: { poll_id: id, recorded: true, secret },
});
/** Poll 1 opens and the delegate sends "yes": the ballot is on its way. */
const yesSent: VoteEvent[] = [
  sync(poll(1, "open")),
  { type: "choose", choice: "yes" },
  { type: "confirm" },
];

describe("vote panel", () => {
  it("stays idle without an open poll", () => {
    expect(run([sync(poll(1, "draft"))]).name).toBe("idle");
  });

  it("goes idle → choosing → confirming → sending → recorded", () => {
    const open = poll(1, "open");
    let s = run([sync(open)]);
    expect(s.name).toBe("choosing");
    s = transition(s, { type: "choose", choice: "yes" });
    expect(s).toMatchObject({
      name: "confirming",
      ballot: { kind: "choice", choice: "yes" },
    });
    s = transition(s, { type: "confirm" });
    expect(s).toMatchObject({
      name: "sending",
      ballot: { choice: "yes" },
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
    let s = run(yesSent);
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
      ballot: { choice: "abstain" },
      connectionLost: true,
    });
    s = transition(s, { type: "failed", code: "network" });
    expect(s).toMatchObject({
      name: "error",
      ballot: { choice: "abstain" },
      offline: true,
    });
    s = transition(s, { type: "retry" });
    expect(s).toMatchObject({ name: "sending", ballot: { choice: "abstain" } });
  });

  it("takes already_voted as recorded and poll_not_open as ended", () => {
    const sending = run(yesSent);
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

  it("ends for good, without a retry, when the delegate checked in after the opening", () => {
    const sending = run(yesSent);
    let s = transition(sending, {
      type: "failed",
      code: "arrived_after_opening",
    });
    expect(s).toMatchObject({
      name: "ended",
      reason: "arrived_after_opening",
    });
    expect(transition(s, { type: "retry" })).toBe(s);
    // Still open: the panel stays ended, then is not offered again.
    expect(transition(s, sync(poll(1, "open"))).name).toBe("ended");
    s = transition(s, { type: "dismiss" });
    expect(transition(s, sync(poll(1, "open"))).name).toBe("idle");
  });

  it("ignores a receipt for another poll", () => {
    const sending = run(yesSent);
    expect(transition(sending, receipt(9)).name).toBe("sending");
  });

  it("does not offer a dismissed poll again, but offers the next one", () => {
    let s = run([...yesSent, receipt(1)]);
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
    const s = run([...yesSent, receipt(1)]);
    expect(
      transition(s, sync(poll(1, "closed"), poll(2, "open"))),
    ).toMatchObject({
      name: "choosing",
      poll: { id: 2 },
    });
  });

  it("marks an election without candidates as unsupported", () => {
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

  it("offers a poll's own options, chosen and sent by id", () => {
    const own: Poll = {
      ...poll(4, "open"),
      kind: "secret",
      options: [
        {
          id: 41,
          position: 1,
          kind: "alternative",
          label: "Phương án 1",
          person_id: null,
        },
        {
          id: 42,
          position: 2,
          kind: "alternative",
          label: "Phương án 2",
          person_id: null,
        },
      ],
    };
    expect(choiceOptions(own)).toEqual([
      { choice: 41, label: "Phương án 1" },
      { choice: 42, label: "Phương án 2" },
    ]);
    const state = run([sync(own), { type: "choose", choice: 42 }]);
    expect(state.name).toBe("confirming");
    if (state.name === "confirming")
      expect(ballotBody(state.ballot)).toEqual({ option: 42 });
    expect(ballotBody({ kind: "choice", choice: "no" })).toEqual({
      choice: "no",
    });
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
    const sending = run(yesSent);
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

  it("shows the receipt, not the ballot, for a poll the server says I voted in", () => {
    // A reload during an open poll: the snapshot lists it in voted_polls.
    const s = run([{ type: "sync", polls: [poll(1, "open")], voted: [1] }]);
    expect(s).toMatchObject({
      name: "recorded",
      restored: true,
      secret: false,
      choice: null,
    });
    const secret = run([
      { type: "sync", polls: [poll(2, "open", "secret")], voted: [2] },
    ]);
    expect(secret).toMatchObject({ name: "recorded", secret: true });
    // Another poll in the list does not count.
    expect(
      run([{ type: "sync", polls: [poll(3, "open")], voted: [1, 2] }]).name,
    ).toBe("choosing");
  });

  it("turns a ballot still on screen into the receipt when the server says I voted elsewhere", () => {
    const choosing = run([sync(poll(1, "open"))]);
    expect(
      transition(choosing, {
        type: "sync",
        polls: [poll(1, "open")],
        voted: [1],
      }),
    ).toMatchObject({ name: "recorded", restored: true });
    // But never while this page's own ballot is on its way.
    const sending = run(yesSent);
    expect(
      transition(sending, {
        type: "sync",
        polls: [poll(1, "open")],
        voted: [1],
      }).name,
    ).toBe("sending");
  });
});

describe("confidence ballot", () => {
  const open = confidencePoll(5, "open");
  const rated = (ratings: [number, "high" | "medium" | "low"][]) =>
    run([
      sync(open),
      ...ratings.map(([official, rating]): VoteEvent => ({
        type: "rate",
        official,
        rating,
      })),
    ]);

  it("lists the officials in order and rates each once, the last rating winning", () => {
    expect(ballotPeople(open).map((p) => p.personId)).toEqual([71, 72, 73]);
    const s = rated([
      [71, "high"],
      [72, "low"],
      [71, "medium"],
    ]);
    expect(s).toMatchObject({
      name: "choosing",
      draft: { kind: "ratings", ratings: { 71: "medium", 72: "low" } },
    });
  });

  it("ignores a rating for someone not on the ballot", () => {
    const s = rated([[99, "low"]]);
    expect(s).toMatchObject({ draft: { ratings: {} } });
  });

  it("marks officials left unrated, and sends only the rated ones", () => {
    let s = rated([
      [71, "high"],
      [73, "low"],
    ]);
    s = transition(s, { type: "review" });
    expect(s.name).toBe("confirming");
    if (s.name !== "confirming" || s.ballot.kind !== "ratings")
      throw new Error("not confirming ratings");
    expect(unrated(open, s.ballot.ratings)).toEqual([72]);
    expect(ballotBody(s.ballot)).toEqual({
      ratings: { 71: "high", 73: "low" },
    });
  });

  it("goes back from the confirm step with the ratings kept", () => {
    const s = transition(
      transition(rated([[72, "medium"]]), { type: "review" }),
      { type: "back" },
    );
    expect(s).toMatchObject({
      name: "choosing",
      draft: { ratings: { 72: "medium" } },
    });
  });

  it("keeps no rating in the receipt (the poll is secret)", () => {
    const s = run(
      [
        { type: "review" },
        { type: "confirm" },
        { type: "sent", receipt: { poll_id: 5, recorded: true, secret: true } },
      ],
      rated([
        [71, "low"],
        [72, "low"],
        [73, "low"],
      ]),
    );
    expect(s).toEqual({
      name: "recorded",
      poll: open,
      secret: true,
      choice: null,
      restored: false,
    });
  });

  it("does not take a yes/no choice", () => {
    const s = transition(run([sync(open)]), { type: "choose", choice: "yes" });
    expect(s.name).toBe("choosing");
  });
});

describe("election ballot", () => {
  const open = electionPoll(6, "open", 2);
  const toggled = (...ids: number[]) =>
    run([
      sync(open),
      ...ids.map((candidate): VoteEvent => ({ type: "toggle", candidate })),
    ]);

  it("chooses up to max_choices and refuses one more", () => {
    const two = toggled(81, 83);
    expect(two).toMatchObject({
      draft: { candidates: [81, 83], refused: false },
    });
    const three = transition(two, { type: "toggle", candidate: 82 });
    expect(three).toMatchObject({
      draft: { candidates: [81, 83], refused: true },
    });
    // Unticking one makes room again, and clears the refusal.
    const swapped = run(
      [
        { type: "toggle", candidate: 81 },
        { type: "toggle", candidate: 82 },
      ],
      three,
    );
    expect(swapped).toMatchObject({
      draft: { candidates: [83, 82], refused: false },
    });
  });

  it("sends the chosen candidates in ballot order", () => {
    const s = transition(toggled(83, 81), { type: "review" });
    if (s.name !== "confirming") throw new Error(s.name);
    expect(ballotBody(s.ballot)).toEqual({ candidates: [81, 83] });
  });

  it("ignores someone who is not a candidate", () => {
    expect(toggled(99)).toMatchObject({ draft: { candidates: [] } });
  });

  it("allows a ballot with no candidate chosen", () => {
    const s = transition(toggled(), { type: "review" });
    expect(s).toMatchObject({
      name: "confirming",
      ballot: { kind: "candidates", candidates: [] },
    });
  });

  it("keeps the ballot through a network error and a retry", () => {
    let s = run(
      [
        { type: "review" },
        { type: "confirm" },
        { type: "failed", code: "network" },
      ],
      toggled(82),
    );
    expect(s).toMatchObject({
      name: "error",
      offline: true,
      ballot: { candidates: [82] },
    });
    s = transition(s, { type: "retry" });
    expect(s).toMatchObject({ name: "sending", ballot: { candidates: [82] } });
  });

  it("ends when annulled while choosing", () => {
    expect(
      transition(toggled(81), sync(electionPoll(6, "annulled"))),
    ).toMatchObject({ name: "ended", reason: "annulled" });
  });
});

describe("ballotBody", () => {
  it("sends exactly one field per kind", () => {
    expect(ballotBody({ kind: "choice", choice: "abstain" })).toEqual({
      choice: "abstain",
    });
  });
});
