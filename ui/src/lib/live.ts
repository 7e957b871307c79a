/**
 * Live session state: a snapshot, then the session's Server-Sent Events.
 *
 * EventSource cannot send `Authorization`, so the stream is read with fetch
 * and a ReadableStream and parsed by `SseParser`. The last applied sequence
 * number is sent back as `Last-Event-ID` on every reconnection. A gap in the
 * sequence (or a fresh start) loads a new snapshot; events at or below the
 * snapshot's seq are dropped as duplicates.
 *
 * The resync/apply logic (`syncSnapshot`, `syncEvent`) is pure and tested;
 * `LiveConnection` only does the I/O around it.
 */
import { ApiError, authHeaders, errorFromResponse } from "./api";
import { backoffDelay } from "./backoff";
import { applyEvent, replay } from "./sessionState";
import { SseParser } from "./sse";
import type { SessionEvent, SessionSnapshot } from "./types";

/* ---------- pure resync / apply logic ---------- */

export interface SyncState {
  /** The session as known, or null before the first snapshot. */
  session: SessionSnapshot | null;
  /** Events received that cannot be applied yet (before a snapshot, after a gap). */
  pending: SessionEvent[];
  /** A new snapshot must be loaded before going on. */
  needsSnapshot: boolean;
}

export const initialSync: SyncState = {
  session: null,
  pending: [],
  needsSnapshot: true,
};

const MAX_PENDING = 500;

/** The sequence number to resume the stream from. */
export function resumeFrom(sync: SyncState): number | null {
  return sync.session?.seq ?? null;
}

/** A snapshot arrived: replay the buffered events that follow it. */
export function syncSnapshot(
  sync: SyncState,
  snapshot: SessionSnapshot,
): SyncState {
  // A snapshot older than what we hold would step back in time: ignore it.
  if (sync.session && snapshot.seq < sync.session.seq && !sync.needsSnapshot)
    return sync;
  const later = sync.pending.filter((e) => e.seq > snapshot.seq);
  const { state, gap } = replay(snapshot, later);
  return {
    session: state,
    pending: gap ? later.filter((e) => e.seq > state.seq) : [],
    needsSnapshot: gap,
  };
}

/** An event arrived from the stream. */
export function syncEvent(sync: SyncState, event: SessionEvent): SyncState {
  if (!sync.session || sync.needsSnapshot) {
    if (sync.session && event.seq <= sync.session.seq) return sync;
    if (sync.pending.some((e) => e.seq === event.seq)) return sync;
    return { ...sync, pending: [...sync.pending, event].slice(-MAX_PENDING) };
  }
  const result = applyEvent(sync.session, event);
  switch (result.outcome) {
    case "applied":
      return { ...sync, session: result.state };
    case "duplicate":
      return sync;
    case "gap":
      return { ...sync, pending: [event], needsSnapshot: true };
  }
}

/** Parses an SSE frame's data as a session event, or null if it is not one. */
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

/* ---------- I/O ---------- */

export type ConnectionState =
  "connecting" | "live" | "reconnecting" | "offline";

export interface LiveCallbacks {
  onSession(session: SessionSnapshot, serverOffsetMs: number): void;
  onConnection(state: ConnectionState): void;
  /** The token was refused: the connection stops. */
  onUnauthenticated(): void;
  /** Every event read from the stream, applied to the snapshot or not. */
  onEvent?(event: SessionEvent): void;
  /** A snapshot was loaded (at the start, and after any gap). */
  onSnapshot?(): void;
}

export interface LiveOptions {
  fetchImpl?: typeof fetch;
  /** Without a byte for this long (keep-alives included), the stream is taken as dead. */
  idleTimeoutMs?: number;
  /** Failed attempts after which the state shows "offline" rather than "reconnecting". */
  offlineAfter?: number;
}

export class LiveConnection {
  private sync: SyncState = initialSync;
  private stopped = false;
  private controller: AbortController | null = null;
  private wake: (() => void) | null = null;
  private readonly fetchImpl: typeof fetch;
  private readonly idleTimeoutMs: number;
  private readonly offlineAfter: number;

  constructor(
    private readonly sessionId: number,
    private readonly callbacks: LiveCallbacks,
    options: LiveOptions = {},
  ) {
    this.fetchImpl = options.fetchImpl ?? ((...args) => fetch(...args));
    this.idleTimeoutMs = options.idleTimeoutMs ?? 45_000;
    this.offlineAfter = options.offlineAfter ?? 4;
  }

