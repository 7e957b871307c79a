/**
 * A document version's PDF and its pages' sizes, for the viewer.
 */
import { api, authHeaders, fetchBlob } from "../../lib/api";
import { copyKey, keepCopy, readCopy } from "../../lib/offlineCopies";
import type { PDFDocumentProxy } from "../../lib/pdf";
import type { OcrPage, SessionDocument } from "../../lib/types";

export interface PageSize {
  width: number;
  height: number;
}

/**
 * The file: this device's copy when it has one (reading goes on without
 * the network), else downloaded, and kept for next time. `account`: the
 * reader's, whose copies these are (none: nothing is kept).
 */
export async function documentBytes(
  doc: SessionDocument,
  version: number,
  account: number | undefined,
): Promise<ArrayBuffer> {
  const url = `/api/documents/${doc.id}/file?version=${version}`;
  const key =
    account !== undefined && doc.confidentiality !== "listed"
      ? copyKey(account, doc.id, version)
      : null;
  const kept = key ? await readCopy(key) : null;
  if (kept) {
    // Still tell the server it was opened (its read receipts): the first
    // byte is enough, and offline it simply fails.
    void fetch(url, {
      headers: { ...authHeaders(), Range: "bytes=0-0" },
    }).catch(() => {});
    return kept;
  }
  const data = await (await fetchBlob(url)).arrayBuffer();
  // pdf.js takes the buffer over (to its worker): keep a copy of it.
  if (key) await keepCopy(key, data.slice(0));
  return data;
}

/**
 * The pages of a version the server read by OCR, by number: none when it
 * had no scans or none is read yet, or when the server cannot be reached
 * (an offline copy reads on, without a text layer over its scans).
 */
export async function recognisedPages(
  doc: SessionDocument,
  version: number,
): Promise<Map<number, OcrPage>> {
  const recognition = doc.versions.find(
    (v) => v.version === version,
  )?.recognition;
  if (!recognition || recognition.pages_done === 0) return new Map();
  try {
    const pages = await api.recognisedPages(doc.id, version);
    return new Map(pages.map((p) => [p.page, p]));
  } catch {
    return new Map();
  }
}

/** Every page's size at scale 1, in CSS pixels. */
export async function pageSizes(pdf: PDFDocumentProxy): Promise<PageSize[]> {
  const all: PageSize[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const v = (await pdf.getPage(i)).getViewport({ scale: 1 });
    all.push({ width: v.width, height: v.height });
  }
  return all;
}
