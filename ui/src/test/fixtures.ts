/** Small, realistic fixtures shaped like the demo server's answers. */
import type {
  AgendaItem,
  Poll,
  SessionEvent,
  SessionSnapshot,
  Speech,
} from "../lib/types";

export function item(
  id: number,
  state: AgendaItem["state"] = "pending",
): AgendaItem {
  return {
    id,
    session_id: 1,
    parent_id: null,
    position: id,
    title: `Nội dung ${id}`,
    presenter: "Ủy ban nhân dân thành phố",
    planned_minutes: 30,
    state,
    urgent: false,
    opened_at: state === "current" ? "2026-12-08T01:00:00Z" : null,
    elapsed_seconds: 0,
  };
}

export function poll(
  id: number,
  state: Poll["state"],
  kind: Poll["kind"] = "named",
): Poll {
  return {
    id,
    session_id: 1,
    agenda_item_id: 2,
    kind,
    title: `Thông qua Nghị quyết số ${id}`,
    state,
    max_choices: 0,
    ballots_cast: 0,
    options: [
      { id: id * 10 + 1, position: 1, kind: "yes", label: "Tán thành" },
      { id: id * 10 + 2, position: 2, kind: "no", label: "Không tán thành" },
      {
        id: id * 10 + 3,
        position: 3,
        kind: "abstain",
        label: "Không biểu quyết",
      },
    ],
    result: null,
  };
}

export function speech(
  id: number,
  state: Speech["state"],
  extra: Partial<Speech> = {},
): Speech {
  return {
    id,
    session_id: 1,
    agenda_item_id: 2,
    person_id: 10 + id,
    kind: "debate",
    state,
    position: id,
    limit_seconds: 420,
    used_ms: 0,
    running_since: null,
    warned: false,
    timed_out: false,
    requested_at: "2026-12-08T01:00:00Z",
    ...extra,
  };
}

export function snapshot(
  seq: number,
  extra: Partial<SessionSnapshot> = {},
): SessionSnapshot {
  return {
    seq,
    council: {
      id: 1,
      name: "Hội đồng nhân dân thành phố Hải Phòng",
      total_seats: 50,
      yes_label: "Tán thành",
      no_label: "Không tán thành",
      abstain_label: "Không biểu quyết",
      speech_limit_seconds: 420,
      majority: {
        base: "total_seats",
        fraction: { numerator: 1, denominator: 2 },
        strict: true,
      },
      quorum: { numerator: 2, denominator: 3 },
    },
    session: {
      id: 1,
      council_id: 1,
      number: 4,
      kind: "regular",
      title: "Kỳ họp thường lệ cuối năm 2026",
      place: "Hội trường",
      planned_start: "2026-12-08",
      planned_end: "2026-12-10",
      state: "in_progress",
    },
    sittings: [],
    agenda: [item(1, "current"), item(2), item(3)],
    current_item_id: 1,
    attendance: [],
    quorum: { present: 0, total_seats: 50, required: 34, reached: false },
    speeches: [],
    polls: [],
    server_time: "2026-12-08T01:05:00Z",
    ...extra,
  };
}

export function event(
  seq: number,
  kind: string,
  payload: unknown,
): SessionEvent {
  return {
    stream: "session:1",
    seq,
    at: "2026-12-08T01:05:00Z",
    actor: 3,
    kind,
    payload,
    hash: "x",
  };
}
