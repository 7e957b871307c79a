/**
 * Wire types of the KyHop API, as the server sends them (enums in snake_case):
 * names for the schemas generated from openapi.json into api/schema.gen.ts
 * (`npm run gen:api`). The document is the truth; do not write wire types by hand.
 */

import type { components } from "./api/schema.gen";

type Schemas = components["schemas"];

export type Role = Schemas["Role"];
export type Account = Schemas["Account"];
export type SignedIn = Schemas["SignedIn"];
export type ErrorBody = Schemas["ErrorBody"];

export type Fraction = Schemas["Fraction"];
export type MajorityBase = Schemas["MajorityBase"];
export type MajorityRule = Schemas["MajorityRule"];
export type Council = Schemas["Council"];

export type SessionState = Schemas["SessionState"];
export type Session = Schemas["Session"];
export type Sitting = Schemas["Sitting"];

export type AgendaState = Schemas["AgendaState"];
export type AgendaItem = Schemas["AgendaItem"];

export type AttendanceStatus = Schemas["AttendanceStatus"];
export type AttendanceMode = Schemas["AttendanceMode"];
export type Attendance = Schemas["Attendance"];
export type Quorum = Schemas["Quorum"];

export type SpeechKind = Schemas["SpeechKind"];
export type SpeechState = Schemas["SpeechState"];
export type Speech = Schemas["Speech"];

export type PollKind = Schemas["PollKind"];
export type PollState = Schemas["PollState"];
export type OptionKind = Schemas["OptionKind"];
export type Choice = Schemas["Choice"];
export type Rating = Schemas["Rating"];
export type PollOption = Schemas["PollOption"];
export type CandidateOutcome = Schemas["CandidateOutcome"];
export type OptionCount = Schemas["OptionCount"];
/** A confidence vote's result for one official. */
export type OfficialRating = Schemas["OfficialRating"];
export type PollResult = Schemas["PollResult"];
export type Poll = Schemas["Poll"];
/** The body of `POST /api/polls/{id}/ballot`. */
export type BallotRequest = Schemas["BallotRequest"];
export type BallotReceipt = Schemas["BallotReceipt"];

export type PersonKind = Schemas["PersonKind"];
export type Person = Schemas["Person"];

export type SessionSnapshot = Schemas["SessionSnapshot"];
/** One event of a session stream, the `data` of an SSE frame. */
export type SessionEvent = Schemas["Event"];

export type DocumentKind = Schemas["DocumentKind"];
export type Confidentiality = Schemas["Confidentiality"];
export type AudienceEntry = Schemas["AudienceEntry"];
export type AudienceKind = Schemas["AudienceKind"];
/** One uploaded file of a document. */
export type DocumentVersion = Schemas["DocumentVersion"];
/** A document of a session (`Document` is the DOM's). */
export type SessionDocument = Schemas["Document"];
/** Where the OCR of a version's scanned pages stands. */
export type Recognition = Schemas["Recognition"];
/** A scanned page as OCR read it: lines with their boxes. */
export type OcrPage = Schemas["OcrPage"];
export type OcrLine = Schemas["OcrLine"];

export type NoteKind = Schemas["NoteKind"];
/** A passage: its exact text and a little text either side. */
export type TextQuote = Schemas["TextQuote"];
export type NewNote = Schemas["NewNote"];
/** A private note, placed by the server in the document's current version. */
export type Note = Schemas["Note"];
export type SearchHit = Schemas["SearchHit"];
