/**
 * The set-up side of the API: council settings, terms, sessions, sittings,
 * the agenda, delegate groups, committees, people, pairing cards and the
 * attendance desk. Wire types from openapi.json (api/schema.gen.ts).
 */
import { request } from "./api";
import type { components } from "./api/schema.gen";
import type {
  AgendaItem,
  Attendance,
  Council,
  Person,
  Session,
  Sitting,
} from "./types";

type Schemas = components["schemas"];

export type CouncilSettings = Schemas["CouncilSettings"];
/** A council with its settings (the same as `Council`). */
export type FullCouncil = Council;
export type CouncilPatch = Schemas["CouncilPatch"];

export type Term = Schemas["Term"];
export type NewTerm = Schemas["NewTerm"];

export type SessionKind = Schemas["SessionKind"];
/** A session with its term and kind (the same as `Session`). */
export type FullSession = Session;
export type NewSession = Schemas["NewSession"];
export type SessionPatch = Schemas["SessionPatch"];
export type NewSitting = Schemas["NewSitting"];

export type NewAgendaItem = Schemas["NewAgendaItem"];
export type AgendaItemPatch = Schemas["AgendaItemPatch"];

/** A delegate group or a committee. */
export type Named = Schemas["DelegateGroup"] | Schemas["Committee"];
export type NewNamed = Schemas["NewNamed"];
/** The two lists of names of a council: delegate groups and committees. */
export type RosterKind = "groups" | "committees";

const ROSTER_PATH: Record<RosterKind, string> = {
  groups: "delegate-groups",
  committees: "committees",
};

export type PersonKind = Schemas["PersonKind"];
/** A person of the council's roster (the same as `Person`). */
export type RosterPerson = Person;
export type NewPerson = Schemas["NewPerson"];

export type PairingCard = Schemas["PairingCard"];
export type AttendanceSheet = Schemas["AttendanceSheet"];
export type AttendanceChange = Schemas["AttendanceChange"];

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
  updateSession: (id: number, patch: SessionPatch) =>
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
  updateAgendaItem: (id: number, patch: AgendaItemPatch) =>
    request<AgendaItem>("PATCH", `/api/agenda-items/${id}`, patch),
  deleteAgendaItem: (id: number) =>
    request<void>("DELETE", `/api/agenda-items/${id}`),

  groups: (councilId: number) =>
    request<Named[]>("GET", `/api/councils/${councilId}/delegate-groups`),
  committees: (councilId: number) =>
    request<Named[]>("GET", `/api/councils/${councilId}/committees`),
  /** Delegate groups or committees: list, create, rename, delete. */
  roster: (kind: RosterKind, councilId: number) =>
    request<Named[]>("GET", `/api/councils/${councilId}/${ROSTER_PATH[kind]}`),
  createNamed: (kind: RosterKind, councilId: number, named: NewNamed) =>
    request<Named>(
      "POST",
      `/api/councils/${councilId}/${ROSTER_PATH[kind]}`,
      named,
    ),
  renameNamed: (kind: RosterKind, id: number, named: NewNamed) =>
    request<Named>("PATCH", `/api/${ROSTER_PATH[kind]}/${id}`, named),
  deleteNamed: (kind: RosterKind, id: number) =>
    request<void>("DELETE", `/api/${ROSTER_PATH[kind]}/${id}`),
  people: (councilId: number) =>
    request<RosterPerson[]>("GET", `/api/councils/${councilId}/people`),
  /** A whole list in one transaction: every row, or nothing. */
  importPeople: (councilId: number, list: Schemas["PeopleImport"]) =>
    request<Schemas["ImportOutcome"]>(
      "POST",
      `/api/councils/${councilId}/people/import`,
      list,
    ),
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
