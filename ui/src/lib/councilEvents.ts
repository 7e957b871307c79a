/**
 * A council's live stream (`GET /api/councils/{id}/events`), for its staff:
 * opened, read, given up when silent and retried by `EventStream`, as the
 * session stream (`live.ts`) is.
 *
 * The council's stream has no snapshot: the first connection names no
 * event and starts from now; every reconnection sends the last sequence
 * number read as `Last-Event-ID`, so that nothing said meanwhile is missed
 * and nothing is read twice. A refused token stops it (and is reported);
 * so do a role that may not read the stream and a council that is gone.
 */
import type { ApiError } from "./api";
import { EventStream } from "./eventStream";
import type { SessionEvent } from "./types";

export interface CouncilEventsCallbacks {
  /** Each event read, once and in order. */
  onEvent(event: SessionEvent): void;
  /** The token was refused: the stream stops. */
  onUnauthenticated(): void;
  /** The server will not give this stream (403, 404): it stops. */
  onRefused?(error: ApiError): void;
}

export interface CouncilEventsOptions {
  fetchImpl?: typeof fetch;
  /** Without a byte for this long (keep-alives included), the stream is taken as dead. */
  idleTimeoutMs?: number;
  /** The pause before the next attempt (tests make it short). */
  delay?: (attempt: number) => number;
}

/** Refusals that will not change by trying again. */
const FINAL_STATUSES: ReadonlySet<number> = new Set([403, 404]);

export class CouncilEvents {
  /** The last sequence number read; null before the first event. */
  private last: number | null = null;
  private readonly events: EventStream;

  constructor(
    private readonly councilId: number,
    private readonly callbacks: CouncilEventsCallbacks,
    options: CouncilEventsOptions = {},
  ) {
    this.events = new EventStream(
      {
        // A stream that ended (a server restart, a proxy) is opened again after a pause.
        attempt: async () => {
          await this.events.read(
            `/api/councils/${this.councilId}/events`,
            this.last,
            (events) => this.take(events),
          );
          return true;
        },
        onUnauthenticated: () => callbacks.onUnauthenticated(),
        onRefused: (error) => callbacks.onRefused?.(error),
      },
      { ...options, finalStatuses: FINAL_STATUSES },
    );
  }

  start(): void {
    this.events.start();
  }

  stop(): void {
    this.events.stop();
  }

  /** Passes on the events not read yet; true once stopped by one of them. */
  private take(events: SessionEvent[]): boolean {
    for (const event of events) {
      if (this.last !== null && event.seq <= this.last) continue;
      this.last = event.seq;
      this.callbacks.onEvent(event);
      if (this.events.stopped) return true;
    }
    return false;
  }
}
