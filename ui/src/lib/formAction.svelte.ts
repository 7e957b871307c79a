/**
 * A form's submission: checks first (nothing is sent while a field is
 * wrong), then the request; a server error that names a field of this form
 * is shown next to that field, any other error above the buttons.
 */
import { untrack } from "svelte";
import { ApiError } from "./api";
import { errorMessage } from "./errors";
import type { Checked, Problems } from "./setupForms";
import { t, type MessageKey } from "../i18n/i18n.svelte";

/**
 * What a form says about a server refusal by its code, and next to which
 * field when the server names none (a `duplicate` names no field, but on a
 * form with one unique field it can only be that one).
 */
export type Refusals = Record<string, { field: string; key: MessageKey }>;

export class FormAction {
  busy = $state(false);
  /** Messages by field name, in the user's language. */
  fields = $state<Record<string, string>>({});
  error = $state<string | null>(null);

  /** The message for a field, or for any of its parts ("quorum.numerator" under "quorum"). */
  problem(field: string): string | null {
    return this.fields[field] ?? null;
  }

  clear(): void {
    this.fields = {};
    this.error = null;
  }

  show(problems: Problems): void {
    this.fields = Object.fromEntries(
      Object.entries(problems).map(([field, p]) => [field, t(p.key, p.params)]),
    );
  }

  async submit<V, T>(
    checked: Checked<V>,
    task: (value: V) => Promise<T>,
    refusals: Refusals = {},
  ): Promise<T | undefined> {
    // Not a dependency of an effect that submits (see Action.run).
    if (untrack(() => this.busy)) return undefined;
    this.clear();
    if (!checked.ok) {
      this.show(checked.problems);
      return undefined;
    }
    this.busy = true;
    try {
      return await task(checked.value);
    } catch (error) {
      const refusal =
        error instanceof ApiError ? refusals[error.code] : undefined;
      const message = refusal ? t(refusal.key) : errorMessage(error);
      const field =
        error instanceof ApiError ? (error.field ?? refusal?.field) : null;
      if (field) this.fields = { [field]: message };
      else this.error = message;
      return undefined;
    } finally {
      this.busy = false;
    }
  }
}
