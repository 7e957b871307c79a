/**
 * The administrator's account forms, checked before anything is sent with
 * the server's own rules (domain/account.rs): a username of a-z, digits,
 * ".", "-" and "_" (stored in lower case, at most 64), a display name, a
 * password of 10 to 256 characters. What the server cannot say by field
 * (a username or a person already taken) is checked here against the
 * accounts the form knows.
 */
import type { AccountPatch, NewAccount } from "./adminApi";
import { MAX_PASSWORD, MIN_PASSWORD } from "./passwordChange";
import { Checker, type Checked } from "./setupForms";
import type { Account, Role } from "./types";

/** The roles of a council's accounts (the administrator belongs to none). */
export const COUNCIL_ROLES = [
  "secretary",
  "chair",
  "delegate",
  "guest",
  "display",
] as const satisfies readonly Role[];
export type CouncilRole = (typeof COUNCIL_ROLES)[number];

/**
 * Roles that sign in with a password. Delegates and guests may instead
 * sign in with a pairing card (an account without a password).
 */
export function needsPassword(role: Role): boolean {
  return role !== "delegate" && role !== "guest";
}

export interface AccountInput {
  username: string;
  display_name: string;
  role: CouncilRole;
  person_id: number | null;
  password: string;
}

const USERNAME = /^[a-z0-9._-]+$/;
const MAX_USERNAME = 64;

function password(c: Checker, value: string, required: boolean): void {
  const n = [...value].length;
  if (n === 0) {
    if (required) c.add("password", { key: "admin.check.passwordRequired" });
  } else if (n < MIN_PASSWORD || n > MAX_PASSWORD)
    c.add("password", {
      key: "admin.check.passwordLength",
      params: { min: MIN_PASSWORD, max: MAX_PASSWORD },
    });
}

/**
 * The username as kept (lower case), checked; `others`: every other
 * account there is (usernames are unique across councils).
 */
function username(
  c: Checker,
  value: string,
  others: readonly Account[],
): string {
  const name = value.trim().toLowerCase();
  if (name === "") c.add("username", { key: "setup.check.required" });
  else if (name.length > MAX_USERNAME)
    c.add("username", {
      key: "setup.check.tooLong",
      params: { max: MAX_USERNAME },
    });
  else if (!USERNAME.test(name))
    c.add("username", { key: "admin.check.username" });
  else if (others.some((a) => a.username === name))
    c.add("username", { key: "admin.check.usernameTaken" });
  return name;
}

/** The person an account of `role` stands for, checked against `others`. */
function person(
  c: Checker,
  role: Role,
  personId: number | null,
  others: readonly Account[],
): void {
  if (personId === null) {
    // A delegate's account is how that delegate votes: it must say who.
    if (role === "delegate")
      c.add("person_id", { key: "admin.check.personRequired" });
  } else if (others.some((a) => a.person_id === personId))
    c.add("person_id", { key: "admin.check.personTaken" });
}

/** A new account of council `councilId`; `existing`: every account there is. */
export function checkNewAccount(
  input: AccountInput,
  councilId: number,
  existing: readonly Account[],
): Checked<NewAccount> {
  const c = new Checker();
  const name = username(c, input.username, existing);
  const displayName = c.name("display_name", input.display_name);
  person(c, input.role, input.person_id, existing);
  password(c, input.password, needsPassword(input.role));
  return c.done({
    username: name,
    display_name: displayName,
    role: input.role,
    council_id: councilId,
    person_id: input.person_id,
    password: input.password === "" ? null : input.password,
  });
}

/**
 * Whether a change of role needs a new password with it: a delegate (or
 * guest), who may have signed in by card only, made chair, secretary or
 * display. The server refuses the role without one; setting it ends the
 * card's sign-ins, which must not become a chair's.
 */
export function roleChangeNeedsPassword(account: Account, role: Role): boolean {
  return (
    role !== account.role && needsPassword(role) && !needsPassword(account.role)
  );
}

/** What the edit form of an account holds. */
export interface AccountEdit {
  username: string;
  display_name: string;
  role: Role;
  person_id: number | null;
  password: string;
}

/**
 * A change of an account's username, display name, role or person (only
 * what changed is sent); `existing`: every account there is.
 */
export function checkAccountChange(
  account: Account,
  input: AccountEdit,
  existing: readonly Account[] = [],
): Checked<AccountPatch> {
  const c = new Checker();
  const others = existing.filter((a) => a.id !== account.id);
  const name = username(c, input.username, others);
  const displayName = c.name("display_name", input.display_name);
  person(c, input.role, input.person_id, others);
  const patch: AccountPatch = {};
  if (name !== account.username) patch.username = name;
  if (displayName !== account.display_name) patch.display_name = displayName;
  if (input.role !== account.role) patch.role = input.role;
  if (input.person_id !== (account.person_id ?? null))
    patch.person_id = input.person_id;
  if (roleChangeNeedsPassword(account, input.role)) {
    password(c, input.password, true);
    patch.password = input.password;
  }
  return c.done(patch);
}

/** A new password for an account (the user changes it at the next sign-in). */
export function checkPasswordReset(value: string): Checked<AccountPatch> {
  const c = new Checker();
  password(c, value, true);
  return c.done({ password: value });
}

/** Letters and digits that cannot be mistaken for one another when read out. */
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/**
 * A password to hand over on paper: three groups of four, e.g.
 * "k7dq-m2xa-9vtp" (14 characters, about 59 bits), from the browser's
 * cryptographic random source.
 */
export function generatePassword(
  random: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array = (b) =>
    crypto.getRandomValues(b),
): string {
  const chars: string[] = [];
  // Rejection sampling: no letter more likely than another.
  const limit = 256 - (256 % ALPHABET.length);
  while (chars.length < 12) {
    for (const byte of random(new Uint8Array(16))) {
      if (byte < limit && chars.length < 12)
        chars.push(ALPHABET[byte % ALPHABET.length] ?? "");
    }
  }
  return [0, 4, 8].map((i) => chars.slice(i, i + 4).join("")).join("-");
}
