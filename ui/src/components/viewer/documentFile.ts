/**
 * A document version's PDF and its pages' sizes, for the viewer.
 */
import { authHeaders, fetchBlob } from "../../lib/api";
import { copyKey, keepCopy, readCopy } from "../../lib/offlineCopies";
import type { PDFDocumentProxy } from "../../lib/pdf";
import type { SessionDocument } from "../../lib/types";

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

/** Every page's size at scale 1, in CSS pixels. */
export async function pageSizes(pdf: PDFDocumentProxy): Promise<PageSize[]> {
  const all: PageSize[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const v = (await pdf.getPage(i)).getViewport({ scale: 1 });
    all.push({ width: v.width, height: v.height });
  }
  return all;
}
