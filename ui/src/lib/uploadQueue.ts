/**
 * The secretary's upload queue as pure state: each chosen file gets an
 * entry that goes queued → uploading (with progress) → done, or → failed
 * (with a message) and back to queued on retry.
 */

export type UploadState = "queued" | "uploading" | "done" | "failed";

export interface UploadEntry {
  /** Unique within the queue. */
  key: number;
  fileName: string;
  title: string;
  size: number;
  state: UploadState;
  /** Bytes sent so far. */
  loaded: number;
  error: string | null;
  /** The document's id once uploaded. */
  documentId: number | null;
}

export interface FileLike {
  name: string;
  size: number;
  type: string;
}

/** Whether a chosen file looks like a PDF (the server checks the bytes). */
export function isPdf(file: FileLike): boolean {
  return (
    file.type === "application/pdf" || file.name.toLowerCase().endsWith(".pdf")
  );
}

/** A document title from a file name: no extension, separators as spaces. */
export function titleFromFileName(name: string): string {
  const title = name
    .replace(/\.pdf$/i, "")
    .replace(/[_-]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return title || name;
}

/** Adds files to the queue; returns the new queue and the added entries. */
export function addFiles(
  queue: readonly UploadEntry[],
  files: readonly FileLike[],
): { queue: UploadEntry[]; added: UploadEntry[] } {
  let next = queue.reduce((max, e) => Math.max(max, e.key), 0) + 1;
  const added = files.map((file): UploadEntry => ({
    key: next++,
    fileName: file.name,
    title: titleFromFileName(file.name),
    size: file.size,
    state: "queued",
    loaded: 0,
    error: null,
    documentId: null,
  }));
  return { queue: [...queue, ...added], added };
}

function update(
  queue: readonly UploadEntry[],
  key: number,
  change: (entry: UploadEntry) => UploadEntry,
): UploadEntry[] {
  return queue.map((e) => (e.key === key ? change(e) : e));
}

export function started(
  queue: readonly UploadEntry[],
  key: number,
): UploadEntry[] {
  return update(queue, key, (e) => ({
    ...e,
    state: "uploading",
    loaded: 0,
    error: null,
  }));
}

export function progressed(
  queue: readonly UploadEntry[],
  key: number,
  loaded: number,
): UploadEntry[] {
  return update(queue, key, (e) =>
    e.state === "uploading"
      ? { ...e, loaded: Math.max(e.loaded, Math.min(loaded, e.size)) }
      : e,
  );
}

export function succeeded(
  queue: readonly UploadEntry[],
  key: number,
  documentId: number,
): UploadEntry[] {
  return update(queue, key, (e) => ({
    ...e,
    state: "done",
    loaded: e.size,
    error: null,
    documentId,
  }));
}

export function failed(
  queue: readonly UploadEntry[],
  key: number,
  error: string,
): UploadEntry[] {
  return update(queue, key, (e) => ({ ...e, state: "failed", error }));
}

/** A failed entry goes back to the queue; others are left as they are. */
export function retried(
  queue: readonly UploadEntry[],
  key: number,
): UploadEntry[] {
  return update(queue, key, (e) =>
    e.state === "failed"
      ? { ...e, state: "queued", loaded: 0, error: null }
      : e,
  );
}

/** Done entries leave the list (their documents are listed below it). */
export function withoutDone(queue: readonly UploadEntry[]): UploadEntry[] {
  return queue.filter((e) => e.state !== "done");
}

/** Whole percent sent, 0–100. */
export function percent(entry: UploadEntry): number {
  if (entry.state === "done") return 100;
  if (entry.size <= 0) return 0;
  return Math.min(100, Math.floor((entry.loaded / entry.size) * 100));
}
