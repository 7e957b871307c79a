/**
 * The delegate's vote panel as a pure state machine.
 *
 *   idle ─poll opens→ choosing ─choose / review→ confirming ─confirm→ sending ─ok→ recorded
 *                        ↑                    └──back──┘                   │
 *                        └──────────────────── error ←──────failed─────────┘ (retry → sending)
 *
 * Three kinds of ballot: a choice (named and secret polls: one button goes
 * straight to the confirm step; yes / no / abstain, or one of the poll's
 * own options, by id), ratings (confidence votes: every listed
 * official rated high / medium / low; one left unrated is invalid for that
 * official, as the server counts it, and the confirm step says so) and
 * candidates (elections: up to `max_choices`; one more is refused).
 *
 * A poll closed or annulled before the ballot is in ends in `ended`, as
 * does the server's final refusal of a delegate who checked in after the
 * poll opened (`arrived_after_opening`): no retry is offered. While
 * sending, a lost connection is noted but the pending ballot is kept: the
 * server's answer (or a retry) decides, never a guess. A poll the server
 * says this delegate has voted in (`voted`, from the snapshot) shows the
 * receipt, not the ballot again (after a reload, or a vote from another
 * device).
 */
import type {
  BallotReceipt,
  BallotRequest,
  Choice,
  Poll,
  PollOption,
  Rating,
} from "./types";

export type { Rating };
export const RATINGS: readonly Rating[] = ["high", "medium", "low"];

/** Yes / no / abstain, or the id of one of the poll's own options (phương án). */
export type BallotChoice = Choice | number;

export type Ballot =
  | { kind: "choice"; choice: BallotChoice }
  /** Official's person id → rating; an official left out is unrated. */
  | { kind: "ratings"; ratings: Readonly<Record<number, Rating>> }
  | { kind: "candidates"; candidates: readonly number[] };

/** The ballot being filled in (confidence and election polls). */
export type Draft =
  | { kind: "choice" }
  | { kind: "ratings"; ratings: Readonly<Record<number, Rating>> }
  | {
      kind: "candidates";
      candidates: readonly number[];
      /** The last toggle was refused: it would exceed `max_choices`. */
      refused: boolean;
    };

export type VoteState =
  /** `last`: the poll last handled, never offered again once dismissed. */
  | { name: "idle"; last: number | null }
  | { name: "unsupported"; poll: Poll }
  | { name: "choosing"; poll: Poll; draft: Draft }
  | { name: "confirming"; poll: Poll; ballot: Ballot }
  | { name: "sending"; poll: Poll; ballot: Ballot; connectionLost: boolean }
  | {
      name: "recorded";
      poll: Poll;
      secret: boolean;
      /** Named polls only; never kept for a secret ballot. */
      choice: BallotChoice | null;
      /** Known from the server's list, not from this page's own ballot. */
      restored: boolean;
    }
  | {
      name: "error";
      poll: Poll;
      ballot: Ballot;
      code: string;
      offline: boolean;
    }
  | { name: "ended"; poll: Poll; reason: EndReason };

/**
 * Why the panel takes no ballot in a poll: it closed or was annulled first,
 * or the server refused this delegate for good (checked in after the poll
 * opened: only the delegates present at the opening vote in it).
 */
export type EndReason = "closed" | "annulled" | "arrived_after_opening";

export type VoteEvent =
  /**
   * The session's polls changed (snapshot or event). `voted`: the polls the
   * server says this delegate has voted in (the snapshot's `voted_polls`).
   */
  | { type: "sync"; polls: readonly Poll[]; voted?: readonly number[] }
  | { type: "choose"; choice: BallotChoice }
  | { type: "rate"; official: number; rating: Rating }
  | { type: "toggle"; candidate: number }
  /** From the filled-in ratings or candidates to the confirm step. */
  | { type: "review" }
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

function sorted(poll: Poll): PollOption[] {
  return [...poll.options].sort((a, b) => a.position - b.position);
}

