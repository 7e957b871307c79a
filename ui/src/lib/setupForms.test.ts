import { describe, expect, it } from "vitest";
import {
  checkAgendaItem,
  checkCouncil,
  checkNamed,
  checkNewCouncil,
  defaultCouncilInput,
  checkSession,
  checkSitting,
  checkTerm,
  type CouncilInput,
} from "./setupForms";

const council: CouncilInput = {
  name: "  HĐND thành phố  Hải Phòng ",
  place_name: "Hải Phòng",
  total_seats: 50,
  yes_label: "Tán thành",
  no_label: "Không tán thành",
  abstain_label: "Không biểu quyết",
  majority_base: "total_seats",
  majority_numerator: 1,
  majority_denominator: 2,
  majority_strict: true,
  quorum_numerator: 2,
  quorum_denominator: 3,
  below_quorum: "warn",
  lead_time_days: 7,
  speech_limit_minutes: 7,
  first_speakers_first: true,
  long_term_signatures: true,
};

const fields = (r: { ok: boolean; problems?: object }) =>
  r.ok ? [] : Object.keys(r.problems ?? {}).sort();

describe("set-up forms", () => {
  it("turn a good council form into the patch the server takes", () => {
    const r = checkCouncil(council);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.name).toBe("HĐND thành phố Hải Phòng");
    expect(r.value.speech_limit_seconds).toBe(420);
    expect(r.value.majority).toEqual({
      base: "total_seats",
      fraction: { numerator: 1, denominator: 2 },
      strict: true,
    });
  });

  it("name each bad council field by the server's field name", () => {
    const r = checkCouncil({
      ...council,
      yes_label: " ",
      total_seats: 0,
      quorum_numerator: 4,
      quorum_denominator: 3,
      majority_denominator: null,
      lead_time_days: 2.5,
      speech_limit_minutes: 0.1,
    });
    expect(fields(r)).toEqual([
      "lead_time_days",
      "majority.fraction.denominator",
      "quorum",
      "speech_limit_seconds",
      "total_seats",
      "yes_label",
    ]);
  });

  it("refuse a term or session that ends before it starts", () => {
    expect(
      fields(
        checkTerm({ name: "2021–2026", start_year: 2026, end_year: 2021 }),
      ),
    ).toEqual(["end_year"]);
    expect(
      checkTerm({ name: "2021–2026", start_year: 2021, end_year: 2026 }).ok,
    ).toBe(true);
    const session = {
      term_id: 1,
      number: 12,
      kind: "regular" as const,
      title: "Kỳ họp thường lệ cuối năm",
      place: "Hội trường",
      planned_start: "2026-12-10",
      planned_end: "2026-12-09",
    };
    expect(fields(checkSession(session))).toEqual(["planned_end"]);
    expect(checkSession({ ...session, planned_end: "2026-12-12" }).ok).toBe(
      true,
    );
    expect(
      fields(
        checkSession({
          ...session,
          term_id: null,
          planned_start: "",
          number: null,
        }),
      ),
    ).toEqual(["number", "planned_start", "term_id"]);
  });

  it("send a sitting's start, Vietnam's wall clock, as UTC", () => {
    const r = checkSitting({
      title: "Phiên sáng",
      starts_at: "2026-12-10T08:00",
    });
    // 08:00 in Hà Nội whatever the laptop's zone (these tests run in New
    // York's: package.json).
    expect(r.ok && r.value.starts_at).toBe("2026-12-10T01:00:00.000Z");
    const early = checkSitting({
      title: "Phiên sớm",
      starts_at: "2026-12-10T06:30:15",
    });
    expect(early.ok && early.value.starts_at).toBe("2026-12-09T23:30:15.000Z");
    expect(
      fields(checkSitting({ title: "x", starts_at: "10/12/2026" })),
    ).toEqual(["starts_at"]);
    expect(fields(checkSitting({ title: "", starts_at: "" }))).toEqual([
      "starts_at",
      "title",
    ]);
  });

  it("accept an agenda item without planned minutes, refuse a day-long one", () => {
    const item = {
      parent_id: null,
      title: "Tờ trình",
      presenter: "",
      planned_minutes: null,
    };
    const ok = checkAgendaItem(item);
    expect(ok.ok && ok.value.planned_minutes).toBe(0);
    expect(fields(checkAgendaItem({ ...item, planned_minutes: 1441 }))).toEqual(
      ["planned_minutes"],
    );
  });
});

describe("admin set-up forms", () => {
  it("refuse fewer seats than the delegates already on the roster", () => {
    const r = checkCouncil({ ...council, total_seats: 24 }, 25);
    expect(!r.ok && r.problems["total_seats"]).toEqual({
      key: "admin.check.seatsBelowDelegates",
      params: { count: 25 },
    });
    expect(checkCouncil({ ...council, total_seats: 25 }, 25).ok).toBe(true);
  });

  it("turn a new council with the defaults into NewCouncil", () => {
    const r = checkNewCouncil({
      ...defaultCouncilInput(),
      name: "HĐND xã An Lão",
      place_name: "An Lão",
      total_seats: 25,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      name: "HĐND xã An Lão",
      place_name: "An Lão",
      total_seats: 25,
      yes_label: "Tán thành",
      majority: {
        base: "total_seats",
        fraction: { numerator: 1, denominator: 2 },
        strict: true,
      },
      quorum: { numerator: 2, denominator: 3 },
      speech_limit_seconds: 420,
    });
    expect(fields(checkNewCouncil(defaultCouncilInput()))).toEqual([
      "name",
      "place_name",
      "total_seats",
    ]);
  });

  it("check a group's or committee's name against the list", () => {
    const list = [
      { id: 1, name: "Tổ đại biểu số 1" },
      { id: 2, name: "Ban Pháp chế" },
    ];
    expect(checkNamed("  Tổ đại biểu  số 2 ", list)).toEqual({
      ok: true,
      value: { name: "Tổ đại biểu số 2" },
    });
    const taken = checkNamed("to dai bieu so 1", list);
    expect(!taken.ok && taken.problems["name"]?.key).toBe(
      "admin.check.nameTaken",
    );
    // Renaming an entry to its own name with tone marks fixed.
    expect(checkNamed("Tổ Đại biểu số 1", list, 1).ok).toBe(true);
    expect(fields(checkNamed("x".repeat(301), list))).toEqual(["name"]);
    expect(fields(checkNamed("   ", list))).toEqual(["name"]);
  });
});
