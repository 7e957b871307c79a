/**
 * A document's description as the secretary edits it, checked as the server
 * checks it. At upload only the filing is sent (agenda item and readers):
 * the server proposes title, number and kind from the file's first page,
 * and the secretary corrects them afterwards in the same fields.
 */
import { Checker, type Checked } from "./setupForms";
import { tidy } from "./fold";
import type {
  AudienceEntry,
  Confidentiality,
  DocumentKind,
  SessionDocument,
} from "./types";
import type { DocumentMeta, UploadMeta } from "./uploads";

export interface DocumentDraft {
  title: string;
  number: string;
  kind: DocumentKind;
  agenda_item_id: number | null;
  confidentiality: Confidentiality;
  audience: AudienceEntry[];
}

export const MAX_NUMBER = 100;
export const MAX_TITLE = 300;

/** The description of a document already filed, to edit. */
export function draftOf(document: SessionDocument): DocumentDraft {
  return {
    title: document.title,
    number: document.number,
    kind: document.kind,
    agenda_item_id: document.agenda_item_id ?? null,
    confidentiality: document.confidentiality,
    audience: [...document.audience],
  };
}

/** The same checks as the server's (`NewDocument::validated`), by the server's field names. */
export function checkDraft(draft: DocumentDraft): Checked<DocumentMeta> {
  const c = new Checker();
  const title = c.name("title", draft.title);
  const number = tidy(draft.number);
  if (number.length > MAX_NUMBER)
    c.add("number", {
      key: "setup.check.tooLong",
      params: { max: MAX_NUMBER },
    });
  const filing = checkFiling(draft);
  if (!filing.ok)
    for (const [f, p] of Object.entries(filing.problems)) c.add(f, p);
  return c.done({
    title,
    number,
    kind: draft.kind,
    agenda_item_id: draft.agenda_item_id,
    confidentiality: draft.confidentiality,
    audience: filing.ok ? filing.value.audience : [],
  });
}

/** Where a batch of uploads is filed: the same item and readers for each file. */
export type Filing = Pick<
  DocumentDraft,
  "agenda_item_id" | "confidentiality" | "audience"
>;

export function defaultFiling(): Filing {
  return { agenda_item_id: null, confidentiality: "delegates", audience: [] };
}

/** The filing sent with each file of a batch; readers only for a listed one. */
export function checkFiling(filing: Filing): Checked<UploadMeta> {
  const c = new Checker();
  const listed = filing.confidentiality === "listed";
  if (listed && filing.audience.length === 0)
    c.add("audience", { key: "filing.check.audience" });
  return c.done({
    agenda_item_id: filing.agenda_item_id,
    confidentiality: filing.confidentiality,
    audience: listed ? filing.audience : [],
  });
}

/** Adds or removes one reader of a listed document. */
export function toggledReader(
  audience: readonly AudienceEntry[],
  entry: AudienceEntry,
): AudienceEntry[] {
  const has = audience.some((a) => a.kind === entry.kind && a.id === entry.id);
  return has
    ? audience.filter((a) => !(a.kind === entry.kind && a.id === entry.id))
    : [...audience, entry];
}
