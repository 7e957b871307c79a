/**
 * The attendance desk as pure data: every delegate with where they stand
 * (in the chamber, online, absent with a reason, checked out, not yet
 * arrived), what the secretary may do next for them, and a name filter
 * that works without tone marks ("nguyen van an" finds "Nguyễn Văn An").
 */
import { fold } from "./fold";
import type { Named, RosterPerson } from "./setupApi";
import type { Attendance } from "./types";

export type DeskStatus = "chamber" | "online" | "absent" | "left" | "not_yet";
export type DeskAction =
  "check_in_chamber" | "check_in_online" | "check_out" | "mark_absent";

export interface DeskRow {
  person: RosterPerson;
  group: string;
  status: DeskStatus;
  reason: string;
  updatedAt: string | null;
}

export function statusOf(record: Attendance | undefined): DeskStatus {
  if (!record) return "not_yet";
  switch (record.status) {
    case "present":
      return record.mode === "online" ? "online" : "chamber";
    case "absent":
      return "absent";
    case "left":
      return "left";
  }
}

/** Delegates only (officials and guests hold no seat), sorted by name as Vietnamese sorts. */
export function deskRows(
  people: readonly RosterPerson[],
  attendance: readonly Attendance[],
  groups: readonly Named[],
  locale = "vi",
): DeskRow[] {
  const byPerson = new Map(attendance.map((a) => [a.person_id, a]));
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  const collator = new Intl.Collator(locale);
  return people
    .filter((p) => p.kind === "delegate")
    .map((person) => {
      const record = byPerson.get(person.id);
      return {
        person,
        group:
          person.delegate_group_id == null
            ? ""
            : (groupName.get(person.delegate_group_id) ?? ""),
        status: statusOf(record),
        reason: record?.status === "absent" ? record.reason : "",
        updatedAt: record?.updated_at ?? null,
      };
    })
    .sort((a, b) => collator.compare(a.person.full_name, b.person.full_name));
}

/** Rows whose name or delegate group contains every word of the query. */
export function filterRows(rows: readonly DeskRow[], query: string): DeskRow[] {
  const words = fold(query).split(" ").filter(Boolean);
  if (words.length === 0) return [...rows];
  return rows.filter((row) => {
    const haystack = fold(`${row.person.full_name} ${row.group}`);
    return words.every((w) => haystack.includes(w));
  });
}

export function countByStatus(
  rows: readonly DeskRow[],
): Record<DeskStatus, number> {
  const counts: Record<DeskStatus, number> = {
    chamber: 0,
    online: 0,
    absent: 0,
    left: 0,
    not_yet: 0,
  };
  for (const row of rows) counts[row.status]++;
  return counts;
}

/** What the desk offers for a delegate in this state. */
export function actionsFor(status: DeskStatus): DeskAction[] {
  switch (status) {
    case "chamber":
      return ["check_in_online", "check_out"];
    case "online":
      return ["check_in_chamber", "check_out"];
    case "absent":
    case "left":
    case "not_yet":
      return ["check_in_chamber", "check_in_online", "mark_absent"];
  }
}
