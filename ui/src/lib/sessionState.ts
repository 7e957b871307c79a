/**
 * The live state of a session: a snapshot from the server, then the events
 * that follow it, applied in sequence. Pure functions, no I/O.
 *
 * The session stream's sequence numbers are contiguous, so an event whose
 * seq is more than one past the last applied reveals a gap: the caller must
 * load a new snapshot (and may keep the event to apply after it).
 */
import type {
  AgendaItem,
  Attendance,
  Poll,
  Quorum,
  Session,
  SessionEvent,
  SessionSnapshot,
  SessionState,
  Sitting,
  Speech,
} from "./types";
import { applyOrder } from "./reorder";

export type ApplyOutcome = "applied" | "duplicate" | "gap";

export interface ApplyResult {
  state: SessionSnapshot;
  outcome: ApplyOutcome;
}

/** Applies one event if it is the next in sequence. */
export function applyEvent(
  state: SessionSnapshot,
  event: SessionEvent,
): ApplyResult {
  if (event.seq <= state.seq) return { state, outcome: "duplicate" };
  if (event.seq > state.seq + 1) return { state, outcome: "gap" };
  return {
    state: { ...reduce(state, event), seq: event.seq },
    outcome: "applied",
  };
}

/**
 * Applies a batch of buffered events on top of a (new) snapshot: those at or
 * below its seq are skipped, the rest applied in order until a gap.
 * Returns the state and the events left after a gap (empty if none).
 */
export function replay(
  snapshot: SessionSnapshot,
  events: readonly SessionEvent[],
): { state: SessionSnapshot; gap: boolean } {
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  let state = snapshot;
  for (const event of sorted) {
    const result = applyEvent(state, event);
    if (result.outcome === "gap") return { state, gap: true };
    state = result.state;
  }
  return { state, gap: false };
}

