/**
 * The secretariat's records over HTTP: read receipts, the minutes draft and
 * its narratives, resolutions (draft, preview, issue) and the verification
 * of signed PDFs (posted through `uploads.ts`, as is a document's new
 * version). Wire types follow the server's JSON (see /api/openapi.json).
 */
import { request } from "./api";
import type { Poll, PollResult, SpeechKind } from "./types";
import { postFile } from "./uploads";

/* Documents: who opened what. */

export interface ReceiptLine {
  person_id: number;
  full_name: string;
  first_opened_at?: string | null;
}

export interface ReadReceipts {
  document_id: number;
  opened: ReceiptLine[];
  not_opened: ReceiptLine[];
}

export interface UnreadLine {
  person_id: number;
  full_name: string;
  unread: { document_id: number; title: string }[];
}

/* The minutes draft, drawn from the event log. */

export type Presence = "chamber" | "online" | "absent";

export interface MinutesAttendance {
  person_id: number;
  full_name: string;
  presence: Presence;
  reason: string;
}

export interface MinutesSpeaker {
  full_name: string;
  kind: SpeechKind;
  seconds: number;
}

export interface MinutesItem {
  agenda_item_id: number;
  label: string;
  title: string;
  presenter: string;
  started_at?: string | null;
  ended_at?: string | null;
  speakers: MinutesSpeaker[];
  polls: Poll[];
  /** Issued on the item: [number, subject]. */
  resolutions: [string, string][];
  narrative: string;
}

export interface Minutes {
  session_id: number;
  council_name: string;
  place_name: string;
  term_name: string;
  session_number: number;
  session_title: string;
  place: string;
  planned_start: string;
  planned_end: string;
  total_seats: number;
  attendance: MinutesAttendance[];
  items: MinutesItem[];
}

/* Resolutions. */

export interface Article {
  heading: string;
  paragraphs: string[];
}

export interface ResolutionContent {
  subject: string;
  normative: boolean;
  legal_bases: string[];
  articles: Article[];
  recipients: string[];
  authority: string;
  signer_title: string;
  signer_name: string;
}

export interface NewResolution extends ResolutionContent {
  agenda_item_id: number;
  poll_id: number | null;
}

export type ResolutionPatch = Omit<NewResolution, "agenda_item_id">;

export interface Resolution extends ResolutionContent {
  id: number;
  council_id: number;
  session_id: number;
  agenda_item_id: number;
  poll_id?: number | null;
  state: "draft" | "issued";
  number?: { year: number; seq: number; text: string } | null;
  issued_on?: string | null;
  issued_at?: string | null;
  pdf_sha256?: string | null;
  created_at: string;
  poll_result?: PollResult | null;
}

/** Where one of the two keys of an issue is. Never stored, never logged. */
export type KeySpec =
  | "demo"
  | { pkcs12: { file_base64: string; password: string } }
  | { pkcs11: { token: string; key: string; pin: string } };

/* Verification. */

export interface SignatureReport {
  field_name: string;
  signer_subject: string;
  signing_time?: string | null;
  intact: boolean;
  covers_whole_document: boolean;
  modified_after: boolean;
  trusted: boolean;
  problems: string[];
}

export interface Verification {
  valid: boolean;
  signatures: SignatureReport[];
}

export const recordsApi = {
  reads: (documentId: number) =>
    request<ReadReceipts>("GET", `/api/documents/${documentId}/reads`),
  unread: (sessionId: number) =>
    request<UnreadLine[]>("GET", `/api/sessions/${sessionId}/unread`),

  minutes: (sessionId: number) =>
    request<Minutes>("GET", `/api/sessions/${sessionId}/minutes`),
  saveNarrative: (agendaItemId: number, text: string) =>
    request<void>("PUT", `/api/agenda-items/${agendaItemId}/minutes`, { text }),

  resolutions: (sessionId: number) =>
    request<Resolution[]>("GET", `/api/sessions/${sessionId}/resolutions`),
  createResolution: (sessionId: number, body: NewResolution) =>
    request<Resolution>("POST", `/api/sessions/${sessionId}/resolutions`, body),
  updateResolution: (id: number, body: ResolutionPatch) =>
    request<Resolution>("PUT", `/api/resolutions/${id}`, body),
  issue: (id: number, chair: KeySpec, seal: KeySpec) =>
    request<Resolution>("POST", `/api/resolutions/${id}/issue`, {
      chair,
      seal,
    }),

  verify: (file: Blob) =>
    postFile<Verification>("/api/verify", file, "application/pdf"),
};

/** A file's bytes as base64 (for a PKCS#12 key file sent in JSON). */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}
