/**
 * The set-up side of the API: council settings, terms, sessions, sittings,
 * the agenda, delegate groups, committees, people, pairing cards and the
 * attendance desk. Wire types as the server sends them.
 */
import { request } from "./api";
import type {
  Account,
  AgendaItem,
  Attendance,
  AttendanceMode,
  Fraction,
  MajorityRule,
  Quorum,
  Session,
  Sitting,
} from "./types";

export interface CouncilSettings {
  place_name: string;
  total_seats: number;
  yes_label: string;
  no_label: string;
  abstain_label: string;
  majority: MajorityRule;
  quorum: Fraction;
  lead_time_days: number;
  speech_limit_seconds: number;
  first_speakers_first: boolean;
}

export interface FullCouncil extends CouncilSettings {
  id: number;
  name: string;
  created_at: string;
}

export type CouncilPatch = Partial<CouncilSettings> & { name?: string };

export interface Term {
  id: number;
  council_id: number;
  name: string;
  start_year: number;
  end_year: number;
}

export interface NewTerm {
  name: string;
  start_year: number;
  end_year: number;
}

export type SessionKind = "regular" | "thematic" | "urgent";

export interface FullSession extends Session {
  term_id: number;
  kind: SessionKind;
}

export interface NewSession {
  term_id: number;
  number: number;
  kind: SessionKind;
  title: string;
  place: string;
  planned_start: string;
  planned_end: string;
}

export interface NewSitting {
  title: string;
  starts_at: string;
}

export interface NewAgendaItem {
  parent_id: number | null;
  title: string;
  presenter: string;
  planned_minutes: number;
}

export interface Named {
  id: number;
  council_id: number;
  name: string;
}

export type PersonKind = "delegate" | "official" | "guest";

export interface RosterPerson {
  id: number;
  council_id: number;
  kind: PersonKind;
  full_name: string;
  position_title: string;
  organization: string;
  delegate_group_id: number | null;
  committee_ids: number[];
}

export interface NewPerson {
  kind: PersonKind;
  full_name: string;
  position_title: string;
  organization: string;
  delegate_group_id: number | null;
  committee_ids: number[];
}

export interface PairingCard {
  code: string;
  expires_at: string;
  account: Account;
}

export interface AttendanceSheet {
  quorum: Quorum;
  records: Attendance[];
}

export type AttendanceChange =
  | { action: "check_in"; mode: AttendanceMode }
  | { action: "check_out" }
  | { action: "mark_absent"; reason: string };

export const setupApi = {
  councils: () => request<FullCouncil[]>("GET", "/api/councils"),
  council: (id: number) => request<FullCouncil>("GET", `/api/councils/${id}`),
  updateCouncil: (id: number, patch: CouncilPatch) =>
    request<FullCouncil>("PATCH", `/api/councils/${id}`, patch),

  terms: (councilId: number) =>
    request<Term[]>("GET", `/api/councils/${councilId}/terms`),
  createTerm: (councilId: number, term: NewTerm) =>
    request<Term>("POST", `/api/councils/${councilId}/terms`, term),
  updateTerm: (id: number, term: NewTerm) =>
    request<Term>("PATCH", `/api/terms/${id}`, term),

  sessions: (councilId: number) =>
    request<FullSession[]>("GET", `/api/councils/${councilId}/sessions`),
  createSession: (councilId: number, session: NewSession) =>
    request<FullSession>(
      "POST",
      `/api/councils/${councilId}/sessions`,
      session,
    ),
  updateSession: (id: number, patch: Partial<Omit<NewSession, "term_id">>) =>
    request<FullSession>("PATCH", `/api/sessions/${id}`, patch),
  conveneSession: (id: number) =>
    request<FullSession>("POST", `/api/sessions/${id}/convene`),
  deleteSession: (id: number) => request<void>("DELETE", `/api/sessions/${id}`),

  sittings: (sessionId: number) =>
    request<Sitting[]>("GET", `/api/sessions/${sessionId}/sittings`),
  createSitting: (sessionId: number, sitting: NewSitting) =>
    request<Sitting>("POST", `/api/sessions/${sessionId}/sittings`, sitting),
  deleteSitting: (id: number) => request<void>("DELETE", `/api/sittings/${id}`),

  agenda: (sessionId: number) =>
    request<AgendaItem[]>("GET", `/api/sessions/${sessionId}/agenda`),
  createAgendaItem: (sessionId: number, item: NewAgendaItem) =>
    request<AgendaItem>("POST", `/api/sessions/${sessionId}/agenda`, item),
  updateAgendaItem: (id: number, patch: Omit<NewAgendaItem, "parent_id">) =>
    request<AgendaItem>("PATCH", `/api/agenda-items/${id}`, patch),
  deleteAgendaItem: (id: number) =>
    request<void>("DELETE", `/api/agenda-items/${id}`),

  groups: (councilId: number) =>
    request<Named[]>("GET", `/api/councils/${councilId}/delegate-groups`),
  committees: (councilId: number) =>
    request<Named[]>("GET", `/api/councils/${councilId}/committees`),
  people: (councilId: number) =>
    request<RosterPerson[]>("GET", `/api/councils/${councilId}/people`),
  createPerson: (councilId: number, person: NewPerson) =>
    request<RosterPerson>("POST", `/api/councils/${councilId}/people`, person),
  updatePerson: (id: number, person: NewPerson) =>
    request<RosterPerson>("PATCH", `/api/people/${id}`, person),
  issuePairingCode: (personId: number) =>
    request<PairingCard>("POST", `/api/people/${personId}/pairing-code`),

  attendance: (sessionId: number) =>
    request<AttendanceSheet>("GET", `/api/sessions/${sessionId}/attendance`),
  setAttendance: (
    sessionId: number,
    personId: number,
    change: AttendanceChange,
  ) =>
    request<Attendance>(
      "POST",
      `/api/sessions/${sessionId}/attendance/${personId}`,
      change,
    ),
};
