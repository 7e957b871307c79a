/**
 * Checks for the set-up forms, run before anything is sent. They mirror
 * the server's own rules (src/domain/*.rs) so that a form the browser
 * accepts is one the server accepts; each problem is keyed by the field
 * name the server would name in its `field`, so server errors land on the
 * same field.
 */
import type { MessageKey } from "../i18n/catalogs";
import type { Params } from "../i18n/interpolate";
import type {
  CouncilPatch,
  NewAgendaItem,
  NewNamed,
  NewSession,
  NewSitting,
  NewTerm,
  SessionKind,
} from "./setupApi";
import type { NewCouncil } from "./adminApi";
import type { MajorityRule } from "./types";
import { fold, tidy } from "./fold";

export interface Problem {
  key: MessageKey;
  params?: Params;
}
export type Problems = Record<string, Problem>;
export type Checked<T> =
  { ok: true; value: T } | { ok: false; problems: Problems };

export const MAX_NAME = 300;

/** Collects problems field by field; `done` gives the value only when there are none. */
export class Checker {
  readonly problems: Problems = {};

  add(field: string, problem: Problem | null): void {
    if (problem && !this.problems[field]) this.problems[field] = problem;
  }

  name(field: string, value: string): string {
    const v = tidy(value);
    if (v === "") this.add(field, { key: "setup.check.required" });
    else if (v.length > MAX_NAME)
      this.add(field, {
        key: "setup.check.tooLong",
        params: { max: MAX_NAME },
      });
    return v;
  }

  line(field: string, value: string): string {
    const v = tidy(value);
    if (v.length > MAX_NAME)
      this.add(field, {
        key: "setup.check.tooLong",
        params: { max: MAX_NAME },
      });
    return v;
  }

  int(
    field: string,
    value: number | null | undefined,
    min: number,
    max: number,
  ): number {
    if (value === null || value === undefined || Number.isNaN(value)) {
      this.add(field, { key: "setup.check.required" });
      return 0;
    }
    if (!Number.isInteger(value) || value < min || value > max)
      this.add(field, { key: "setup.check.range", params: { min, max } });
    return value;
  }

  done<T>(value: T): Checked<T> {
    return Object.keys(this.problems).length === 0
      ? { ok: true, value }
      : { ok: false, problems: this.problems };
  }
}

export interface CouncilInput {
  name: string;
  place_name: string;
  total_seats: number | null;
  yes_label: string;
  no_label: string;
  abstain_label: string;
  majority_base: MajorityRule["base"];
  majority_numerator: number | null;
  majority_denominator: number | null;
  majority_strict: boolean;
  quorum_numerator: number | null;
  quorum_denominator: number | null;
  /** Starting the session or opening a poll below the quorum. */
  below_quorum: "warn" | "refuse";
  lead_time_days: number | null;
  /** The form asks in minutes; the server keeps seconds. */
  speech_limit_minutes: number | null;
  first_speakers_first: boolean;
  long_term_signatures: boolean;
}

function fraction(
  c: Checker,
  field: string,
  numerator: number | null,
  denominator: number | null,
) {
  const n = c.int(`${field}.numerator`, numerator, 1, 1000);
  const d = c.int(`${field}.denominator`, denominator, 1, 1000);
  // The server's rule: a share in (0, 1].
  const partsOk =
    !c.problems[`${field}.numerator`] && !c.problems[`${field}.denominator`];
  if (partsOk && n > d) c.add(field, { key: "setup.check.fraction" });
  return { numerator: n, denominator: d };
}

/**
 * A new council's form as the server would fill it: "Tán thành" / "Không tán
 * thành" / "Không biểu quyết", more than half of all seats, two thirds
 * present, documents 7 days ahead, 7 minutes a speech (CouncilSettings::defaults).
 */
