/**
 * The secretariat's records over HTTP: read receipts, the minutes draft and
 * its narratives, resolutions (draft, preview, issue) and the verification
 * of signed PDFs (posted through `uploads.ts`, as is a document's new
 * version). Wire types from openapi.json (api/schema.gen.ts).
 */
import { fetchBlob, request, send } from "./api";
import type { components } from "./api/schema.gen";
import { postFile } from "./uploads";

type Schemas = components["schemas"];

/* Documents: who opened what. */

export type ReceiptLine = Schemas["ReceiptLine"];
export type ReadReceipts = Schemas["ReadReceipts"];
export type UnreadLine = Schemas["UnreadLine"];

/* The minutes draft, drawn from the event log. */

export type Presence = Schemas["Presence"];
export type MinutesAttendance = Schemas["AttendanceLine"];
export type MinutesSpeaker = Schemas["SpeakerLine"];
/** An agenda item in the minutes; `resolutions`: [number, subject]. */
export type MinutesItem = Schemas["MinutesItem"];
export type Minutes = Schemas["Minutes"];

/* Resolutions. */

export type Article = Schemas["Article"];
export type ResolutionContent = Schemas["ResolutionContent"];
export type NewResolution = Schemas["NewResolution"];
export type ResolutionPatch = Schemas["ResolutionPatch"];
export type Resolution = Schemas["Resolution"];

/** Where one of the two keys of an issue is. Never stored, never logged. */
export type KeySpec = Schemas["KeySpec"];

/* The council's own seal and signature images. */

export type SignatureImage = Schemas["SignatureImage"];

/** Where one image lives: the seal, or a signer's signature. */
function imagePath(councilId: number, personId: number | null): string {
  return personId === null
    ? `/api/councils/${councilId}/signature-images/seal`
    : `/api/councils/${councilId}/people/${personId}/signature-image`;
}

export const imagesApi = {
  list: (councilId: number) =>
    request<SignatureImage[]>(
      "GET",
      `/api/councils/${councilId}/signature-images`,
    ),
  /** The PNG, for a preview. */
  png: (councilId: number, personId: number | null) =>
    fetchBlob(imagePath(councilId, personId)),
  put: async (councilId: number, personId: number | null, file: Blob) =>
    (await (
      await send(imagePath(councilId, personId), {
        method: "PUT",
        headers: { Accept: "application/json", "Content-Type": "image/png" },
        body: file,
      })
    ).json()) as SignatureImage,
  remove: (councilId: number, personId: number | null) =>
    request<void>("DELETE", imagePath(councilId, personId)),
};

/* Verification. */

export type SignatureReport = Schemas["SignatureReport"];
export type Verification = Schemas["Verification"];

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
