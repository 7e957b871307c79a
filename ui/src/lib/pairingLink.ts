/**
 * The link a pairing card's QR code carries: the sign-in page with the
 * code in the address, `…/#/?code=ABCD-EFGH`. A phone or laptop camera that
 * opens it lands on sign-in with the code filled in.
 */

/** Upper-cases and inserts the dash: "abcd efgh" → "ABCD-EFGH". */
export function normaliseCode(value: string): string {
  const raw = value
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "")
    .slice(0, 8);
  return raw.length > 4 ? `${raw.slice(0, 4)}-${raw.slice(4)}` : raw;
}

export const CODE_PATTERN = /^[A-Z0-9]{4}-[A-Z0-9]{4}$/;

/**
 * The sign-in address for a code, from the app's own address (origin and
 * path, no hash); with the server's TLS fingerprint (`fp=`, which the
 * desktop app pins) when it has one.
 */
export function signInLink(
  appUrl: string,
  code: string,
  fingerprint: string | null = null,
): string {
  const base = appUrl.replace(/#.*$/, "");
  const fp = fingerprint ? `fp=${encodeURIComponent(fingerprint)}&` : "";
  return `${base}#/?${fp}code=${encodeURIComponent(normaliseCode(code))}`;
}

/** What the delegate typed or pasted from a card. */
export interface CardEntry {
  /** The code so far, normalised ("ABCD-EFGH" when complete). */
  code: string;
  /** The server a pasted card link names (its origin and path), if any. */
  server: string | null;
}

/** Whether `text` is a card link (it carries a `code=`), not a bare address or code. */
export function isCardLink(text: string): boolean {
  return /code=/i.test(text);
}

/**
 * Reads the sign-in field: the code as typed ("abcd efgh"), or the whole
 * card link pasted in (`https://10.0.0.5:8443/#/?fp=…&code=ABCD-EFGH`),
 * whose code is taken and whose server is told apart from this one.
 */
export function readCardEntry(text: string): CardEntry {
  if (!isCardLink(text)) return { code: normaliseCode(text), server: null };
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return {
      code: codeFromHash(text.slice(text.search(/[#?]/))) ?? "",
      server: null,
    };
  }
  return {
    code: codeFromHash(url.hash) ?? "",
    server: `${url.origin}${url.pathname}`,
  };
}

/** The well-formed code in a `#/?code=…` hash, or null. */
export function codeFromHash(hash: string): string | null {
  const query = hash.replace(/^#/, "").split("?")[1];
  if (query === undefined) return null;
  const raw = new URLSearchParams(query).get("code");
  if (raw === null) return null;
  const code = normaliseCode(raw);
  return CODE_PATTERN.test(code) ? code : null;
}

/**
 * The code the app was opened with, read once when this module loads:
 * the router rewrites the hash to `#/` right after start-up.
 */
export const openedWithCode: string | null =
  typeof location === "undefined" ? null : codeFromHash(location.hash);

/**
 * A card's code typed while setting up the desktop app, carried to the
 * sign-in form when signing in right away did not work (taken once).
 */
let carriedCode: string | null = null;

export function carryCode(code: string): void {
  carriedCode = code;
}

export function takeCarriedCode(): string | null {
  const code = carriedCode;
  carriedCode = null;
  return code;
}
