/**
 * The KyHop API client: JSON over fetch, with the Bearer token kept in
 * localStorage. Every non-2xx answer becomes an `ApiError` carrying the
 * server's `{code, message, field?}`; a failed request (no answer) becomes
 * an `ApiError` with code "network" and status 0.
 */
import type { components } from "./api/schema.gen";
import { gatewayHeaders } from "./gateway";
import { load, save } from "./storage";
import type {
  OcrPage,
  BallotRequest,
  Account,
  Attendance,
  BallotReceipt,
  NewNote,
  Note,
  SearchHit,
  ErrorBody,
  AgendaItem,
  Person,
  Poll,
  Session,
  SessionDocument,
  SessionSnapshot,
  SignedIn,
  Speech,
  SpeechKind,
} from "./types";

const TOKEN_KEY = "kyhop.token";

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly field: string | null;

  constructor(
    code: string,
    status: number,
    message: string,
    field: string | null = null,
  ) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = status;
    this.field = field;
  }
}

/**
 * The desktop app hands its window the sign-in its gateway holds (an
 * initialization script, only in the app's own window), so the delegate
 * stays signed in even when the web view's storage is gone.
 */
interface DesktopWindow {
  __kyhopDesktop?: { token?: string | null };
}

export function getToken(): string | null {
  return (
    load(TOKEN_KEY) ??
    (globalThis as DesktopWindow).__kyhopDesktop?.token ??
    null
  );
}

export function setToken(token: string | null): void {
  save(TOKEN_KEY, token);
  const desktop = (globalThis as DesktopWindow).__kyhopDesktop;
  if (desktop && token === null) desktop.token = null;
}

let onUnauthenticated: (() => void) | null = null;
let onPasswordChangeRequired: (() => void) | null = null;

/** Called when the server refuses everything until the password is changed. */
export function setPasswordChangeHandler(handler: (() => void) | null): void {
  onPasswordChangeRequired = handler;
}

/** Called when the server no longer accepts the token (signed out elsewhere, expired). */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as ErrorBody).code === "string" &&
    typeof (value as ErrorBody).message === "string"
  );
}

/**
 * The ApiError for a non-2xx answer from its parsed body (null when it was
 * not JSON): the server's `{code, message, field?}`, else the HTTP status.
 */
export function errorFromBody(
  body: unknown,
  status: number,
  statusText: string,
): ApiError {
  if (isErrorBody(body)) {
    // The desktop app's gateway answers for a host that did not: to the UI
    // that is the same as no answer at all (kept drafts, "needs the connection").
    const code = body.code === "host_unreachable" ? "network" : body.code;
    return new ApiError(code, status, body.message, body.field ?? null);
  }
  return new ApiError(`http_${status}`, status, statusText);
}

/** Turns a non-2xx response into an ApiError, whatever its body. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    /* not JSON (a proxy's error page, say) */
  }
  return errorFromBody(body, response.status, response.statusText);
}

export function authHeaders(): Record<string, string> {
  const token = getToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/**
 * Sends a request with the caller's token: a request that gets no answer
 * becomes ApiError "network" (an abort stays an abort), a non-2xx answer
 * the server's ApiError, and a lost sign-in is reported once here.
 */
export async function send(path: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      // Inside the desktop app, the gateway's token (sign-in and sign-out
      // change what the gateway keeps); the gateway passes it to no one.
      headers: { ...gatewayHeaders(), ...authHeaders(), ...init.headers },
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError")
      throw cause;
    throw new ApiError(
      "network",
      0,
      cause instanceof Error ? cause.message : String(cause),
    );
  }
  if (!response.ok) {
    const error = await errorFromResponse(response);
    if (response.status === 401 && error.code === "unauthenticated")
      onUnauthenticated?.();
    if (response.status === 403 && error.code === "password_change_required")
      onPasswordChangeRequired?.();
    throw error;
  }
  return response;
}

