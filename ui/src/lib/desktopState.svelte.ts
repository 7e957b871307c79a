/**
 * The desktop app's status, followed while the UI runs inside the app
 * (every 2 s: the packet's progress, whether the host answers). Stays null
 * in a plain browser.
 */
import { desktopStatus, type DesktopStatus } from "./desktop";

const EVERY_MS = 2000;

class DesktopState {
  status = $state.raw<DesktopStatus | null>(null);
  /** True until the first answer (or the lack of one) came. */
  checking = $state(true);
  private timer: ReturnType<typeof setInterval> | null = null;

  async refresh(): Promise<void> {
    this.status = await desktopStatus();
    this.checking = false;
  }

  /** Starts following; stops by itself in a browser (no gateway). */
  async start(): Promise<void> {
    await this.refresh();
    if (this.status === null || this.timer !== null) return;
    this.timer = setInterval(() => void this.refresh(), EVERY_MS);
  }

  set(status: DesktopStatus): void {
    this.status = status;
  }
}

export const desktopState = new DesktopState();
