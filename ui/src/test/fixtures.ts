/** Small, realistic fixtures shaped like the demo server's answers. */
import type {
  AgendaItem,
  Note,
  Poll,
  PollResult,
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
    rule: {
      base: "total_seats",
      fraction: { numerator: 1, denominator: 2 },
      strict: true,
    },
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
    public_key:
      kind !== "named" && state !== "draft"
        ? "4sYgUsbJdAoHlgE-JhxN8BnEvUbNsQ2j8iOsRlhK4nM"
        : null,
    present_at_open: state === "draft" ? null : 48,
    // As the server: set at the opening, none for a confidence vote.
    threshold:
      state === "draft" || kind === "confidence"
        ? null
        : {
            rule_base: 50,
            votes_needed: 26,
            text: `Cần quá nửa tổng số đại biểu: từ 26/50 ${kind === "election" ? "phiếu bầu" : "phiếu tán thành"} trở lên.`,
          },
    revote_of: null,
    created_at: "2026-12-08T00:30:00Z",
    opened_at: null,
    closed_at: null,
    annulled_at: null,
    annul_reason: null,
  };
}

/** A closed poll's result: 48 of 50 took part, 45 in favour. */
export function pollResult(extra: Partial<PollResult> = {}): PollResult {
  return {
    total_seats: 50,
    present: 48,
    ballots_cast: 48,
    participation_percent: "96,00%",
    passed: true,
    invariants_hold: true,
    rule: {
      base: "total_seats",
      fraction: { numerator: 1, denominator: 2 },
      strict: true,
    },
    rule_base: 50,
    votes_needed: 26,
    options: [],
    summary: "Có 48/50 đại biểu tham gia biểu quyết (96,00%)",
    ...extra,
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
    addressed_to: null,
    state,
    position: id,
    limit_seconds: 420,
    used_ms: 0,
    running_since: null,
    warned: false,
    timed_out: false,
    requested_at: "2026-12-08T01:00:00Z",
    ended_at: null,
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
      first_speakers_first: false,
      long_term_signatures: true,
      below_quorum: "warn",
      lead_time_days: 7,
      place_name: "Hải Phòng",
      created_at: "2026-01-01T00:00:00Z",
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
      term_id: 1,
      created_at: "2026-11-01T00:00:00Z",
    },
    sittings: [],
    current_sitting_id: null,
    check_in_opens_at: null,
    agenda: [item(1, "current"), item(2), item(3)],
    current_item_id: 1,
    attendance: [],
    quorum: { present: 0, total_seats: 50, required: 34, reached: false },
    speeches: [],
    polls: [],
    voted_polls: [],
    server_time: "2026-12-08T01:05:00Z",
    ...extra,
  };
}

export function event(
  seq: number,
  kind: string,
  payload: SessionEvent["payload"],
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

/** A confidence vote on officials 71, 72 and 73. */
export function confidencePoll(id: number, state: Poll["state"]): Poll {
  return {
    ...poll(id, state, "confidence"),
    title: "Lấy phiếu tín nhiệm đối với người giữ chức vụ do HĐND bầu",
    options: [71, 72, 73].map((person, i) => ({
      id: id * 10 + i + 1,
      position: i + 1,
      kind: "official" as const,
      label: ["Trịnh Văn Lộc", "Đào Thị Mến", "Lê Minh Khôi"][i]!,
      person_id: person,
    })),
  };
}

/** An election of `seats` among candidates 81, 82 and 83. */
export function electionPoll(
  id: number,
  state: Poll["state"],
  seats = 2,
): Poll {
  return {
    ...poll(id, state, "election"),
    title: "Bầu Ủy viên Thường trực HĐND",
    max_choices: seats,
    // Listed out of position order on purpose: the ballot sorts them.
    options: [
      {
        id: id * 10 + 3,
        position: 3,
        kind: "candidate",
        label: "Vũ Thị Hoa",
        person_id: 83,
      },
      {
        id: id * 10 + 1,
        position: 1,
        kind: "candidate",
        label: "Phạm Văn An",
        person_id: 81,
      },
      {
        id: id * 10 + 2,
        position: 2,
        kind: "candidate",
        label: "Ngô Thị Bình",
        person_id: 82,
      },
    ],
  };
}

/** A note on page 2 of document 7 (version 1), quoting `quote`. */
export function note(id: number, body: string, quote: Note["quote"]): Note {
  return {
    id,
    document_id: 7,
    kind: "note",
    quote,
    body,
    made_on_version: 1,
    made_on_page: 2,
    page: 2,
    version: 1,
    orphaned: false,
    created_at: "2026-12-01T00:00:00Z",
    updated_at: "2026-12-01T00:00:00Z",
  };
}