export async function request<T>(
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await send(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A poll to prepare (`POST /api/agenda-items/{id}/polls`); no rule: the council's. */
export type NewPoll = components["schemas"]["NewPoll"];
/** An agenda item to add (an urgent one is added at the top level). */
export type NewAgendaItem = components["schemas"]["NewAgendaItem"];
/** A new order of an agenda level or of a speakers' queue. */
export type Reorder = components["schemas"]["Reorder"];

/* Endpoints the UI uses, typed. */

export const api = {
  pair: (code: string) => request<SignedIn>("POST", "/api/auth/pair", { code }),
  login: (username: string, password: string) =>
    request<SignedIn>("POST", "/api/auth/login", { username, password }),
  logout: () => request<void>("POST", "/api/auth/logout"),
  me: () => request<Account>("GET", "/api/auth/me"),

  snapshot: (sessionId: number, signal?: AbortSignal) =>
    request<SessionSnapshot>(
      "GET",
      `/api/sessions/${sessionId}/snapshot`,
      undefined,
      signal,
    ),
  people: (councilId: number) =>
    request<Person[]>("GET", `/api/councils/${councilId}/people`),

  checkIn: (sessionId: number, personId: number) =>
    request<Attendance>(
      "POST",
      `/api/sessions/${sessionId}/attendance/${personId}`,
      {
        action: "check_in",
        mode: "chamber",
      },
    ),

  /** `belowQuorumConfirmed`: the chair goes on below the quorum. */
  beginSitting: (sittingId: number) =>
    request<unknown>("POST", `/api/sittings/${sittingId}/begin`),
  startSession: (sessionId: number, belowQuorumConfirmed = false) =>
    request<Session>("POST", `/api/sessions/${sessionId}/start`, {
      below_quorum_confirmed: belowQuorumConfirmed,
    }),
  /** `runningSpeech`: what becomes of a speech under way on the current item. */
  openItem: (itemId: number, runningSpeech?: "end" | "pause") =>
    request<AgendaItem>(
      "POST",
      `/api/agenda-items/${itemId}/open`,
      runningSpeech ? { running_speech: runningSpeech } : {},
    ),
  /** Oneself, or (chair and secretariat) `personId`; a question names whom it asks. */
  requestToSpeak: (
    itemId: number,
    kind: SpeechKind,
    addressedTo: number | null = null,
    personId: number | null = null,
  ) =>
    request<Speech>("POST", `/api/agenda-items/${itemId}/speakers`, {
      kind,
      addressed_to: addressedTo,
      person_id: personId,
    }),
  speech: (speechId: number, action: "start" | "pause" | "end" | "withdraw") =>
    request<Speech>("POST", `/api/speeches/${speechId}/${action}`),

  closeSession: (sessionId: number) =>
    request<Session>("POST", `/api/sessions/${sessionId}/close`),
  reorderAgenda: (sessionId: number, order: Reorder) =>
    request<AgendaItem[]>(
      "POST",
      `/api/sessions/${sessionId}/agenda/reorder`,
      order,
    ),
  addUrgentItem: (sessionId: number, item: NewAgendaItem) =>
    request<AgendaItem>("POST", `/api/sessions/${sessionId}/agenda/urgent`, {
      ...item,
      parent_id: null,
    }),
  reorderSpeakers: (itemId: number, order: number[]) =>
    request<Speech[]>("POST", `/api/agenda-items/${itemId}/speakers/reorder`, {
      order,
    }),
  setSpeechLimit: (speechId: number, limitSeconds: number) =>
    request<Speech>("PATCH", `/api/speeches/${speechId}`, {
      limit_seconds: limitSeconds,
    }),

  createPoll: (itemId: number, poll: NewPoll) =>
    request<Poll>("POST", `/api/agenda-items/${itemId}/polls`, poll),
  annulPoll: (pollId: number, reason: string) =>
    request<Poll>("POST", `/api/polls/${pollId}/annul`, { reason }),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<void>("POST", "/api/auth/password", {
      current_password: currentPassword,
      new_password: newPassword,
    }),
  /** `belowQuorumConfirmed`: the chair goes on below the quorum. */
  openPoll: (pollId: number, belowQuorumConfirmed = false) =>
    request<Poll>("POST", `/api/polls/${pollId}/open`, {
      below_quorum_confirmed: belowQuorumConfirmed,
    }),
  /** A closed named poll's names on the chamber screen, or off it. */
  showPollNames: (pollId: number, show: boolean) =>
    request<Poll>("POST", `/api/polls/${pollId}/names-on-screen`, { show }),
  closePoll: (pollId: number) =>
    request<Poll>("POST", `/api/polls/${pollId}/close`),
  /** `body` from `ballotBody` (voteMachine): choice, ratings or candidates. */
  castBallot: (pollId: number, body: BallotRequest) =>
    request<BallotReceipt>("POST", `/api/polls/${pollId}/ballot`, body),

  documents: (sessionId: number) =>
    request<SessionDocument[]>("GET", `/api/sessions/${sessionId}/documents`),
  /** The whole description again (title, number, kind, item, readers). */
  updateDocument: (
    documentId: number,
    meta: components["schemas"]["NewDocument"],
  ) => request<SessionDocument>("PUT", `/api/documents/${documentId}`, meta),
  withdrawDocument: (documentId: number, reason: string) =>
    request<SessionDocument>("POST", `/api/documents/${documentId}/withdraw`, {
      reason,
    }),
  deleteDocument: (documentId: number) =>
    request<void>("DELETE", `/api/documents/${documentId}`),
  cancelRecognition: (documentId: number) =>
    request<SessionDocument>(
      "POST",
      `/api/documents/${documentId}/recognition/cancel`,
    ),
  recognisedPages: (documentId: number, version: number) =>
    request<OcrPage[]>(
      "GET",
      `/api/documents/${documentId}/versions/${version}/recognised`,
    ),
  publishDocuments: (sessionId: number, documentIds: number[]) =>
    request<SessionDocument[]>(
      "POST",
      `/api/sessions/${sessionId}/documents/publish`,
      { document_ids: documentIds },
    ),

  notes: (documentId: number) =>
    request<Note[]>("GET", `/api/documents/${documentId}/notes`),
  createNote: (documentId: number, note: NewNote) =>
    request<Note>("POST", `/api/documents/${documentId}/notes`, note),
  updateNote: (noteId: number, body: string) =>
    request<Note>("PATCH", `/api/notes/${noteId}`, { body }),
  deleteNote: (noteId: number) =>
    request<void>("DELETE", `/api/notes/${noteId}`),
  search: (sessionId: number, q: string, signal?: AbortSignal) =>
    request<SearchHit[]>(
      "GET",
      `/api/sessions/${sessionId}/search?q=${encodeURIComponent(q)}&limit=50`,
      undefined,
      signal,
    ),
};

/** Fetches a file with the Bearer header (a plain link cannot send it). */
export async function fetchBlob(path: string): Promise<Blob> {
  return (await send(path, {})).blob();
}

export const councilApi = {
  councils: () => request<{ id: number }[]>("GET", "/api/councils"),
  sessions: (councilId: number) =>
    request<Session[]>("GET", `/api/councils/${councilId}/sessions`),
};
