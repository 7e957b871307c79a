/**
 * Wire types of the KyHop API, as the server sends them (enums in snake_case).
 * Only the fields the UI reads are required; see openapi.json for the rest.
 */

export type Role =
  "admin" | "secretary" | "chair" | "delegate" | "guest" | "display";

export interface Account {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  council_id: number | null;
  person_id: number | null;
  must_change_password: boolean;
}

export interface SignedIn {
  token: string;
  expires_at: string;
  account: Account;
}

export interface ErrorBody {
  code: string;
  message: string;
  field?: string | null;
}

export interface Fraction {
  numerator: number;
  denominator: number;
}

export interface MajorityRule {
  base: "total_seats" | "present" | "ballots_cast";
  fraction: Fraction;
  strict: boolean;
}

export interface Council {
  id: number;
  name: string;
  total_seats: number;
  yes_label: string;
  no_label: string;
  abstain_label: string;
  speech_limit_seconds: number;
  majority: MajorityRule;
  quorum: Fraction;
}

export type SessionState = "draft" | "convened" | "in_progress" | "closed";

export interface Session {
  id: number;
  council_id: number;
  number: number;
  kind: string;
  title: string;
  place: string;
  planned_start: string;
  planned_end: string;
  state: SessionState;
}

export interface Sitting {
  id: number;
  session_id: number;
  title: string;
  starts_at: string;
}

export type AgendaState = "pending" | "current" | "done";

export interface AgendaItem {
  id: number;
  session_id: number;
  parent_id: number | null;
  position: number;
  title: string;
  presenter: string;
  planned_minutes: number;
  state: AgendaState;
  urgent: boolean;
  opened_at: string | null;
  elapsed_seconds: number;
}

export type AttendanceStatus = "present" | "absent" | "left";
export type AttendanceMode = "chamber" | "online";

export interface Attendance {
  session_id: number;
  person_id: number;
  status: AttendanceStatus;
  mode?: AttendanceMode | null;
  reason: string;
  updated_at: string;
}

export interface Quorum {
  present: number;
  total_seats: number;
  required: number;
  reached: boolean;
}

export type SpeechKind = "debate" | "question" | "reply";
export type SpeechState =
  "queued" | "speaking" | "paused" | "done" | "withdrawn";

export interface Speech {
  id: number;
  session_id: number;
  agenda_item_id: number;
  person_id: number;
  kind: SpeechKind;
  state: SpeechState;
  position: number;
  limit_seconds: number;
  used_ms: number;
  running_since?: string | null;
  warned: boolean;
  timed_out: boolean;
  requested_at: string;
  ended_at?: string | null;
  /** The speaker's full name (servers before it was added send none). */
  speaker_name?: string;
}

export type PollKind = "named" | "secret" | "confidence" | "election";
export type PollState = "draft" | "open" | "closed" | "annulled";
export type OptionKind = "yes" | "no" | "abstain" | "candidate" | "official";
export type Choice = "yes" | "no" | "abstain";

export interface PollOption {
  id: number;
  position: number;
  kind: OptionKind;
  label: string;
  person_id?: number | null;
}

export type CandidateOutcome = "elected" | "tied" | "not_elected";

export interface OptionCount {
  option_id: number;
  kind: OptionKind;
  label: string;
  person_id?: number | null;
  count: number;
  percent_of_seats: string;
  /** Elections only. */
  outcome?: CandidateOutcome | null;
}

/** A confidence vote's result for one official. */
export interface OfficialRating {
  option_id: number;
  person_id?: number | null;
  label: string;
  high: number;
  medium: number;
  low: number;
  /** Ballots that left this official unrated. */
  invalid: number;
  high_percent: string;
  medium_percent: string;
  low_percent: string;
  low_over_half: boolean;
  low_two_thirds: boolean;
}

export interface PollResult {
  total_seats: number;
  present: number;
  ballots_cast: number;
  participation_percent: string;
  passed?: boolean | null;
  rule_base: number;
  votes_needed: number;
  options: OptionCount[];
  officials?: OfficialRating[];
  summary: string;
}

export interface Poll {
  id: number;
  rule: MajorityRule;
  session_id: number;
  agenda_item_id: number;
  kind: PollKind;
  title: string;
  state: PollState;
  options: PollOption[];
  ballots_cast: number;
  max_choices: number;
  opened_at?: string | null;
  closed_at?: string | null;
  annulled_at?: string | null;
  annul_reason?: string | null;
  result?: PollResult | null;
}

export interface BallotReceipt {
  poll_id: number;
  recorded: boolean;
  secret: boolean;
}

export interface Person {
  id: number;
  council_id: number;
  kind: "delegate" | "official" | "guest";
  full_name: string;
  position_title?: string;
}

export interface SessionSnapshot {
  seq: number;
  council: Council;
  session: Session;
  sittings: Sitting[];
  agenda: AgendaItem[];
  current_item_id?: number | null;
  attendance: Attendance[];
  quorum: Quorum;
  speeches: Speech[];
  polls: Poll[];
  /** Polls the signed-in delegate has voted in (only that fact). */
  voted_polls?: number[];
  server_time: string;
}

/** One event of a session stream, the `data` of an SSE frame. */
export interface SessionEvent {
  stream: string;
  seq: number;
  at: string;
  actor?: number | null;
  kind: string;
  payload: unknown;
  hash: string;
}

export type DocumentKind =
  "submission" | "draft_resolution" | "report" | "review_report" | "other";

export type Confidentiality = "public" | "delegates" | "listed";

/** One uploaded file of a document. */
export interface DocumentVersion {
  version: number;
  sha256: string;
  byte_size: number;
  page_count: number;
  scanned_pages: number[];
  file_name: string;
  created_at: string;
}

export interface SessionDocument {
  id: number;
  session_id: number;
  agenda_item_id?: number | null;
  title: string;
  kind: DocumentKind;
  confidentiality: Confidentiality;
  audience: { kind: "group" | "committee" | "person"; id: number }[];
  created_at: string;
  published_at?: string | null;
  days_before_session?: number | null;
  late: boolean;
  /** Every version, oldest first; the last is current. */
  versions: DocumentVersion[];
}

export type NoteKind = "note" | "highlight";

/** A passage: its exact text and a little text either side. */
export interface TextQuote {
  exact: string;
  prefix: string;
  suffix: string;
}

export interface NewNote {
  kind: NoteKind;
  /** The version and page the passage was selected on. */
  version: number;
  page: number;
  quote: TextQuote;
  body: string;
}

/** A private note, placed by the server in the document's current version. */
export interface Note {
  id: number;
  document_id: number;
  kind: NoteKind;
  quote: TextQuote;
  body: string;
  made_on_version: number;
  made_on_page: number;
  /** Its page in the current version; null when the passage is gone. */
  page: number | null;
  version: number;
  orphaned: boolean;
  created_at: string;
  updated_at: string;
}

export interface SearchHit {
  document_id: number;
  title: string;
  version: number;
  page: number;
  /** HTML-escaped, matches between `<mark>` and `</mark>`. */
  snippet: string;
}
