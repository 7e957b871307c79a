/**
 * Pairing cards and sign-ins as the session's live stream tells them: the
 * chair's and the secretary's "card and attendance log", when the chair's
 * list of cards awaiting confirmation must be reloaded, and when the
 * signed-in account itself was signed out by a new card. Pure functions,
 * no I/O.
 */
import type { Account, AttendanceStatus, SessionEvent } from "./types";

/** What one line of the log says happened. */
export type SignInWhat =
  | "card_issued"
  | "card_awaits_chair"
  | "card_confirmed"
  | "signed_out"
  | "marked_present"
  | "marked_absent"
  | "marked_left";

export interface SignInLine {
  /** The event's sequence number: unique within the session's stream. */
  seq: number;
  /** When it happened (ISO time, shown in local time). */
  at: string;
  what: SignInWhat;
  personId: number;
  /** The name the event carried, if any (else the UI's own). */
  fullName: string | null;
  /** Sign-ins that ended (`signed_out` only). */
  signIns: number | null;
}

export interface SignInLog {
  /** Latest first, at most `MAX_LOG_LINES`. */
  lines: readonly SignInLine[];
  /** Accounts seen, with their person (null: staff without one). */
  accounts: ReadonlyMap<number, number | null>;
}

export const MAX_LOG_LINES = 20;

/** Events after which the chair's list of cards awaiting confirmation is stale. */
export const PENDING_CARD_KINDS: ReadonlySet<string> = new Set([
  "pairing_code.issued",
  "pairing_code.confirmed",
  "account.signed_out",
]);

/** True if `event` may have changed the cards that await the chair. */
export function reloadsPendingCards(event: SessionEvent): boolean {
  return PENDING_CARD_KINDS.has(event.kind);
}

function integer(value: unknown): number | null {
  return typeof value === "number" && Number.isInteger(value) ? value : null;
}

/**
 * True if `event` ends the sign-in of `account` (a new pairing card was
 * confirmed for its person): the app must sign out at once.
 */
export function endsSignInOf(
  event: SessionEvent,
  account: Pick<Account, "id"> | null,
): boolean {
  return (
    account !== null &&
    event.kind === "account.signed_out" &&
    integer(event.payload["account_id"]) === account.id
  );
}

/** An empty log; the viewer's own account is known from the start. */
export function emptySignInLog(
  viewer: Pick<Account, "id" | "person_id"> | null,
): SignInLog {
  return {
    lines: [],
    accounts: new Map(viewer ? [[viewer.id, viewer.person_id]] : []),
  };
}

/**
 * Whether an attendance change was made by someone other than the delegate:
 * true or false when the accounts seen tell, null when they cannot.
 */
export function byAnother(
  actor: number | null,
  personId: number,
  accounts: ReadonlyMap<number, number | null>,
): boolean | null {
  // The system itself: nobody signed in as the delegate.
  if (actor === null) return true;
  const actorPerson = accounts.get(actor);
  if (actorPerson !== undefined) return actorPerson !== personId;
  // The delegate's own account is known and is not the actor's.
  for (const person of accounts.values()) if (person === personId) return true;
  return null;
}

const MARKED: Record<AttendanceStatus, SignInWhat> = {
  present: "marked_present",
  absent: "marked_absent",
  left: "marked_left",
};

function lineOf(
  event: SessionEvent,
  accounts: ReadonlyMap<number, number | null>,
): SignInLine | null {
  const p = event.payload;
  const base = { seq: event.seq, at: event.at, signIns: null };
  const fullName = typeof p["full_name"] === "string" ? p["full_name"] : null;
  switch (event.kind) {
    case "pairing_code.issued":
    case "pairing_code.confirmed":
    case "account.signed_out": {
      const personId = integer(p["person_id"]);
      if (personId === null) return null;
      const what: SignInWhat =
        event.kind === "pairing_code.confirmed"
          ? "card_confirmed"
          : event.kind === "account.signed_out"
            ? "signed_out"
            : p["awaits_chair"] === true
              ? "card_awaits_chair"
              : "card_issued";
      return {
        ...base,
        what,
        personId,
        fullName,
        signIns: what === "signed_out" ? integer(p["sign_ins"]) : null,
      };
    }
    case "attendance.changed": {
      const record = p["attendance"];
      if (typeof record !== "object" || record === null) return null;
      const personId = integer(
        (record as Record<string, unknown>)["person_id"],
      );
      const status = (record as Record<string, unknown>)["status"];
      if (personId === null || typeof status !== "string") return null;
      const what = MARKED[status as AttendanceStatus];
      if (!what || byAnother(event.actor, personId, accounts) !== true)
        return null;
      return { ...base, what, personId, fullName };
    }
    default:
      return null;
  }
}

/** Learns the account a pairing event names, for later attendance changes. */
function learn(
  accounts: ReadonlyMap<number, number | null>,
  event: SessionEvent,
): ReadonlyMap<number, number | null> {
  if (!PENDING_CARD_KINDS.has(event.kind)) return accounts;
  const account = integer(event.payload["account_id"]);
  const person = integer(event.payload["person_id"]);
  if (account === null || person === null || accounts.get(account) === person)
    return accounts;
  return new Map(accounts).set(account, person);
}

/**
 * The log after one more event from the stream. The same log when the event
 * changes nothing (most events), so that nothing redraws; an event seen
 * again (a replay after a reconnection) adds no second line.
 */
export function logEvent(log: SignInLog, event: SessionEvent): SignInLog {
  if (log.lines.some((line) => line.seq === event.seq)) return log;
  const accounts = learn(log.accounts, event);
  const line = lineOf(event, accounts);
  if (!line) return accounts === log.accounts ? log : { ...log, accounts };
  const lines = [line, ...log.lines]
    .sort((a, b) => b.seq - a.seq)
    .slice(0, MAX_LOG_LINES);
  return { accounts, lines };
}
