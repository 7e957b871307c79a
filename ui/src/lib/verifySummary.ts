/**
 * A verification report (`POST /api/verify`) in plain words: one verdict
 * for the file, and for each signature who signed, when, and three checks
 * a secretary can read out — intact, nothing added unsigned after it,
 * issued by a certificate this server trusts.
 */
import type { SignatureReport, Verification } from "./recordsApi";

export type Verdict =
  /** Signed, every signature intact and trusted, nothing added unsigned. */
  | "valid"
  /** No signature at all. */
  | "unsigned"
  /** A signature no longer matches the file: it was changed. */
  | "broken"
  /** Content was added after the last signature, unsigned. */
  | "modified"
  /** Intact, but a signer's certificate is not from a trusted authority. */
  | "untrusted";

/** What the part of the file after a signature holds. */
export type Coverage =
  /** The signature covers the whole file. */
  | "whole"
  /** Later updates follow, and a later signature covers the whole file. */
  | "later_signed"
  /** Later updates follow that no signature covers. */
  | "unsigned_after";

export interface SignatureSummary {
  /** The chair's signature or the council's seal, for the fields we write. */
  role: "chair" | "seal" | null;
  fieldName: string;
  /** The certificate's common name, or its whole subject. */
  signer: string;
  organization: string | null;
  time: string | null;
  /** A time-stamping authority's proof of when it was signed (PAdES B-T). */
  timestamp: { time: string; trusted: boolean } | null;
  /** The PAdES baseline level as EN 319 142-1 names it: "B-B" … "B-LTA". */
  level: string;
  /** B-LT and B-LTA: validation data in the file, for verifying it years
   * from now (and, at B-LTA, an archive time-stamp over it). */
  longTerm: "b_lt" | "b_lta" | null;
  intact: boolean;
  coverage: Coverage;
  trusted: boolean;
  problems: string[];
}

export interface VerificationSummary {
  verdict: Verdict;
  signatures: SignatureSummary[];
}

const LEVEL_NAMES: Record<SignatureReport["level"], string> = {
  b_b: "B-B",
  b_t: "B-T",
  b_lt: "B-LT",
  b_lta: "B-LTA",
};

/** The fields `kyhop` signs a resolution into. */
const ROLES: Record<string, "chair" | "seal"> = {
  ChuKyChuToa: "chair",
  DauHoiDong: "seal",
};

/**
 * Splits an RFC 4514 distinguished name ("CN=Nguyễn Văn A,O=HĐND") into
 * its attributes, undoing backslash escapes (`\,`, and `\C3\A1` for the
 * bytes of a UTF-8 character).
 */
export function parseSubject(subject: string): Map<string, string> {
  const out = new Map<string, string>();
  let key = "";
  let bytes: number[] = [];
  let inValue = false;
  let raw = "";
  const flushText = () => {
    if (raw) {
      bytes.push(...new TextEncoder().encode(raw));
      raw = "";
    }
  };
  const finish = () => {
    flushText();
    const value = new TextDecoder().decode(new Uint8Array(bytes));
    if (key.trim() && !out.has(key.trim().toUpperCase()))
      out.set(key.trim().toUpperCase(), value.trim());
    key = "";
    bytes = [];
    inValue = false;
  };
  for (let i = 0; i < subject.length; i++) {
    const c = subject[i] ?? "";
    if (!inValue) {
      if (c === "=") inValue = true;
      else key += c;
      continue;
    }
    if (c === "\\") {
      const hex = subject.slice(i + 1, i + 3);
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        flushText();
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else {
        raw += subject[i + 1] ?? "";
        i += 1;
      }
    } else if (c === "," || c === "+") {
      finish();
    } else {
      raw += c;
    }
  }
  if (inValue) finish();
  return out;
}

/** Nothing after the signature but validation data and document
 * time-stamps, which long-term signatures (PAdES B-LT, B-LTA) add. */
function unchangedAfter(report: SignatureReport): boolean {
  return report.covers_whole_document || !report.modified_after;
}

function coverage(
  report: SignatureReport,
  all: readonly SignatureReport[],
): Coverage {
  if (unchangedAfter(report)) return "whole";
  return all.some((r) => r !== report && unchangedAfter(r) && r.intact)
    ? "later_signed"
    : "unsigned_after";
}

export function summarize(v: Verification): VerificationSummary {
  const signatures = v.signatures.map((r): SignatureSummary => {
    const subject = parseSubject(r.signer_subject);
    return {
      role: ROLES[r.field_name] ?? null,
      fieldName: r.field_name,
      signer: subject.get("CN") ?? r.signer_subject,
      organization: subject.get("O") ?? null,
      time: r.signing_time ?? null,
      timestamp: r.timestamp
        ? { time: r.timestamp, trusted: r.timestamp_trusted }
        : null,
      level: LEVEL_NAMES[r.level],
      longTerm: r.level === "b_lt" || r.level === "b_lta" ? r.level : null,
      intact: r.intact,
      coverage: coverage(r, v.signatures),
      trusted: r.trusted,
      problems: r.problems,
    };
  });
  let verdict: Verdict;
  if (signatures.length === 0) verdict = "unsigned";
  else if (signatures.some((s) => !s.intact)) verdict = "broken";
  else if (!signatures.some((s) => s.coverage === "whole"))
    verdict = "modified";
  else if (signatures.some((s) => !s.trusted)) verdict = "untrusted";
  else verdict = "valid";
  // The server's own verdict wins if it is stricter than ours.
  if (verdict === "valid" && !v.valid) verdict = "untrusted";
  return { verdict, signatures };
}
