/**
 * A council's live stream (`GET /api/councils/{id}/events`), for its staff:
 * followed as the session stream is (`live.ts`). EventSource cannot send
 * `Authorization`, so the stream is read with fetch and parsed by
 * `SseParser`; a stream that drops, or stays silent past the keep-alives,
 * is opened again after a backoff.
 *
 * The council's stream has no snapshot: the first connection names no
 * event and starts from now; every reconnection sends the last sequence
 * number read as `Last-Event-ID`, so that nothing said meanwhile is missed
 * and nothing is read twice. A refused token stops it (and is reported);
 * so do a role that may not read the stream and a council that is gone.
 */
import { ApiError, authHeaders, errorFromResponse } from "./api";
import { backoffDelay } from "./backoff";
import { parseEvent } from "./live";
import { SseParser } from "./sse";
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
  private stopped = false;
  private controller: AbortController | null = null;
  private reader: ReadableStreamDefaultReader<string> | null = null;
  private wake: (() => void) | null = null;
  private readonly fetchImpl: typeof fetch;
  private readonly idleTimeoutMs: number;
  private readonly delay: (attempt: number) => number;

  constructor(
    private readonly councilId: number,
    private readonly callbacks: CouncilEventsCallbacks,
    options: CouncilEventsOptions = {},
  ) {
    this.fetchImpl = options.fetchImpl ?? ((...args) => fetch(...args));
    this.idleTimeoutMs = options.idleTimeoutMs ?? 45_000;
    this.delay = options.delay ?? ((attempt) => backoffDelay(attempt));
  }

  start(): void {
    if (typeof window !== "undefined")
      window.addEventListener("online", this.onOnline);
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.controller?.abort();
    this.reader?.cancel().catch(() => undefined);
    this.wake?.();
    if (typeof window !== "undefined")
      window.removeEventListener("online", this.onOnline);
  }

  private readonly onOnline = (): void => {
    this.wake?.();
  };

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        await this.stream(() => {
          failures = 0;
        });
        // The stream ended (a server restart, a proxy): open it again after a pause.
        if (!this.stopped) await this.sleep(this.delay(0));
      } catch (error) {
        if (this.stopped) break;
        if (error instanceof ApiError && error.status === 401) {
          this.stopped = true;
          this.callbacks.onUnauthenticated();
          return;
        }
        if (error instanceof ApiError && FINAL_STATUSES.has(error.status)) {
          this.stopped = true;
          this.callbacks.onRefused?.(error);
          return;
        }
        failures++;
        await this.sleep(this.delay(failures - 1));
      }
    }
  }

  private async stream(onOpen: () => void): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    const headers: Record<string, string> = {
      Accept: "text/event-stream",
      ...authHeaders(),
    };
    if (this.last !== null) headers["Last-Event-ID"] = String(this.last);
    const response = await this.fetchImpl(
      `/api/councils/${this.councilId}/events`,
      { headers, signal: controller.signal, cache: "no-store" },
    );
    if (!response.ok) throw await errorFromResponse(response);
    if (!response.body) throw new ApiError("network", 0, "no response body");
    onOpen();

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
        if (done || this.stopped) return;
        armIdle();
        for (const frame of parser.push(value)) {
          const event = parseEvent(frame.data);
          if (!event) continue;
          if (this.last !== null && event.seq <= this.last) continue;
          this.last = event.seq;
          this.callbacks.onEvent(event);
          if (this.stopped) return;
        }
      }
    } catch (error) {
      // Aborted by the idle timer: reconnect without counting a failure.
      if (controller.signal.aborted && !this.stopped) return;
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
