import { afterEach, describe, expect, it } from "vitest";
import { i18n } from "../i18n/i18n.svelte";
import {
  addAlarm,
  alarmDetail,
  alarmText,
  blockLength,
  dismissAlarm,
  durationText,
  MAX_ALARMS,
  parseAlarm,
  shownAddress,
  type SignInAlarm,
} from "./signInAlarms";
import { event } from "../test/fixtures";
import type { SessionEvent } from "./types";

const alarmEvent = (
  seq: number,
  payload: Record<string, unknown> = {},
): SessionEvent => ({
  ...event(seq, "sign_in.alarm", {
    attempt: "pairing_code",
    address: "192.0.2.7",
    failures: 10,
    blocked_seconds: 60,
    ...payload,
  }),
  stream: "council:1",
  actor: null,
});

const alarm = (seq: number, payload: Record<string, unknown> = {}) => {
  const parsed = parseAlarm(alarmEvent(seq, payload));
  if (!parsed) throw new Error("not an alarm");
  return parsed;
};

afterEach(() => {
  i18n.locale = "vi";
});

describe("reading sign-in alarms from the council's stream", () => {
  it("reads the attempt, the address, the failures and the block", () => {
    expect(parseAlarm(alarmEvent(7))).toEqual({
      seq: 7,
      at: "2026-12-08T01:05:00Z",
      attempt: "pairing_code",
      address: "192.0.2.7",
      failures: 10,
      blockedSeconds: 60,
    });
    expect(alarm(8, { attempt: "password" }).attempt).toBe("password");
  });

  it("reads a block of the whole server (no address)", () => {
    expect(alarm(7, { address: null }).address).toBeNull();
  });

  it("ignores other events", () => {
    expect(parseAlarm(event(7, "person.created", { id: 1 }))).toBeNull();
    expect(parseAlarm(event(8, "pairing_code.issued", {}))).toBeNull();
  });

  it("ignores a malformed alarm", () => {
    for (const bad of [
      { attempt: "totp" },
      { attempt: undefined },
      { address: 7 },
      { address: " " },
      { failures: "10" },
      { failures: -1 },
      { blocked_seconds: 1.5 },
      { blocked_seconds: null },
    ]) {
      expect(parseAlarm(alarmEvent(7, bad)), JSON.stringify(bad)).toBeNull();
    }
  });
});

describe("the list of alarms on screen", () => {
  it("keeps the latest first, at most a few", () => {
    let list: readonly SignInAlarm[] = [];
    for (let seq = 1; seq <= MAX_ALARMS + 2; seq++)
      list = addAlarm(list, alarm(seq));
    expect(list.map((a) => a.seq)).toEqual([7, 6, 5, 4, 3]);
    expect(MAX_ALARMS).toBe(5);
  });

  it("puts an alarm read late in its place", () => {
    const list = [alarm(3), alarm(9), alarm(5)].reduce(addAlarm, []);
    expect(list.map((a) => a.seq)).toEqual([9, 5, 3]);
  });

  it("adds no second copy of an alarm read again", () => {
    const list = addAlarm([], alarm(3));
    expect(addAlarm(list, alarm(3))).toBe(list);
  });

  it("drops the alarm the user dismissed, and only it", () => {
    const list = [alarm(1), alarm(2), alarm(3)].reduce(addAlarm, []);
    expect(dismissAlarm(list, 2).map((a) => a.seq)).toEqual([3, 1]);
    expect(dismissAlarm(list, 42)).toBe(list);
  });
});

describe("the length of a block", () => {
  it("is said in whole hours, else minutes rounded up, else seconds", () => {
    expect(blockLength(60)).toEqual({ unit: "minutes", count: 1 });
    expect(blockLength(120)).toEqual({ unit: "minutes", count: 2 });
    expect(blockLength(1920)).toEqual({ unit: "minutes", count: 32 });
    expect(blockLength(90)).toEqual({ unit: "minutes", count: 2 });
    expect(blockLength(3600)).toEqual({ unit: "hours", count: 1 });
    expect(blockLength(7200)).toEqual({ unit: "hours", count: 2 });
    expect(blockLength(37)).toEqual({ unit: "seconds", count: 37 });
    expect(blockLength(0)).toEqual({ unit: "seconds", count: 1 });
  });

  it("in Vietnamese and in English, singular and plural", () => {
    expect(durationText(60)).toBe("1 phút");
    expect(durationText(3600)).toBe("1 giờ");
    expect(durationText(45)).toBe("45 giây");
    i18n.locale = "en";
    expect(durationText(60)).toBe("1 minute");
    expect(durationText(240)).toBe("4 minutes");
    expect(durationText(3600)).toBe("1 hour");
    expect(durationText(1)).toBe("1 second");
    expect(durationText(45)).toBe("45 seconds");
  });
});

describe("the alarm's text", () => {
  it("names the wrong pairing codes and the address, in Vietnamese", () => {
    expect(alarmText(alarm(1))).toBe(
      "Nhiều lần nhập sai mã thẻ từ địa chỉ 192.0.2.7 — đã chặn 1 phút.",
    );
    expect(alarmDetail(alarm(1))).toBe("10 lần nhập sai");
  });

  it("names the wrong passwords", () => {
    expect(
      alarmText(alarm(1, { attempt: "password", blocked_seconds: 120 })),
    ).toBe(
      "Nhiều lần nhập sai mật khẩu từ địa chỉ 192.0.2.7 — đã chặn 2 phút.",
    );
  });

  it("says when the whole server stopped taking sign-ins", () => {
    expect(alarmText(alarm(1, { address: null }))).toBe(
      "Quá nhiều lần nhập sai từ nhiều máy — tạm dừng đăng nhập 1 phút.",
    );
  });

  it("in English", () => {
    i18n.locale = "en";
    expect(alarmText(alarm(1))).toBe(
      "Many wrong pairing codes from address 192.0.2.7 — blocked for 1 minute.",
    );
    expect(alarmText(alarm(1, { attempt: "password" }))).toBe(
      "Many wrong passwords from address 192.0.2.7 — blocked for 1 minute.",
    );
    expect(alarmText(alarm(1, { address: null, blocked_seconds: 42 }))).toBe(
      "Too many wrong attempts from many machines — sign-ins paused for 42 seconds.",
    );
    expect(alarmDetail(alarm(1))).toBe("10 wrong attempts");
    expect(alarmDetail(alarm(1, { failures: 1 }))).toBe("1 wrong attempt");
  });

  it("shows an IPv6 address as the /64 it stands for", () => {
    expect(shownAddress("2001:db8:1:2::")).toBe("2001:db8:1:2::/64");
    expect(shownAddress("2001:db8:1:2::/64")).toBe("2001:db8:1:2::/64");
    expect(shownAddress("192.0.2.7")).toBe("192.0.2.7");
    expect(alarmText(alarm(1, { address: "2001:db8::" }))).toContain(
      "từ địa chỉ 2001:db8::/64 —",
    );
  });
});
