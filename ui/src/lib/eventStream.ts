/**
 * Following one of the server's event streams (a session's, a council's):
 * the I/O that `LiveConnection` and `CouncilEvents` share, so that both
 * open, read, give up and retry a stream the same way.
 *
 * EventSource cannot send `Authorization`, so the stream is read with fetch
 * and a ReadableStream and parsed by `SseParser`. A stream that stays silent
 * past the keep-alives is taken as dead; one that ends or fails is opened
 * again after a backoff, which the browser's `online` event cuts short. A
 * refused token (401) stops it for good, and so do the statuses the owner
 * names as final. What is asked for, and what the events mean, is the
 * owner's: it says so through `EventStreamHooks`.
 */
import { ApiError, authHeaders, errorFromResponse } from "./api";
import { backoffDelay } from "./backoff";
import { SseParser } from "./sse";
import type { SessionEvent } from "./types";

/** Parses an SSE frame's data as an event, or null if it is not one. */
export function parseEvent(data: string): SessionEvent | null {
  try {
    const value: unknown = JSON.parse(data);
    if (
      typeof value === "object" &&
      value !== null &&
      typeof (value as SessionEvent).seq === "number" &&
      typeof (value as SessionEvent).kind === "string"
    ) {
      return value as SessionEvent;
    }
  } catch {
    /* not JSON */
  }
  return null;
}

export interface EventStreamHooks {
  /**
   * One attempt: whatever must come first, then `read`. Resolves true when
   * the stream ended and the next attempt should wait a pause, false to go
   * round at once; throws to count a failure.
   */
  attempt(): Promise<boolean>;
  /** Before each attempt, with the failures since the stream was last open. */
  onAttempt?(failures: number): void;
  /** The stream answered and is being read. */
  onOpen?(): void;
  /** The stream ended without an error; a pause follows. */
  onEnded?(): void;
  /** An attempt failed; a longer pause follows. */
  onFailure?(failures: number): void;
  /** The token was refused: the stream stops. */
  onUnauthenticated(): void;
  /** A status in `finalStatuses` was answered: the stream stops. */
  onRefused?(error: ApiError): void;
}

export interface EventStreamOptions {
  fetchImpl?: typeof fetch;
  /** Without a byte for this long (keep-alives included), the stream is taken as dead. */
  idleTimeoutMs?: number;
  /** The pause before the next attempt (tests make it short). */
  delay?: (attempt: number) => number;
  /** Refusals that will not change by trying again. */
  finalStatuses?: ReadonlySet<number>;
}

export class EventStream {
  private stoppedFlag = false;
  private failures = 0;
  private controller: AbortController | null = null;
  private reader: ReadableStreamDefaultReader<string> | null = null;
  private wake: (() => void) | null = null;
  private readonly fetchImpl: typeof fetch;
  private readonly idleTimeoutMs: number;
  private readonly delay: (attempt: number) => number;
  private readonly finalStatuses: ReadonlySet<number>;

  constructor(
    private readonly hooks: EventStreamHooks,
    options: EventStreamOptions = {},
  ) {
    // Wrapped: `fetch` called as a method of this object would throw "Illegal invocation".
    this.fetchImpl = options.fetchImpl ?? ((...args) => fetch(...args));
    this.idleTimeoutMs = options.idleTimeoutMs ?? 45_000;
    this.delay = options.delay ?? ((attempt) => backoffDelay(attempt));
    this.finalStatuses = options.finalStatuses ?? new Set();
  }

  get stopped(): boolean {
    return this.stoppedFlag;
  }

  start(): void {
    if (typeof window !== "undefined")
      window.addEventListener("online", this.onOnline);
    void this.run();
  }

  stop(): void {
    this.stoppedFlag = true;
    this.abort();
    this.wake?.();
    if (typeof window !== "undefined")
      window.removeEventListener("online", this.onOnline);
  }

  /** Ends the request in flight; the owner's `attempt` decides what follows. */
  abort(): void {
    this.controller?.abort();
    // A body that does not heed the signal (a test's) ends too.
    this.reader?.cancel().catch(() => undefined);
  }

  /** A signal for a request of the owner's own, ended by `stop` and `abort`. */
  signal(): AbortSignal {
    this.controller = new AbortController();
    return this.controller.signal;
  }

  private readonly onOnline = (): void => {
    this.wake?.();
  };

  private async run(): Promise<void> {
    while (!this.stoppedFlag) {
      this.hooks.onAttempt?.(this.failures);
      try {
        const pause = await this.hooks.attempt();
        // The stream ended (a server restart, a proxy): open it again after a pause.
        if (pause && !this.stoppedFlag) {
          this.hooks.onEnded?.();
          await this.sleep(this.delay(0));
        }
      } catch (error) {
        if (this.stoppedFlag) break;
        if (error instanceof ApiError && error.status === 401) {
          this.stoppedFlag = true;
          this.hooks.onUnauthenticated();
          return;
        }
        if (error instanceof ApiError && this.finalStatuses.has(error.status)) {
          this.stoppedFlag = true;
          this.hooks.onRefused?.(error);
          return;
        }
        this.failures++;
        this.hooks.onFailure?.(this.failures);
        await this.sleep(this.delay(this.failures - 1));
      }
    }
  }

  /**
   * Opens `url` as an event stream and reads it until it ends, falls silent,
   * is aborted or `onEvents` returns true. `onEvents` gets the events each
   * chunk completed (none for a keep-alive), so the owner can act once per
   * chunk. `lastEventId` null sends no `Last-Event-ID` (start from now).
   */
  async read(
    url: string,
    lastEventId: number | null,
    onEvents: (events: SessionEvent[]) => boolean,
  ): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    const headers: Record<string, string> = { Accept: "text/event-stream" };
    if (lastEventId !== null) headers["Last-Event-ID"] = String(lastEventId);
    const response = await this.fetchImpl(url, {
      headers: { ...headers, ...authHeaders() },
      signal: controller.signal,
      cache: "no-store",
    });
    if (!response.ok) throw await errorFromResponse(response);
    if (!response.body) throw new ApiError("network", 0, "no response body");
    this.failures = 0;
    this.hooks.onOpen?.();

    const reader = response.body
      .pipeThrough(new TextDecoderStream())
      .getReader();
    this.reader = reader;
    const parser = new SseParser();
    let idle: ReturnType<typeof setTimeout> | undefined;
    // A silent stream is given up: the read ends at once, wherever the body comes from.
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        controller.abort();
        reader.cancel().catch(() => undefined);
      }, this.idleTimeoutMs);
    };
    try {
      armIdle();
      for (;;) {
        const { value, done } = await reader.read();
        if (done || this.stoppedFlag) return;
        armIdle();
        const events: SessionEvent[] = [];
        for (const frame of parser.push(value)) {
          const event = parseEvent(frame.data);
          if (event) events.push(event);
        }
        if (onEvents(events)) return;
      }
    } catch (error) {
      // Aborted by `abort` or the idle timer: reconnect without counting a failure.
      if (controller.signal.aborted && !this.stoppedFlag) return;
      throw error;
    } finally {
      clearTimeout(idle);
      if (this.reader === reader) this.reader = null;
      reader.cancel().catch(() => undefined);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
