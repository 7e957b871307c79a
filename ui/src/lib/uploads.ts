/**
 * Every request that posts a file goes through here: multipart uploads over
 * XMLHttpRequest (fetch reports no upload progress) for new documents and
 * new versions, and a file sent as the raw body (a PDF to verify). All
 * carry the caller's Bearer token and answer JSON.
 */
import { ApiError, errorFromBody, getToken, send } from "./api";
import type { components } from "./api/schema.gen";
import type { SessionDocument } from "./types";

/** A document's whole description (to change one). */
export type DocumentMeta = components["schemas"]["NewDocument"];
/** What is sent beside a new file (the form's `document`): what is left out the server reads from the file. */
export type UploadMeta = components["schemas"]["UploadDescription"];

/**
 * POSTs a multipart form with the caller's token over XMLHttpRequest;
 * `onProgress` gets bytes sent. JSON back; a non-2xx answer is the
 * server's ApiError, no answer ApiError "network".
 */
export function uploadForm<T>(
  path: string,
  form: FormData,
  onProgress: (loaded: number) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.setRequestHeader("Accept", "application/json");
    const token = getToken();
    if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.upload.onprogress = (event) => onProgress(event.loaded);
    xhr.onerror = () => reject(new ApiError("network", 0, "upload failed"));
    xhr.onabort = () => reject(new ApiError("network", 0, "upload aborted"));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(errorFromBody(body, xhr.status, xhr.statusText));
    };
    xhr.send(form);
  });
}

/** The form of a new document: its meta as JSON (`document`) and `file`. */
export function documentForm(file: File, meta: UploadMeta): FormData {
  const form = new FormData();
  form.append("document", JSON.stringify(meta));
  form.append("file", file, file.name);
  return form;
}

/** The form of a document's new version: `file` alone. */
export function versionForm(file: File): FormData {
  const form = new FormData();
  form.append("file", file, file.name);
  return form;
}

/** Uploads one PDF as a new document; `onProgress` gets bytes sent. */
export function uploadDocument(
  sessionId: number,
  file: File,
  meta: UploadMeta,
  onProgress: (loaded: number) => void,
): Promise<SessionDocument> {
  return uploadForm(
    `/api/sessions/${sessionId}/documents`,
    documentForm(file, meta),
    onProgress,
  );
}

/** Uploads a new version of a document; `onProgress` gets bytes sent. */
export function uploadVersion(
  documentId: number,
  file: File,
  onProgress: (loaded: number) => void,
): Promise<SessionDocument> {
  return uploadForm(
    `/api/documents/${documentId}/versions`,
    versionForm(file),
    onProgress,
  );
}

/** Sends a file as the raw body (`type`) with the caller's token; JSON back. */
export async function postFile<T>(
  path: string,
  body: Blob,
  type: string,
): Promise<T> {
  const response = await send(path, {
    method: "POST",
    headers: { Accept: "application/json", "Content-Type": type },
    body,
  });
  return (await response.json()) as T;
}
