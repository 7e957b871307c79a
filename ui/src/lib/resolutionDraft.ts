/**
 * The resolution draft form as pure logic: the form the secretary fills
 * in, its checks (the same as the server's `ResolutionContent::validated`,
 * so a draft that passes here is not refused there), the request body it
 * becomes, and whether a resolution may be issued yet (the server's
 * `issue_refusal`).
 */
import type {
  NewResolution,
  Resolution,
  ResolutionContent,
} from "./recordsApi";

export interface ArticleForm {
  heading: string;
  /** Paragraphs separated by a blank line. */
  body: string;
}

export interface ResolutionForm {
  agendaItemId: number | null;
  pollId: number | null;
  subject: string;
  normative: boolean;
  /** One legal basis per line ("Căn cứ …"). */
  legalBases: string;
  articles: ArticleForm[];
  /** One recipient per line. */
  recipients: string;
  authority: string;
  signerTitle: string;
  signerName: string;
}

/** Why a field is refused; the component words it. */
export type Problem =
  | { code: "required" }
  | { code: "too_long"; max: number; line?: number }
  | { code: "control"; line?: number }
  | { code: "empty_line"; line: number }
  | { code: "no_articles" }
  | { code: "empty_article" }
  | { code: "poll_not_on_item" };

/**
 * Problems by field: "agenda_item_id", "poll_id", "subject",
 * "legal_bases", "articles", "articles.<i>.heading", "articles.<i>.body",
 * "recipients", "authority", "signer_title", "signer_name".
 */
export type Problems = Record<string, Problem>;

/** Limits of the server, in characters (Unicode scalar values). */
export const LIMITS = {
  subject: 500,
  authority: 200,
  signerTitle: 200,
  signerName: 300,
  legalBasis: 2_000,
  heading: 500,
  paragraph: 10_000,
  recipient: 300,
} as const;

export function emptyForm(agendaItemId: number | null = null): ResolutionForm {
  return {
    agendaItemId,
    pollId: null,
    subject: "",
    normative: false,
    legalBases: "",
    articles: [{ heading: "", body: "" }],
    recipients: "",
    authority: "TM. HỘI ĐỒNG NHÂN DÂN",
    signerTitle: "CHỦ TỊCH",
    signerName: "",
  };
}

export function formFromResolution(r: Resolution): ResolutionForm {
  return {
    agendaItemId: r.agenda_item_id,
    pollId: r.poll_id ?? null,
    subject: r.subject,
    normative: r.normative ?? false,
    legalBases: r.legal_bases.join("\n"),
    articles: r.articles.map((a) => ({
      heading: a.heading ?? "",
      body: a.paragraphs.join("\n\n"),
    })),
    recipients: r.recipients.join("\n"),
    authority: r.authority,
    signerTitle: r.signer_title,
    signerName: r.signer_name,
  };
}

/** Length as the server counts it: Unicode scalar values. */
const length = (s: string) => [...s].length;
const CONTROL = /\p{Cc}/u;
const CONTROL_BUT_NEWLINE_TAB = /[^\P{Cc}\n\t]/u;

/** The server's `text::line`: trimmed, NFC, no control characters. */
function line(value: string, max: number): string | Problem {
  const v = value.trim().normalize("NFC");
  if (length(v) > max) return { code: "too_long", max };
  if (CONTROL.test(v)) return { code: "control" };
  return v;
}

/** The server's `text::multiline`: newlines and tabs allowed. */
function multiline(value: string, max: number): string | Problem {
  const v = value.trim().normalize("NFC");
  if (length(v) > max) return { code: "too_long", max };
  if (CONTROL_BUT_NEWLINE_TAB.test(v)) return { code: "control" };
  return v;
}

function required(value: string | Problem): string | Problem {
  return value === "" ? { code: "required" } : value;
}

const isProblem = (v: unknown): v is Problem =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function stripEnd(s: string, chars: string): string {
  let end = s.length;
  while (end > 0 && chars.includes(s[end - 1] ?? "")) end--;
  return s.slice(0, end);
}

function stripStart(s: string, chars: string): string {
  let start = 0;
  while (start < s.length && chars.includes(s[start] ?? "")) start++;
  return s.slice(start);
}

/** The non-blank lines of a textarea, with their 1-based line numbers. */
function lines(text: string): { text: string; line: number }[] {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((t, i) => ({ text: t, line: i + 1 }))
    .filter((l) => l.text.trim() !== "");
}

