/**
 * What the chamber screen says besides the current item: the time in the
 * chamber (Vietnam), who speaks next, and who a speaker is (their delegate
 * group, the official a question asks, an official's position).
 */
import type { Person, SessionSnapshot, Speech } from "./types";

/** The speeches waiting on an item, in queue order (the running one left out). */
export function nextSpeakers(
  state: SessionSnapshot,
  itemId: number,
  count: number,
): Speech[] {
  return state.speeches
    .filter((s) => s.agenda_item_id === itemId && s.state === "queued")
    .sort((a, b) => a.position - b.position)
    .slice(0, count);
}

export interface Roster {
  people: readonly Person[];
  /** Delegate group names by id. */
  groups: ReadonlyMap<number, string>;
}

/**
 * The line under a speaker's name: a question names whom it asks, an
 * official their position, a delegate their group; "" when none is known.
 */
export function speakerDetail(
  speech: Speech,
  roster: Roster,
  words: { question: (name: string) => string },
): string {
  const person = roster.people.find((p) => p.id === speech.person_id);
  if (speech.kind === "question" && speech.addressed_to != null) {
    const asked = roster.people.find((p) => p.id === speech.addressed_to);
    if (asked) return words.question(asked.full_name);
  }
  if (!person) return "";
  if (person.kind === "official") return person.position_title;
  return person.delegate_group_id != null
    ? (roster.groups.get(person.delegate_group_id) ?? "")
    : "";
}

/** The chamber's clock: "09:05" and "Thứ Tư, ngày 02/12/2026", in Vietnam's time. */
export function chamberClock(
  nowMs: number,
  locale: string,
): { time: string; date: string } {
  const at = new Date(nowMs);
  const zone = "Asia/Ho_Chi_Minh";
  const time = new Intl.DateTimeFormat(locale, {
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
    timeZone: zone,
  }).format(at);
  const date = new Intl.DateTimeFormat(locale, {
    weekday: "long",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    timeZone: zone,
  }).format(at);
  return { time, date };
}
