/**
 * The translation catalogs, one pair of files per part of the UI: `vi.json`
 * and `en.json` for what every view shares, `<part>.vi.json` and
 * `<part>.en.json` for one part. Each part's pair must have exactly the same
 * keys (the type of `en` below, and a test), and no key may stand in two
 * parts (a test).
 */
import viCore from "./vi.json";
import enCore from "./en.json";
import viPolls from "./polls.vi.json";
import enPolls from "./polls.en.json";
import viChairdesk from "./chairdesk.vi.json";
import enChairdesk from "./chairdesk.en.json";
import viAccount from "./account.vi.json";
import enAccount from "./account.en.json";
import viSetup from "./setup.vi.json";
import enSetup from "./setup.en.json";
import viRecords from "./records.vi.json";
import enRecords from "./records.en.json";
import viViewer from "./viewer.vi.json";
import enViewer from "./viewer.en.json";
import viDesktop from "./desktop.vi.json";
import enDesktop from "./desktop.en.json";
import viPairing from "./pairing.vi.json";
import enPairing from "./pairing.en.json";
import viAdmin from "./admin.vi.json";
import enAdmin from "./admin.en.json";
import viFiling from "./filing.vi.json";
import enFiling from "./filing.en.json";
import viSittings from "./sittings.vi.json";
import enSittings from "./sittings.en.json";

/** Every part, Vietnamese and English, by name (the test walks this). */
export const parts = {
  core: { vi: viCore, en: enCore },
  polls: { vi: viPolls, en: enPolls },
  chairdesk: { vi: viChairdesk, en: enChairdesk },
  account: { vi: viAccount, en: enAccount },
  setup: { vi: viSetup, en: enSetup },
  records: { vi: viRecords, en: enRecords },
  viewer: { vi: viViewer, en: enViewer },
  desktop: { vi: viDesktop, en: enDesktop },
  pairing: { vi: viPairing, en: enPairing },
  admin: { vi: viAdmin, en: enAdmin },
  filing: { vi: viFiling, en: enFiling },
  sittings: { vi: viSittings, en: enSittings },
} as const;

export const vi = {
  ...viCore,
  ...viPolls,
  ...viChairdesk,
  ...viAccount,
  ...viSetup,
  ...viRecords,
  ...viViewer,
  ...viDesktop,
  ...viPairing,
  ...viAdmin,
  ...viFiling,
  ...viSittings,
};
export type MessageKey = keyof typeof vi;
export const en: Record<MessageKey, string> = {
  ...enCore,
  ...enPolls,
  ...enChairdesk,
  ...enAccount,
  ...enSetup,
  ...enRecords,
  ...enViewer,
  ...enDesktop,
  ...enPairing,
  ...enAdmin,
  ...enFiling,
  ...enSittings,
};
