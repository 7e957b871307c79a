/**
 * The delegate's vote panel as a pure state machine.
 *
 *   idle ─poll opens→ choosing ─choose→ confirming ─confirm→ sending ─ok→ recorded
 *                        ↑            └──back──┘               │
 *                        └────────────── error ←──────failed───┘ (retry → sending)
 *
 * A poll closed or annulled before the ballot is in ends in `ended`. While
 * sending, a lost connection is noted but the pending choice is kept: the
 * server's answer (or a retry) decides, never a guess.
 */
import type { BallotReceipt, Choice, Poll } from "./types";

export type VoteState =
  /** `last`: the poll last handled, never offered again once dismissed. */
  | { name: "idle"; last: number | null }
  | { name: "unsupported"; poll: Poll }
  | { name: "choosing"; poll: Poll }
  | { name: "confirming"; poll: Poll; choice: Choice }
  | { name: "sending"; poll: Poll; choice: Choice; connectionLost: boolean }
  | { name: "recorded"; poll: Poll; secret: boolean; choice: Choice | null }
  | {
      name: "error";
      poll: Poll;
      choice: Choice;
      code: string;
      offline: boolean;
    }
  | { name: "ended"; poll: Poll; reason: "closed" | "annulled" };

export type VoteEvent =
  /** The session's polls changed (snapshot or event). */
  | { type: "sync"; polls: readonly Poll[] }
  | { type: "choose"; choice: Choice }
  | { type: "back" }
  | { type: "confirm" }
  | { type: "sent"; receipt: BallotReceipt }
  /** `code` is the server's error code, or "network" when no answer came. */
  | { type: "failed"; code: string }
  | { type: "retry" }
  | { type: "connection"; online: boolean }
  | { type: "dismiss" };

export const initialVoteState: VoteState = { name: "idle", last: null };

const CHOICE_KINDS: readonly string[] = ["yes", "no", "abstain"];

/** Whether the panel can take this poll's ballot (yes / no / abstain). */
export function isChoicePoll(poll: Poll): boolean {
  return (
    (poll.kind === "named" || poll.kind === "secret") &&
    poll.options.some((o) => CHOICE_KINDS.includes(o.kind))
  );
}

/** The poll's yes/no/abstain options in their order. */
export function choiceOptions(poll: Poll): { choice: Choice; label: string }[] {
  return [...poll.options]
    .sort((a, b) => a.position - b.position)
    .filter((o) => CHOICE_KINDS.includes(o.kind))
    .map((o) => ({ choice: o.kind as Choice, label: o.label }));
}

function start(poll: Poll): VoteState {
  return isChoicePoll(poll)
    ? { name: "choosing", poll }
    : { name: "unsupported", poll };
}

/**
 * The state with the poll's latest copy. The same state object when the
 * copy is the one already held: a sync that changes nothing must not make a
 * new state, or every event would re-render the panel (and a component
 * effect that syncs and reads the state would loop).
 */
function withPoll<S extends Exclude<VoteState, { name: "idle" }>>(
  state: S,
  poll: Poll,
): S {
  return poll === state.poll ? state : { ...state, poll };
}

function sync(state: VoteState, polls: readonly Poll[]): VoteState {
  const open = polls.find((p) => p.state === "open") ?? null;
  if (state.name === "idle")
    return open && open.id !== state.last ? start(open) : state;

  const tracked = polls.find((p) => p.id === state.poll.id);
  // A new poll replaces a finished one (recorded, ended, unsupported).
  if (
    open &&
    open.id !== state.poll.id &&
    (state.name === "recorded" ||
      state.name === "ended" ||
      state.name === "unsupported")
  ) {
    return start(open);
  }
  if (!tracked)
    return open ? start(open) : { name: "idle", last: state.poll.id };

  const gone = tracked.state === "closed" || tracked.state === "annulled";
  switch (state.name) {
    case "choosing":
    case "confirming":
    case "error":
    case "unsupported":
      return gone
        ? {
            name: "ended",
            poll: tracked,
            reason: tracked.state === "annulled" ? "annulled" : "closed",
          }
        : withPoll(state, tracked);
    case "sending":
      // The answer to the ballot decides; keep waiting for it.
      return withPoll(state, tracked);
    case "recorded":
      return tracked.state === "annulled"
        ? { name: "ended", poll: tracked, reason: "annulled" }
        : withPoll(state, tracked);
    case "ended":
      return withPoll(state, tracked);
  }
}

export function transition(state: VoteState, event: VoteEvent): VoteState {
  switch (event.type) {
    case "sync":
      return sync(state, event.polls);
    case "choose":
      return state.name === "choosing"
        ? { name: "confirming", poll: state.poll, choice: event.choice }
        : state;
    case "back":
      return state.name === "confirming"
        ? { name: "choosing", poll: state.poll }
        : state;
    case "confirm":
      return state.name === "confirming"
        ? {
            name: "sending",
            poll: state.poll,
            choice: state.choice,
            connectionLost: false,
          }
        : state;
    case "retry":
      return state.name === "error"
        ? {
            name: "sending",
            poll: state.poll,
            choice: state.choice,
            connectionLost: false,
          }
        : state;
    case "sent":
      return state.name === "sending" && event.receipt.poll_id === state.poll.id
        ? {
            name: "recorded",
            poll: state.poll,
            secret: event.receipt.secret,
            choice: event.receipt.secret ? null : state.choice,
          }
        : state;
    case "failed":
      if (state.name !== "sending") return state;
      if (event.code === "already_voted") {
        return {
          name: "recorded",
          poll: state.poll,
          secret: state.poll.kind !== "named",
          choice: null,
        };
      }
      if (event.code === "poll_not_open") {
        return { name: "ended", poll: state.poll, reason: "closed" };
      }
      return {
        name: "error",
        poll: state.poll,
        choice: state.choice,
        code: event.code,
        offline: event.code === "network",
      };
    case "connection":
      return state.name === "sending" && state.connectionLost === event.online
        ? { ...state, connectionLost: !event.online }
        : state;
    case "dismiss":
      return state.name === "recorded" || state.name === "ended"
        ? { name: "idle", last: state.poll.id }
        : state;
  }
}

/** Whether the panel should be on screen. */
export function panelVisible(state: VoteState): boolean {
  return state.name !== "idle";
}
