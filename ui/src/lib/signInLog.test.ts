import { describe, expect, it } from "vitest";
import {
  byAnother,
  emptySignInLog,
  endsSignInOf,
  logEvent,
  MAX_LOG_LINES,
  reloadsPendingCards,
  type SignInLog,
} from "./signInLog";
import { event } from "../test/fixtures";
import type { SessionEvent } from "./types";

/** The secretary (account 3, no person) watching the session. */
const secretary = { id: 3, person_id: null };

const issued = (seq: number, person = 21, account = 121, awaits = true) =>
  event(seq, "pairing_code.issued", {
    person_id: person,
    full_name: "Nguyễn Thị Lan",
    account_id: account,
    expires_at: "2026-12-09T01:00:00Z",
    awaits_chair: awaits,
  });

const confirmed = (seq: number, person = 21, account = 121) => ({
  ...event(seq, "pairing_code.confirmed", {
    person_id: person,
    full_name: "Nguyễn Thị Lan",
    account_id: account,
  }),
  actor: 2, // the chair
});

const signedOut = (seq: number, person = 21, account = 121) => ({
  ...event(seq, "account.signed_out", {
    account_id: account,
    person_id: person,
    reason: "new_card",
    sign_ins: 2,
  }),
  actor: 2,
});

const attendance = (
  seq: number,
  person: number,
  actor: number | null,
  status = "present",
): SessionEvent => ({
  ...event(seq, "attendance.changed", {
    attendance: {
      session_id: 1,
      person_id: person,
      status,
      mode: status === "present" ? "chamber" : null,
      reason: "",
      updated_at: "2026-12-08T01:05:00Z",
    },
    quorum: { present: 1, total_seats: 50, required: 34, reached: false },
  }),
  actor,
});

function run(events: SessionEvent[], log = emptySignInLog(secretary)) {
  return events.reduce<SignInLog>(logEvent, log);
}

describe("the card and attendance log", () => {
  it("tells cards issued, awaiting the chair, confirmed and the sign-ins they ended", () => {
    const log = run([
      issued(5),
      issued(6, 22, 122, false),
      confirmed(7),
      signedOut(8),
    ]);
    expect(log.lines.map((l) => [l.seq, l.what, l.personId])).toEqual([
      [8, "signed_out", 21],
      [7, "card_confirmed", 21],
      [6, "card_issued", 22],
      [5, "card_awaits_chair", 21],
    ]);
    expect(log.lines[0]?.signIns).toBe(2);
    expect(log.lines[1]?.fullName).toBe("Nguyễn Thị Lan");
    // account.signed_out carries no name: the UI's own is used.
    expect(log.lines[0]?.fullName).toBeNull();
    expect(log.lines[0]?.at).toBe("2026-12-08T01:05:00Z");
  });

  it("lists a check-in made by the viewer for a delegate", () => {
    const log = run([attendance(5, 21, 3)]);
    expect(log.lines.map((l) => [l.what, l.personId])).toEqual([
      ["marked_present", 21],
    ]);
  });

  it("leaves out a delegate's own check-in once their account is known", () => {
    const log = run([issued(5), attendance(6, 21, 121)]);
    expect(log.lines.map((l) => l.what)).toEqual(["card_awaits_chair"]);
  });

  it("lists a check-in by an unknown account when the delegate's own is known", () => {
    const log = run([issued(5), attendance(6, 21, 40, "absent")]);
    expect(log.lines.map((l) => l.what)).toEqual([
      "marked_absent",
      "card_awaits_chair",
    ]);
  });

  it("leaves out a check-in it cannot tell apart", () => {
    const log = emptySignInLog(secretary);
    expect(logEvent(log, attendance(5, 21, 40))).toBe(log);
  });

  it("does not list the chair checking themselves in", () => {
    const chair = { id: 2, person_id: 9 };
    const log = run([attendance(5, 9, 2)], emptySignInLog(chair));
    expect(log.lines).toEqual([]);
  });

  it("adds no second line for an event seen again", () => {
    const once = run([issued(5)]);
    expect(logEvent(once, issued(5))).toBe(once);
  });

  it("keeps the latest lines only, latest first", () => {
    const events = Array.from({ length: MAX_LOG_LINES + 5 }, (_, i) =>
      issued(i + 1, 100 + i, 200 + i),
    );
    const log = run(events);
    expect(log.lines).toHaveLength(MAX_LOG_LINES);
    expect(log.lines[0]?.seq).toBe(MAX_LOG_LINES + 5);
    expect(log.lines.at(-1)?.seq).toBe(6);
  });

  it("returns the same log for the events it does not show", () => {
    const log = emptySignInLog(secretary);
    expect(logEvent(log, event(5, "speech.requested", { id: 1 }))).toBe(log);
  });

  it("ignores a malformed payload", () => {
    const log = emptySignInLog(secretary);
    expect(logEvent(log, event(5, "pairing_code.issued", {}))).toBe(log);
    expect(
      logEvent(log, event(6, "attendance.changed", { attendance: null })),
    ).toBe(log);
  });
});

describe("byAnother", () => {
  const accounts = new Map<number, number | null>([
    [3, null],
    [121, 21],
  ]);
  it("knows the actor's person, or the delegate's own account", () => {
    expect(byAnother(121, 21, accounts)).toBe(false);
    expect(byAnother(3, 21, accounts)).toBe(true);
    expect(byAnother(40, 21, accounts)).toBe(true);
    expect(byAnother(null, 21, accounts)).toBe(true);
    expect(byAnother(40, 22, accounts)).toBeNull();
  });
});

describe("signed out by a new card", () => {
  it("signs out the account the event names, and no other", () => {
    expect(endsSignInOf(signedOut(8), { id: 121 })).toBe(true);
    expect(endsSignInOf(signedOut(8), { id: 122 })).toBe(false);
    expect(endsSignInOf(signedOut(8), null)).toBe(false);
  });

  it("is not fooled by other events about the account", () => {
    expect(endsSignInOf(confirmed(7), { id: 121 })).toBe(false);
    expect(endsSignInOf(issued(5), { id: 121 })).toBe(false);
    const text = event(9, "account.signed_out", { account_id: "121" });
    expect(endsSignInOf(text, { id: 121 })).toBe(false);
  });
});

describe("reloading the cards awaiting the chair", () => {
  it("follows cards issued, confirmed and sign-ins ended", () => {
    expect(reloadsPendingCards(issued(5))).toBe(true);
    expect(reloadsPendingCards(confirmed(6))).toBe(true);
    expect(reloadsPendingCards(signedOut(7))).toBe(true);
  });

  it("not other events", () => {
    expect(reloadsPendingCards(attendance(5, 21, 3))).toBe(false);
    expect(reloadsPendingCards(event(6, "poll.opened", {}))).toBe(false);
  });
});