/** Whether the panel can take this poll's ballot (yes / no / abstain, or the poll's own options). */
export function isChoicePoll(poll: Poll): boolean {
  return (
    (poll.kind === "named" || poll.kind === "secret") &&
    poll.options.some(
      (o) => CHOICE_KINDS.includes(o.kind) || o.kind === "alternative",
    )
  );
}

/** The poll's choices in their order: yes/no/abstain, or its own options by id. */
export function choiceOptions(
  poll: Poll,
): { choice: BallotChoice; label: string }[] {
  return sorted(poll).flatMap((o): { choice: BallotChoice; label: string }[] =>
    o.kind === "alternative"
      ? [{ choice: o.id, label: o.label }]
      : CHOICE_KINDS.includes(o.kind)
        ? [{ choice: o.kind as Choice, label: o.label }]
        : [],
  );
}

/** The people on a confidence or election ballot, in their order. */
export function ballotPeople(
  poll: Poll,
): { personId: number; label: string }[] {
  const kind = poll.kind === "confidence" ? "official" : "candidate";
  return sorted(poll)
    .filter((o) => o.kind === kind && o.person_id != null)
    .map((o) => ({ personId: o.person_id as number, label: o.label }));
}

/** The officials a ratings ballot leaves unrated (invalid for them). */
export function unrated(
  poll: Poll,
  ratings: Readonly<Record<number, Rating>>,
): number[] {
  return ballotPeople(poll)
    .map((p) => p.personId)
    .filter((id) => ratings[id] === undefined);
}

/** The request body of `POST /api/polls/{id}/ballot`. */
export function ballotBody(ballot: Ballot): BallotRequest {
  switch (ballot.kind) {
    case "choice":
      return typeof ballot.choice === "number"
        ? { option: ballot.choice }
        : { choice: ballot.choice };
    case "ratings":
      return { ratings: { ...ballot.ratings } };
    case "candidates":
      return { candidates: [...ballot.candidates] };
  }
}

function emptyDraft(poll: Poll): Draft | null {
  if (isChoicePoll(poll)) return { kind: "choice" };
  if (poll.kind === "confidence" && ballotPeople(poll).length > 0)
    return { kind: "ratings", ratings: {} };
  if (poll.kind === "election" && ballotPeople(poll).length > 0)
    return { kind: "candidates", candidates: [], refused: false };
  return null;
}

