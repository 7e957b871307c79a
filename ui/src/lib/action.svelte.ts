/** Runs one user action at a time and keeps its error message for display. */
import { untrack } from "svelte";
import { ApiError } from "./api";
import { errorMessage } from "./errors";

export class Action {
  busy = $state(false);
  error = $state<string | null>(null);
  /** The field the server named in its last refusal, if any. */
  errorField = $state<string | null>(null);
  /** The server's code for the last failure ("network" without an answer). */
  errorCode = $state<string | null>(null);

  async run<T>(task: () => Promise<T>): Promise<T | undefined> {
    // Not a dependency of an effect that starts the action: its end would
    // start it again (a panel that loads in an effect would reload forever).
    if (untrack(() => this.busy)) return undefined;
    this.busy = true;
    this.error = null;
    this.errorField = null;
    this.errorCode = null;
    try {
      return await task();
    } catch (error) {
      this.error = errorMessage(error);
      this.errorField = error instanceof ApiError ? error.field : null;
      this.errorCode = error instanceof ApiError ? error.code : null;
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  /** Drops the last failure if it was `code` (it no longer holds). */
  forget(code: string): void {
    untrack(() => {
      if (this.errorCode !== code) return;
      this.error = null;
      this.errorField = null;
      this.errorCode = null;
    });
  }
}