  start(): void {
    if (typeof window !== "undefined")
      window.addEventListener("online", this.onOnline);
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.controller?.abort();
    this.wake?.();
    if (typeof window !== "undefined")
      window.removeEventListener("online", this.onOnline);
  }

  /** Load a fresh snapshot now (after an action whose events may be slow to come). */
  resync(): void {
    this.sync = { ...this.sync, needsSnapshot: true };
    this.controller?.abort();
  }

  private readonly onOnline = (): void => {
    this.wake?.();
  };

  private async run(): Promise<void> {
    let failures = 0;
    let everLive = false;
    while (!this.stopped) {
      this.callbacks.onConnection(
        !everLive && failures === 0
          ? "connecting"
          : failures >= this.offlineAfter ||
              (typeof navigator !== "undefined" && navigator.onLine === false)
            ? "offline"
            : "reconnecting",
      );
      try {
        if (this.sync.needsSnapshot) await this.loadSnapshot();
        if (!this.sync.needsSnapshot) {
          await this.stream(() => {
            everLive = true;
            failures = 0;
            this.callbacks.onConnection("live");
          });
        }
        // A gap or resync(): go round at once; a stream that ended: after a pause.
        if (!this.sync.needsSnapshot && !this.stopped) {
          this.callbacks.onConnection("reconnecting");
          await this.sleep(backoffDelay(0));
        }
      } catch (error) {
        if (this.stopped) break;
        if (error instanceof ApiError && error.status === 401) {
          this.callbacks.onConnection("offline");
          this.callbacks.onUnauthenticated();
          return;
        }
        failures++;
        this.callbacks.onConnection(
          failures >= this.offlineAfter ? "offline" : "reconnecting",
        );
        await this.sleep(backoffDelay(failures - 1));
      }
    }
  }

  private async loadSnapshot(): Promise<void> {
    this.controller = new AbortController();
    const sentAt = Date.now();
    const response = await this.fetchImpl(
      `/api/sessions/${this.sessionId}/snapshot`,
      {
        headers: { Accept: "application/json", ...authHeaders() },
        signal: this.controller.signal,
      },
    );
    if (!response.ok) throw await errorFromResponse(response);
    const snapshot = (await response.json()) as SessionSnapshot;
    const receivedAt = Date.now();
    const offset = Date.parse(snapshot.server_time) - (sentAt + receivedAt) / 2;
    this.serverOffsetMs = Number.isFinite(offset) ? offset : 0;
    this.sync = syncSnapshot({ ...this.sync, needsSnapshot: true }, snapshot);
    if (this.sync.session)
      this.callbacks.onSession(this.sync.session, this.serverOffsetMs);
    this.callbacks.onSnapshot?.();
  }

  private serverOffsetMs = 0;

  private async stream(onOpen: () => void): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    const after = resumeFrom(this.sync) ?? 0;
    const response = await this.fetchImpl(
      `/api/sessions/${this.sessionId}/events`,
      {
        headers: {
          Accept: "text/event-stream",
          "Last-Event-ID": String(after),
          ...authHeaders(),
        },
        signal: controller.signal,
        cache: "no-store",
      },
    );
    if (!response.ok) throw await errorFromResponse(response);
    if (!response.body) throw new ApiError("network", 0, "no response body");
    onOpen();

    const reader = response.body
      .pipeThrough(new TextDecoderStream())
      .getReader();
    const parser = new SseParser();
    let idle: ReturnType<typeof setTimeout> | undefined;
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => controller.abort(), this.idleTimeoutMs);
    };
    try {
      armIdle();
      for (;;) {
        const { value, done } = await reader.read();
        if (done || this.stopped) return;
        armIdle();
        let changed = false;
        for (const frame of parser.push(value)) {
          const event = parseEvent(frame.data);
          if (!event) continue;
          const before = this.sync;
          this.sync = syncEvent(this.sync, event);
          if (this.sync.session !== before.session) changed = true;
          this.callbacks.onEvent?.(event);
        }
        if (changed && this.sync.session) {
          this.callbacks.onSession(this.sync.session, this.serverOffsetMs);
        }
        if (this.sync.needsSnapshot) return; // a gap: resync
      }
    } catch (error) {
      // Aborted by resync() or the idle timer: reconnect without counting a failure.
      if (controller.signal.aborted && !this.stopped) return;
      throw error;
    } finally {
      clearTimeout(idle);
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
