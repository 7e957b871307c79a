/**
 * Loading a panel's data, again after each change: unlike an Action, a
 * load asked for while another is under way is not skipped (the change
 * just made would not show), and only the latest answer is kept.
 */
import { errorMessage } from "./errors";

export class Loader<T> {
  value = $state.raw<T | null>(null);
  error = $state<string | null>(null);
  /** Not state: reading it in an effect must not make a dependency. */
  private latest = 0;

  async load(task: () => Promise<T>): Promise<T | null> {
    const mine = ++this.latest;
    try {
      const value = await task();
      if (mine === this.latest) {
        this.value = value;
        this.error = null;
      }
      return value;
    } catch (error) {
      if (mine === this.latest) this.error = errorMessage(error);
      return null;
    }
  }
}