function upsert<T extends { id: number }>(list: readonly T[], item: T): T[] {
  const index = list.findIndex((x) => x.id === item.id);
  if (index === -1) return [...list, item];
  const copy = list.slice();
  copy[index] = item;
  return copy;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** The state after one event; kinds the floor does not show leave it as is. */
function reduce(state: SessionSnapshot, event: SessionEvent): SessionSnapshot {
  const p = event.payload;
  if (!isObject(p)) return state;
  switch (event.kind) {
    case "session.updated":
      return { ...state, session: p as unknown as Session };
    case "session.state_changed": {
      const to = p["to"] as SessionState;
      return {
        ...state,
        session: { ...state.session, state: to },
        // From the start, check-in is always open (`check_in_opens_at`).
        check_in_opens_at:
          to === "in_progress" ? null : state.check_in_opens_at,
      };
    }
    case "sitting.begun": {
      // A new sitting: its roll starts afresh (the last one is kept on
      // the server, for its attendance report).
      const sitting = p["sitting"] as Sitting;
      const first = state.current_sitting_id === sitting.id;
      return {
        ...state,
        sittings: upsert(state.sittings, sitting),
        current_sitting_id: sitting.id,
        attendance: first ? state.attendance : [],
        quorum: (p["quorum"] as Quorum | undefined) ?? state.quorum,
      };
    }
    case "sitting.created":
    case "sitting.updated":
      return {
        ...state,
        sittings: upsert(state.sittings, p as unknown as Sitting),
      };
    case "agenda_item.created":
    case "agenda_item.added_urgent":
    case "agenda_item.updated":
    case "agenda_item.closed": {
      const item = p as unknown as AgendaItem;
      const agenda = upsert(state.agenda, item);
      const current =
        event.kind === "agenda_item.closed" && state.current_item_id === item.id
          ? null
          : state.current_item_id;
      return { ...state, agenda, current_item_id: current };
    }
    case "agenda_item.opened": {
      const item = p as unknown as AgendaItem;
      // Opening an item closes the one that was current.
      const agenda = upsert(
        state.agenda.map((x) =>
          x.state === "current" && x.id !== item.id
            ? { ...x, state: "done" as const, opened_at: null }
            : x,
        ),
        item,
      );
      return { ...state, agenda, current_item_id: item.id };
    }
    case "agenda.reordered": {
      const order = p["order"];
      if (!Array.isArray(order)) return state;
      return { ...state, agenda: applyOrder(state.agenda, order as number[]) };
    }
    case "speakers.reordered": {
      const order = p["order"];
      if (!Array.isArray(order)) return state;
      return {
        ...state,
        speeches: applyOrder(state.speeches, order as number[]),
      };
    }
    case "attendance.changed": {
      const record = p["attendance"] as Attendance;
      const attendance = state.attendance.some(
        (a) => a.person_id === record.person_id,
      )
        ? state.attendance.map((a) =>
            a.person_id === record.person_id ? record : a,
          )
        : [...state.attendance, record];
      return { ...state, attendance, quorum: p["quorum"] as Quorum };
    }
    case "speech.requested":
    case "speech.started":
    case "speech.resumed":
    case "speech.paused":
    case "speech.ended":
    case "speech.withdrawn":
    case "speech.limit_changed":
    case "speech.one_minute_left":
    case "speech.time_up":
      return {
        ...state,
        speeches: upsert(state.speeches, p as unknown as Speech),
      };
    case "poll.opened":
      return {
        ...state,
        polls: upsert(state.polls, p["poll"] as Poll),
        quorum: (p["quorum"] as Quorum | undefined) ?? state.quorum,
      };
    case "poll.created":
    case "poll.closed":
    case "poll.annulled":
    case "poll.names_shown":
      return { ...state, polls: upsert(state.polls, p as unknown as Poll) };
    case "poll.participation": {
      const pollId = p["poll_id"] as number;
      const cast = p["ballots_cast"] as number;
      return {
        ...state,
        polls: state.polls.map((x) =>
          x.id === pollId ? { ...x, ballots_cast: cast } : x,
        ),
      };
    }
    default:
      return state;
  }
}

/* Selectors used by several views. */

export function currentItem(state: SessionSnapshot): AgendaItem | null {
  return (
    state.agenda.find((x) => x.id === state.current_item_id) ??
    state.agenda.find((x) => x.state === "current") ??
    null
  );
}

/** The sittings in order, as the server orders them (start, then id). */
export function orderedSittings(state: SessionSnapshot): Sitting[] {
  return [...state.sittings].sort(
    (a, b) => a.starts_at.localeCompare(b.starts_at) || a.id - b.id,
  );
}

/** The sitting attendance is kept for, if the session has sittings. */
export function currentSitting(state: SessionSnapshot): Sitting | null {
  return state.sittings.find((s) => s.id === state.current_sitting_id) ?? null;
}

/** The sitting after the current one, which the chair may begin next. */
export function nextSitting(state: SessionSnapshot): Sitting | null {
  const ordered = orderedSittings(state);
  const current = ordered.findIndex((s) => s.id === state.current_sitting_id);
  return ordered[current + 1] ?? null;
}

export function openPoll(state: SessionSnapshot): Poll | null {
  return state.polls.find((x) => x.state === "open") ?? null;
}

/** The latest closed poll, for the chamber screen's result. */
export function lastClosedPoll(state: SessionSnapshot): Poll | null {
  const closed = state.polls.filter((x) => x.state === "closed" && x.result);
  return closed.reduce<Poll | null>(
    (best, x) =>
      best === null || (x.closed_at ?? "") > (best.closed_at ?? "") ? x : best,
    null,
  );
}

/**
 * The speech under way (speaking or paused) on the current item: a speech
 * paused under an item the chair has moved off is not on the floor.
 */
export function runningSpeech(state: SessionSnapshot): Speech | null {
  const item = currentItem(state);
  if (!item) return null;
  return (
    state.speeches.find(
      (x) =>
        x.agenda_item_id === item.id &&
        (x.state === "speaking" || x.state === "paused"),
    ) ?? null
  );
}

/**
 * Speeches paused under an item the chair has moved off: they wait for
 * their item, and the chair may end them from anywhere.
 */
export function pausedElsewhere(state: SessionSnapshot): Speech[] {
  const item = currentItem(state);
  return state.speeches.filter(
    (x) => x.state === "paused" && x.agenda_item_id !== item?.id,
  );
}

/** Queued, speaking and paused speeches of an item, in queue order. */
export function speakerQueue(state: SessionSnapshot, itemId: number): Speech[] {
  return state.speeches
    .filter(
      (x) =>
        x.agenda_item_id === itemId &&
        (x.state === "queued" ||
          x.state === "speaking" ||
          x.state === "paused"),
    )
    .sort((a, b) => a.position - b.position);
}

export function attendanceOf(
  state: SessionSnapshot,
  personId: number,
): Attendance | null {
  return state.attendance.find((a) => a.person_id === personId) ?? null;
}

/** Top-level items in order, each followed by its sub-items. */
export function orderedAgenda(agenda: readonly AgendaItem[]): AgendaItem[] {
  const top = agenda
    .filter((x) => x.parent_id == null)
    .sort((a, b) => a.position - b.position);
  return top.flatMap((item) => [
    item,
    ...agenda
      .filter((x) => x.parent_id === item.id)
      .sort((a, b) => a.position - b.position),
  ]);
}

/**
 * Milliseconds left of a speech's time at `nowMs` (server clock), negative
 * once over; running time counts only while speaking.
 */
export function speechRemainingMs(speech: Speech, nowMs: number): number {
  const running =
    speech.state === "speaking" && speech.running_since
      ? Math.max(0, nowMs - Date.parse(speech.running_since))
      : 0;
  return speech.limit_seconds * 1000 - (speech.used_ms + running);
}

/**
 * Time spent on an agenda item at `nowMs` (server clock): earlier stretches
 * (`elapsed_seconds`) plus the current one while it is the current item.
 */
export function itemElapsedMs(item: AgendaItem, nowMs: number): number {
  const running =
    item.state === "current" && item.opened_at
      ? Math.max(0, nowMs - Date.parse(item.opened_at))
      : 0;
  return item.elapsed_seconds * 1000 + running;
}
