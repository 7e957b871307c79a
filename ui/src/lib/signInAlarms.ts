/**
 * Sign-in alarms: the server blocked an address (or, when many addresses
 * guessed together, every sign-in) after too many wrong passwords or
 * pairing codes, and told every council's live stream (`sign_in.alarm`).
 * The secretariat's and the chair's screens show the latest few while they
 * are open. Pure functions, no I/O; the texts in the user's language.
 */
import { formatNumber, t } from "../i18n/i18n.svelte";
import type { SessionEvent } from "./types";

/** What was guessed wrong. */
export type AlarmAttempt = "password" | "pairing_code";

export interface SignInAlarm {
  /** The event's sequence number: unique within the council's stream. */
  seq: number;
  /** When the block started (ISO time, shown in local time). */
  at: string;
  attempt: AlarmAttempt;
  /** The address blocked; null: the whole server stopped taking sign-ins. */
  address: string | null;
  /** Wrong attempts that tripped the block. */
  failures: number;
  blockedSeconds: number;
}

/** Alarms kept on screen at most, latest first. */
export const MAX_ALARMS = 5;

export const ALARM_KIND = "sign_in.alarm";

function count(value: unknown): number | null {
  return typeof value === "number" && Number.isInteger(value) && value >= 0
    ? value
    : null;
}

/** The alarm an event carries, or null if it is not a (well-formed) one. */
export function parseAlarm(event: SessionEvent): SignInAlarm | null {
  if (event.kind !== ALARM_KIND) return null;
  const p = event.payload;
  const attempt = p["attempt"];
  if (attempt !== "password" && attempt !== "pairing_code") return null;
  const address = p["address"];
  if (
    address !== null &&
    address !== undefined &&
    (typeof address !== "string" || address.trim() === "")
  )
    return null;
  const failures = count(p["failures"]);
  const blockedSeconds = count(p["blocked_seconds"]);
  if (failures === null || blockedSeconds === null) return null;
  return {
    seq: event.seq,
    at: event.at,
    attempt,
    address: address ?? null,
    failures,
    blockedSeconds,
  };
}

/**
 * The alarms after one more: latest first, at most `MAX_ALARMS`. The same
 * list for an alarm already there (a stream read again).
 */
export function addAlarm(
  alarms: readonly SignInAlarm[],
  alarm: SignInAlarm,
): readonly SignInAlarm[] {
  if (alarms.some((a) => a.seq === alarm.seq)) return alarms;
  return [alarm, ...alarms].sort((a, b) => b.seq - a.seq).slice(0, MAX_ALARMS);
}

/** The alarms without the one the user dismissed. */
export function dismissAlarm(
  alarms: readonly SignInAlarm[],
  seq: number,
): readonly SignInAlarm[] {
  return alarms.some((a) => a.seq === seq)
    ? alarms.filter((a) => a.seq !== seq)
    : alarms;
}

export type DurationUnit = "seconds" | "minutes" | "hours";

/**
 * A block's length as people say it: whole hours, else minutes (rounded
 * up: never shorter than the block), else seconds (at least one).
 */
export function blockLength(seconds: number): {
  unit: DurationUnit;
  count: number;
} {
  if (seconds < 60) return { unit: "seconds", count: Math.max(1, seconds) };
  if (seconds % 3600 === 0) return { unit: "hours", count: seconds / 3600 };
  return { unit: "minutes", count: Math.ceil(seconds / 60) };
}

/** The address as shown: an IPv6 address stands for its whole /64. */
export function shownAddress(address: string): string {
  return address.includes(":") && !address.includes("/")
    ? `${address}/64`
    : address;
}

/** "1 phút", "2 minutes"… */
export function durationText(seconds: number): string {
  const { unit, count } = blockLength(seconds);
  return t(`pairing.alarm.${unit}.${count === 1 ? "one" : "other"}`, {
    count: formatNumber(count),
  });
}

/** The alarm's sentence, e.g. "Nhiều lần nhập sai mã thẻ từ địa chỉ … — đã chặn 1 phút." */
export function alarmText(alarm: SignInAlarm): string {
  const duration = durationText(alarm.blockedSeconds);
  if (alarm.address === null) return t("pairing.alarm.server", { duration });
  return t(
    alarm.attempt === "password"
      ? "pairing.alarm.password"
      : "pairing.alarm.pairingCode",
    { address: shownAddress(alarm.address), duration },
  );
}

/** The line under it: how many wrong attempts tripped the block. */
export function alarmDetail(alarm: SignInAlarm): string {
  return t(
    alarm.failures === 1
      ? "pairing.alarm.failures.one"
      : "pairing.alarm.failures.other",
    { count: formatNumber(alarm.failures) },
  );
}
