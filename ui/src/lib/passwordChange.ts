/**
 * The first sign-in's password change, checked before it is sent: the same
 * rules the server applies (10 to 256 characters), plus what only the form
 * can know (both new entries match, the new one differs from the current).
 */
import type { MessageKey } from "../i18n/catalogs";

export const MIN_PASSWORD = 10;
export const MAX_PASSWORD = 256;

export type PasswordField = "current" | "new" | "repeat";

export interface PasswordForm {
  current: string;
  next: string;
  repeat: string;
}

export interface PasswordProblem {
  field: PasswordField;
  key: MessageKey;
}

/** Characters as the server counts them (Unicode scalar values). */
function length(s: string): number {
  return [...s].length;
}

/** Every problem of the form, at most one per field, in field order. */
export function checkPasswordForm(form: PasswordForm): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if (form.current === "")
    problems.push({ field: "current", key: "account.currentRequired" });
  const n = length(form.next);
  if (n < MIN_PASSWORD)
    problems.push({ field: "new", key: "account.tooShort" });
  else if (n > MAX_PASSWORD)
    problems.push({ field: "new", key: "account.tooLong" });
  else if (form.next === form.current)
    problems.push({ field: "new", key: "account.sameAsCurrent" });
  if (form.repeat !== form.next)
    problems.push({ field: "repeat", key: "account.mismatch" });
  return problems;
}

/** Which field a server refusal belongs to (by its `field`, else its code). */
export function fieldOfServerError(
  code: string,
  field: string | null,
): PasswordField | null {
  if (field === "current_password" || code === "wrong_password")
    return "current";
  if (field === "new_password" || field === "password") return "new";
  return null;
}
