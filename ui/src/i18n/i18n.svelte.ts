/**
 * Translations: Vietnamese first, English second. The flat keys come from
 * the catalogs of every part of the UI (`catalogs.ts`).
 */
import { en, vi, type MessageKey } from "./catalogs";
import { interpolate, type Params } from "./interpolate";
import { load, save } from "../lib/storage";

export type { MessageKey };
export type Locale = "vi" | "en";
export const LOCALES: readonly Locale[] = ["vi", "en"];

const catalogs: Record<Locale, Record<MessageKey, string>> = { vi, en };
const intlTags: Record<Locale, string> = { vi: "vi-VN", en: "en-GB" };
const STORAGE_KEY = "kyhop.locale";

function initialLocale(): Locale {
  const stored = load(STORAGE_KEY);
  return stored === "en" || stored === "vi" ? stored : "vi";
}

let current = $state<Locale>(initialLocale());

export const i18n = {
  get locale(): Locale {
    return current;
  },
  set locale(value: Locale) {
    current = value;
    save(STORAGE_KEY, value);
    if (typeof document !== "undefined") document.documentElement.lang = value;
  },
  /** The BCP 47 tag for `Intl`: vi-VN or en-GB. */
  get intl(): string {
    return intlTags[current];
  },
};

/** The message for `key` in the current language, with `{name}` filled in. */
export function t(key: MessageKey, params?: Params): string {
  return interpolate(catalogs[current][key], params);
}

export function isMessageKey(key: string): key is MessageKey {
  return key in catalogs.vi;
}

export function formatNumber(
  value: number,
  options?: Intl.NumberFormatOptions,
): string {
  return new Intl.NumberFormat(intlTags[current], options).format(value);
}

/** Where the council sits: every date and time on screen is its. */
export const VIETNAM_ZONE = "Asia/Ho_Chi_Minh";

export function formatDate(
  iso: string,
  options?: Intl.DateTimeFormatOptions,
): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(intlTags[current], {
    timeZone: VIETNAM_ZONE,
    ...(options ?? { dateStyle: "long" }),
  }).format(date);
}

export function formatTime(iso: string): string {
  return formatDate(iso, { timeStyle: "short" });
}

/** m:ss for a countdown; negative durations show with a minus sign. */
export function formatDuration(ms: number): string {
  const total = Math.ceil(Math.abs(ms) / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = String(total % 60).padStart(2, "0");
  return `${ms < 0 && total > 0 ? "−" : ""}${minutes}:${seconds}`;
}
