/** Runs one user action at a time and keeps its error message for display. */
import { errorMessage } from "./errors";

export class Action {
  busy = $state(false);
  error = $state<string | null>(null);

  async run<T>(task: () => Promise<T>): Promise<T | undefined> {
    if (this.busy) return undefined;
    this.busy = true;
    this.error = null;
    try {
      return await task();
    } catch (error) {
      this.error = errorMessage(error);
      return undefined;
    } finally {
      this.busy = false;
    }
  }
}
