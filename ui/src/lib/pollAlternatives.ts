/**
 * A poll's own options (phương án), as the chair types them: one per line.
 * The same rules as the server's (domain/poll.rs): from two to twenty, each
 * at most 300 characters, none twice — also not in another case or without
 * its accents ("Phương án 1" and "phuong an 1" are one).
 */
import type { MessageKey } from "../i18n/catalogs";
import { fold, tidy } from "./fold";

export const MAX_ALTERNATIVES = 20;
const MAX_LABEL = 300;

export type Alternatives =
  | { ok: true; labels: string[] }
  | { ok: false; key: MessageKey; params?: Record<string, string | number> };

export function parseAlternatives(text: string): Alternatives {
  const labels = text
    .split("\n")
    .map(tidy)
    .filter((l) => l !== "");
  if (labels.length < 2)
    return { ok: false, key: "polls.error.alternativesFew" };
  if (labels.length > MAX_ALTERNATIVES)
    return {
      ok: false,
      key: "polls.error.alternativesMany",
      params: { max: MAX_ALTERNATIVES },
    };
  const long = labels.find((l) => l.length > MAX_LABEL);
  if (long !== undefined)
    return {
      ok: false,
      key: "polls.error.alternativeLong",
      params: { max: MAX_LABEL },
    };
  const seen = new Set<string>();
  for (const label of labels) {
    const key = fold(label)
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim();
    if (seen.has(key))
      return {
        ok: false,
        key: "polls.error.alternativeTwice",
        params: { label },
      };
    seen.add(key);
  }
  return { ok: true, labels };
}
