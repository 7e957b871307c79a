import { describe, expect, it } from "vitest";
import {
  actionsFor,
  countByStatus,
  deskRows,
  filterRows,
  statusOf,
} from "./attendanceDesk";
import type { RosterPerson } from "./setupApi";
import type { Attendance } from "./types";

const person = (
  id: number,
  full_name: string,
  kind: RosterPerson["kind"] = "delegate",
  delegate_group_id: number | null = 1,
): RosterPerson => ({
  id,
  council_id: 1,
  kind,
  full_name,
  position_title: "",
  organization: "",
  delegate_group_id,
  committee_ids: [],
});

const record = (
  person_id: number,
  status: Attendance["status"],
  extra: Partial<Attendance> = {},
): Attendance => ({
  session_id: 1,
  person_id,
  status,
  mode: null,
  reason: "",
  updated_at: "2026-01-05T01:00:00Z",
  ...extra,
});

const people = [
  person(1, "Trần Văn Bình"),
  person(2, "Nguyễn Thị An", "delegate", null),
  person(3, "Đặng Văn Đức"),
  person(4, "Lê Hoàng", "official"),
  person(5, "Phạm Thu Hà", "delegate", 2),
];
const attendance = [
  record(1, "present", { mode: "chamber" }),
  record(3, "absent", { reason: "Đi công tác" }),
  record(5, "present", { mode: "online" }),
  record(4, "present", { mode: "chamber" }),
];
const groups = [
  { id: 1, council_id: 1, name: "Tổ số 1" },
  { id: 2, council_id: 1, name: "Tổ Ngô Quyền" },
];

describe("attendance desk", () => {
  it("lists every delegate, and only delegates, in Vietnamese order", () => {
    const rows = deskRows(people, attendance, groups);
    expect(rows.map((r) => [r.person.id, r.status, r.reason, r.group])).toEqual(
      [
        [3, "absent", "Đi công tác", "Tổ số 1"],
        [2, "not_yet", "", ""],
        [5, "online", "", "Tổ Ngô Quyền"],
        [1, "chamber", "", "Tổ số 1"],
      ],
    );
    expect(countByStatus(rows)).toEqual({
      chamber: 1,
      online: 1,
      absent: 1,
      left: 0,
      not_yet: 1,
    });
  });

  it("tells checked-out delegates from those not yet arrived", () => {
    expect(statusOf(record(1, "left"))).toBe("left");
    expect(statusOf(undefined)).toBe("not_yet");
  });

  it("filters by name or group without tone marks, word by word", () => {
    const rows = deskRows(people, attendance, groups);
    const names = (q: string) => filterRows(rows, q).map((r) => r.person.id);
    expect(names("dang duc")).toEqual([3]);
    expect(names("  VĂN ")).toEqual([3, 1]);
    expect(names("ngo quyen")).toEqual([5]);
    expect(names("")).toHaveLength(4);
    expect(names("xyz")).toEqual([]);
  });

  it("offers what can be done next", () => {
    expect(actionsFor("chamber")).toEqual(["check_in_online", "check_out"]);
    expect(actionsFor("not_yet")).toContain("mark_absent");
    expect(actionsFor("online")).not.toContain("mark_absent");
  });
});