/** Paragraphs: blocks separated by a blank line. */
export function paragraphs(body: string): string[] {
  return body
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
}

/** A line list (legal bases, recipients), each item checked like the server. */
function lineList(
  text: string,
  clean: (raw: string) => string,
  max: number,
): string[] | Problem {
  const out: string[] = [];
  for (const { text: raw, line: n } of lines(text)) {
    const checked = line(clean(raw), max);
    if (isProblem(checked)) return { ...checked, line: n } as Problem;
    if (checked === "") return { code: "empty_line", line: n };
    out.push(checked);
  }
  return out;
}

export type Checked =
  { ok: true; body: NewResolution } | { ok: false; problems: Problems };

/**
 * Checks the form and builds the request. `pollsOfItem` are the ids of
 * the polls on the chosen agenda item (the adopting poll must be one).
 */
export function checkForm(
  form: ResolutionForm,
  pollsOfItem: readonly number[],
): Checked {
  const problems: Problems = {};
  const take = (field: string, v: string | Problem): string => {
    if (isProblem(v)) {
      problems[field] = v;
      return "";
    }
    return v;
  };

  if (form.agendaItemId === null)
    problems.agenda_item_id = { code: "required" };
  else if (form.pollId !== null && !pollsOfItem.includes(form.pollId))
    problems.poll_id = { code: "poll_not_on_item" };

  const subject = take("subject", required(line(form.subject, LIMITS.subject)));
  const authority = take("authority", line(form.authority, LIMITS.authority));
  const signerTitle = take(
    "signer_title",
    required(line(form.signerTitle, LIMITS.signerTitle)),
  );
  const signerName = take(
    "signer_name",
    required(line(form.signerName, LIMITS.signerName)),
  );

  const bases = lineList(
    form.legalBases,
    (raw) => stripEnd(raw, ";. "),
    LIMITS.legalBasis,
  );
  if (isProblem(bases)) problems.legal_bases = bases;
  const recipients = lineList(
    form.recipients,
    (raw) => stripStart(raw, "- "),
    LIMITS.recipient,
  );
  if (isProblem(recipients)) problems.recipients = recipients;

  const articles: ResolutionContent["articles"] = [];
  if (form.articles.length === 0) problems.articles = { code: "no_articles" };
  form.articles.forEach((article, i) => {
    const heading = take(
      `articles.${i}.heading`,
      line(article.heading, LIMITS.heading),
    );
    const paras: string[] = [];
    for (const p of paragraphs(article.body)) {
      const checked = multiline(p, LIMITS.paragraph);
      if (isProblem(checked)) {
        problems[`articles.${i}.body`] = checked;
        break;
      }
      paras.push(checked);
    }
    if (
      heading === "" &&
      paras.length === 0 &&
      !problems[`articles.${i}.heading`] &&
      !problems[`articles.${i}.body`]
    )
      problems[`articles.${i}.body`] = { code: "empty_article" };
    articles.push({ heading, paragraphs: paras });
  });

  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return {
    ok: true,
    body: {
      agenda_item_id: form.agendaItemId as number,
      poll_id: form.pollId,
      subject,
      normative: form.normative,
      legal_bases: bases as string[],
      articles,
      recipients: recipients as string[],
      authority,
      signer_title: signerTitle,
      signer_name: signerName,
    },
  };
}

/**
 * The form field a server validation error names: the server says
 * "articles" for any article, which here points to the first one.
 */
export function fieldOfServerError(field: string | null): string | null {
  if (field === null) return null;
  if (field === "articles") return "articles.0.body";
  const known = [
    "agenda_item_id",
    "poll_id",
    "subject",
    "legal_bases",
    "recipients",
    "authority",
    "signer_title",
    "signer_name",
  ];
  return known.includes(field) ? field : null;
}

export type IssueRefusal =
  "already_issued" | "poll_missing" | "poll_not_passed";

/**
 * Why the server would refuse to issue this resolution now, by the same
 * rule (`issue_refusal`): issued already; no adopting poll, or it has no
 * result yet; or its result is not "passed".
 */
export function issueRefusal(r: Resolution): IssueRefusal | null {
  if (r.state === "issued") return "already_issued";
  if (!r.poll_result) return "poll_missing";
  if (r.poll_result.passed !== true) return "poll_not_passed";
  return null;
}