function start(poll: Poll, voted: readonly number[] | undefined): VoteState {
  if (voted?.includes(poll.id)) return restoredReceipt(poll);
  const draft = emptyDraft(poll);
  return draft
    ? { name: "choosing", poll, draft }
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

function restoredReceipt(poll: Poll): VoteState {
  return {
    name: "recorded",
    poll,
    secret: poll.kind !== "named",
    choice: null,
    restored: true,
  };
}

/** The draft a ballot came from, for going back from the confirm step. */
function draftOf(ballot: Ballot): Draft {
  switch (ballot.kind) {
    case "choice":
      return { kind: "choice" };
    case "ratings":
      return { kind: "ratings", ratings: ballot.ratings };
    case "candidates":
      return {
        kind: "candidates",
        candidates: ballot.candidates,
        refused: false,
      };
  }
}

function sync(
  state: VoteState,
  polls: readonly Poll[],
  voted: readonly number[] | undefined,
): VoteState {
  const open = polls.find((p) => p.state === "open") ?? null;
  if (state.name === "idle")
    return open && open.id !== state.last ? start(open, voted) : state;

  const tracked = polls.find((p) => p.id === state.poll.id);
  // A new poll replaces a finished one (recorded, ended, unsupported).
  if (
    open &&
    open.id !== state.poll.id &&
    (state.name === "recorded" ||
      state.name === "ended" ||
      state.name === "unsupported")
  ) {
    return start(open, voted);
  }
  if (!tracked)
    return open ? start(open, voted) : { name: "idle", last: state.poll.id };

  const gone = tracked.state === "closed" || tracked.state === "annulled";
  const hasVoted = voted?.includes(tracked.id) ?? false;
  switch (state.name) {
    case "choosing":
    case "confirming":
    case "error":
    case "unsupported":
      if (tracked.state === "annulled")
        return { name: "ended", poll: tracked, reason: "annulled" };
      // Voted from elsewhere (another device, or a ballot whose answer was
      // lost): the server's word beats the panel still asking.
      if (hasVoted) return restoredReceipt(tracked);
      return gone
        ? { name: "ended", poll: tracked, reason: "closed" }
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

function rate(state: VoteState, official: number, rating: Rating): VoteState {
  if (state.name !== "choosing" || state.draft.kind !== "ratings") return state;
  if (!ballotPeople(state.poll).some((p) => p.personId === official))
    return state;
  return {
    ...state,
    draft: {
      kind: "ratings",
      ratings: { ...state.draft.ratings, [official]: rating },
    },
  };
}

function toggle(state: VoteState, candidate: number): VoteState {
  if (state.name !== "choosing" || state.draft.kind !== "candidates")
    return state;
  if (!ballotPeople(state.poll).some((p) => p.personId === candidate))
    return state;
  const chosen = state.draft.candidates;
  if (chosen.includes(candidate)) {
    return {
      ...state,
      draft: {
        kind: "candidates",
        candidates: chosen.filter((c) => c !== candidate),
        refused: false,
      },
    };
  }
  if (chosen.length >= state.poll.max_choices) {
    return { ...state, draft: { ...state.draft, refused: true } };
  }
  return {
    ...state,
    draft: {
      kind: "candidates",
      candidates: [...chosen, candidate],
      refused: false,
    },
  };
}

function review(state: VoteState): VoteState {
  if (state.name !== "choosing") return state;
  const draft = state.draft;
  switch (draft.kind) {
    case "choice":
      return state;
    case "ratings":
      return {
        name: "confirming",
        poll: state.poll,
        ballot: { kind: "ratings", ratings: draft.ratings },
      };
    case "candidates": {
      // In the poll's order, whatever order they were ticked in.
      const order = ballotPeople(state.poll).map((p) => p.personId);
      const candidates = order.filter((id) => draft.candidates.includes(id));
      return {
        name: "confirming",
        poll: state.poll,
        ballot: { kind: "candidates", candidates },
      };
    }
  }
}

export function transition(state: VoteState, event: VoteEvent): VoteState {
  switch (event.type) {
    case "sync":
      return sync(state, event.polls, event.voted);
    case "choose":
      return state.name === "choosing" && state.draft.kind === "choice"
        ? {
            name: "confirming",
            poll: state.poll,
            ballot: { kind: "choice", choice: event.choice },
          }
        : state;
    case "rate":
      return rate(state, event.official, event.rating);
    case "toggle":
      return toggle(state, event.candidate);
    case "review":
      return review(state);
    case "back":
      return state.name === "confirming"
        ? { name: "choosing", poll: state.poll, draft: draftOf(state.ballot) }
        : state;
    case "confirm":
      return state.name === "confirming"
        ? {
            name: "sending",
            poll: state.poll,
            ballot: state.ballot,
            connectionLost: false,
          }
        : state;
    case "retry":
      return state.name === "error"
        ? {
            name: "sending",
            poll: state.poll,
            ballot: state.ballot,
            connectionLost: false,
          }
        : state;
    case "sent":
      return state.name === "sending" && event.receipt.poll_id === state.poll.id
        ? {
            name: "recorded",
            poll: state.poll,
            secret: event.receipt.secret,
            choice:
              !event.receipt.secret && state.ballot.kind === "choice"
                ? state.ballot.choice
                : null,
            restored: false,
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
          restored: true,
        };
      }
      if (event.code === "poll_not_open") {
        return { name: "ended", poll: state.poll, reason: "closed" };
      }
      // Final: sending again would be refused again.
      if (event.code === "arrived_after_opening") {
        return {
          name: "ended",
          poll: state.poll,
          reason: "arrived_after_opening",
        };
      }
      return {
        name: "error",
        poll: state.poll,
        ballot: state.ballot,
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
