/**
 * The translation catalogs, one pair of files per part of the UI: `vi.json`
 * and `en.json` for what every view shares, `<part>.vi.json` and
 * `<part>.en.json` for one part. Each part's pair must have exactly the same
 * keys (the type of `en` below, and a test), and no key may stand in two
 * parts (a test).
 */
import viCore from "./vi.json";
import enCore from "./en.json";
import viRecords from "./records.vi.json";
import enRecords from "./records.en.json";

/** Every part, Vietnamese and English, by name (the test walks this). */
export const parts = {
  core: { vi: viCore, en: enCore },
  records: { vi: viRecords, en: enRecords },
} as const;

export const vi = { ...viCore, ...viRecords };
export type MessageKey = keyof typeof vi;
export const en: Record<MessageKey, string> = { ...enCore, ...enRecords };