export function defaultCouncilInput(): CouncilInput {
  return {
    name: "",
    place_name: "",
    total_seats: null,
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
}

/**
 * `delegates`: how many delegates the council has now. The seats are the
 * base of every majority: fewer seats than delegates would let a resolution
 * pass with less than half of the delegates. The server does not check it.
 */
export function checkCouncil(
  input: CouncilInput,
  delegates = 0,
): Checked<CouncilPatch> {
  const c = new Checker();
  const minutes = input.speech_limit_minutes;
  let speechSeconds = 0;
  if (minutes === null || Number.isNaN(minutes))
    c.add("speech_limit_seconds", { key: "setup.check.required" });
  else {
    speechSeconds = Math.round(minutes * 60);
    if (speechSeconds < 10 || speechSeconds > 4 * 3600)
      c.add("speech_limit_seconds", {
        key: "setup.check.speechLimit",
        params: { max: 240 },
      });
  }
  const value: CouncilPatch = {
    name: c.name("name", input.name),
    place_name: c.name("place_name", input.place_name),
    total_seats: seats(c, input.total_seats, delegates),
    yes_label: c.name("yes_label", input.yes_label),
    no_label: c.name("no_label", input.no_label),
    abstain_label: c.name("abstain_label", input.abstain_label),
    majority: {
      base: input.majority_base,
      fraction: fraction(
        c,
        "majority.fraction",
        input.majority_numerator,
        input.majority_denominator,
      ),
      strict: input.majority_strict,
    },
    quorum: fraction(
      c,
      "quorum",
      input.quorum_numerator,
      input.quorum_denominator,
    ),
    below_quorum: input.below_quorum,
    lead_time_days: c.int("lead_time_days", input.lead_time_days, 0, 365),
    speech_limit_seconds: speechSeconds,
    first_speakers_first: input.first_speakers_first,
    long_term_signatures: input.long_term_signatures,
  };
  return c.done(value);
}

function seats(c: Checker, value: number | null, delegates: number): number {
  const n = c.int("total_seats", value, 1, 10_000);
  if (!c.problems["total_seats"] && n < delegates)
    c.add("total_seats", {
      key: "admin.check.seatsBelowDelegates",
      params: { count: delegates },
    });
  return n;
}

/** A new council: the same checks; name, place and seats are then set. */
export function checkNewCouncil(input: CouncilInput): Checked<NewCouncil> {
  const checked = checkCouncil(input);
  if (!checked.ok) return checked;
  const { name, place_name, total_seats, ...settings } = checked.value;
  return {
    ok: true,
    value: {
      ...settings,
      name: name ?? "",
      place_name: place_name ?? "",
      total_seats: total_seats ?? 0,
    },
  };
}

/**
 * A delegate group's or a committee's name. `taken`: the list's names; a
 * name that folds like one of them ("To 1" and "Tổ 1") is refused, as the
 * CSV import would not tell them apart. `except`: the one being renamed.
 */
export function checkNamed(
  name: string,
  taken: readonly { id: number; name: string }[] = [],
  except: number | null = null,
): Checked<NewNamed> {
  const c = new Checker();
  const value = c.name("name", name);
  if (
    value !== "" &&
    taken.some((n) => n.id !== except && fold(n.name) === fold(value))
  )
    c.add("name", { key: "admin.check.nameTaken" });
  return c.done({ name: value });
}

export function checkTerm(input: {
  name: string;
  start_year: number | null;
  end_year: number | null;
}): Checked<NewTerm> {
  const c = new Checker();
  const start = c.int("start_year", input.start_year, 1945, 2200);
  const end = c.int("end_year", input.end_year, 1945, 2200);
  if (!c.problems["end_year"] && !c.problems["start_year"] && end < start)
    c.add("end_year", { key: "setup.check.endBeforeStart" });
  return c.done({
    name: c.name("name", input.name),
    start_year: start,
    end_year: end,
  });
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function date(c: Checker, field: string, value: string): string {
  if (value === "") c.add(field, { key: "setup.check.required" });
  else if (!ISO_DATE.test(value) || Number.isNaN(Date.parse(value)))
    c.add(field, { key: "setup.check.date" });
  return value;
}

export function checkSession(input: {
  term_id: number | null;
  number: number | null;
  kind: SessionKind;
  title: string;
  place: string;
  planned_start: string;
  planned_end: string;
}): Checked<NewSession> {
  const c = new Checker();
  if (input.term_id === null)
    c.add("term_id", { key: "setup.check.chooseTerm" });
  const start = date(c, "planned_start", input.planned_start);
  const end = date(c, "planned_end", input.planned_end);
  // ISO dates compare as strings.
  if (!c.problems["planned_start"] && !c.problems["planned_end"] && end < start)
    c.add("planned_end", { key: "setup.check.endBeforeStart" });
  return c.done({
    term_id: input.term_id ?? 0,
    number: c.int("number", input.number, 1, 10_000),
    kind: input.kind,
    title: c.name("title", input.title),
    place: c.name("place", input.place),
    planned_start: start,
    planned_end: end,
  });
}

/**
 * `starts_at` comes from a datetime-local input: the wall-clock time in
 * Vietnam, where the council sits, whatever zone the secretary's laptop is
 * set to.
 */
export function checkSitting(input: {
  title: string;
  starts_at: string;
}): Checked<NewSitting> {
  const c = new Checker();
  const title = c.name("title", input.title);
  let startsAt = "";
  if (input.starts_at === "")
    c.add("starts_at", { key: "setup.check.required" });
  else {
    const when = vietnamWallClock(input.starts_at);
    if (when === null) c.add("starts_at", { key: "setup.check.date" });
    else startsAt = when.toISOString();
  }
  return c.done({ title, starts_at: startsAt });
}

export function checkAgendaItem(input: {
  parent_id: number | null;
  title: string;
  presenter: string;
  planned_minutes: number | null;
}): Checked<NewAgendaItem> {
  const c = new Checker();
  return c.done({
    parent_id: input.parent_id,
    title: c.name("title", input.title),
    presenter: c.line("presenter", input.presenter),
    // An empty box means "not planned" (0), as the server defaults it.
    planned_minutes: c.int(
      "planned_minutes",
      input.planned_minutes ?? 0,
      0,
      24 * 60,
    ),
  });
}

export function checkPerson(input: {
  full_name: string;
  position_title: string;
  organization: string;
}): Checked<{
  full_name: string;
  position_title: string;
  organization: string;
}> {
  const c = new Checker();
  return c.done({
    full_name: c.name("full_name", input.full_name),
    position_title: c.line("position_title", input.position_title),
    organization: c.line("organization", input.organization),
  });
}

/** Whether a session's set-up (agenda, sittings, dates) may still change. */
export function isEditable(state: string): boolean {
  return state === "draft" || state === "convened";
}

/** "2026-12-10T08:00" (or with seconds) read as Vietnam time (UTC+7). */
export function vietnamWallClock(local: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2})?$/.exec(local);
  if (m === null) return null;
  const when = new Date(`${m[1]}${m[2] ?? ":00"}+07:00`);
  return Number.isNaN(when.getTime()) ? null : when;
}
