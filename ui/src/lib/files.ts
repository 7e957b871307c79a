/**
 * Files that need the Bearer header: uploaded with XMLHttpRequest (for its
 * upload progress), downloaded with fetch into a Blob, then saved or opened
 * through an object URL.
 */
import { ApiError, errorFromBody, fetchBlob, getToken } from "./api";
import type { DocumentKind, SessionDocument } from "./types";

/**
 * POSTs a multipart form with the caller's token over XMLHttpRequest (fetch
 * reports no upload progress); `onProgress` gets bytes sent. JSON back; a
 * non-2xx answer is the server's ApiError, no answer ApiError "network".
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

/** Uploads one PDF as a new document; `onProgress` gets bytes sent. */
export function uploadDocument(
  sessionId: number,
  file: File,
  meta: { title: string; kind: DocumentKind },
  onProgress: (loaded: number) => void,
): Promise<SessionDocument> {
  const form = new FormData();
  form.append("document", JSON.stringify(meta));
  form.append("file", file, file.name);
  return uploadForm(`/api/sessions/${sessionId}/documents`, form, onProgress);
}

/** Downloads `path` and saves it under `fileName`. */
export async function downloadFile(
  path: string,
  fileName: string,
): Promise<void> {
  const blob = await fetchBlob(path);
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.style.display = "none";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Opens `path` in a new tab. The tab is opened before the download starts,
 * while the click still counts as the user's, so no popup blocker stops it.
 */
export async function openFile(path: string): Promise<void> {
  const tab = window.open("", "_blank");
  try {
    const blob = await fetchBlob(path);
    const url = URL.createObjectURL(blob);
    if (tab) tab.location.href = url;
    else window.location.href = url;
    setTimeout(() => URL.revokeObjectURL(url), 5 * 60_000);
  } catch (error) {
    tab?.close();
    throw error;
  }
}
