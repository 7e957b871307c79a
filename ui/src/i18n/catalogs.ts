/**
 * The translation catalogs, one pair of files per part of the UI: `vi.json`
 * and `en.json` for what every view shares, `<part>.vi.json` and
 * `<part>.en.json` for one part. Each part's pair must have exactly the same
 * keys (the type of `en` below, and a test), and no key may stand in two
 * parts (a test).
 */
import viCore from "./vi.json";
import enCore from "./en.json";
import viViewer from "./viewer.vi.json";
import enViewer from "./viewer.en.json";

/** Every part, Vietnamese and English, by name (the test walks this). */
export const parts = {
  core: { vi: viCore, en: enCore },
  viewer: { vi: viViewer, en: enViewer },
} as const;

export const vi = { ...viCore, ...viViewer };
export type MessageKey = keyof typeof vi;
export const en: Record<MessageKey, string> = { ...enCore, ...enViewer };
