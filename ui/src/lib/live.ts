/**
 * Live session state: a snapshot, then the session's Server-Sent Events.
 *
 * The stream is opened, read, given up when silent and retried by
 * `EventStream`, as the council's stream is. The last applied sequence
 * number is sent back as `Last-Event-ID` on every reconnection. A gap in the
 * sequence (or a fresh start) loads a new snapshot; events at or below the
 * snapshot's seq are dropped as duplicates.
 *
 * The resync/apply logic (`syncSnapshot`, `syncEvent`) is pure and tested;
 * `LiveConnection` only does the I/O around it: snapshots and the
 * connection state shown to the user.
 */
import { authHeaders, errorFromResponse } from "./api";
import { EventStream } from "./eventStream";
import { applyEvent, replay } from "./sessionState";
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
  /** The stream was open once: a later attempt is a reconnection. */
  private everLive = false;
  private serverOffsetMs = 0;
  private readonly events: EventStream;
  private readonly fetchImpl: typeof fetch;

  constructor(
    private readonly sessionId: number,
    private readonly callbacks: LiveCallbacks,
    options: LiveOptions = {},
  ) {
    this.fetchImpl = options.fetchImpl ?? ((...args) => fetch(...args));
    const offlineAfter = options.offlineAfter ?? 4;
    this.events = new EventStream(
      {
        attempt: () => this.attempt(),
        onAttempt: (failures) =>
          callbacks.onConnection(
            !this.everLive && failures === 0
              ? "connecting"
              : failures >= offlineAfter ||
                  (typeof navigator !== "undefined" &&
                    navigator.onLine === false)
                ? "offline"
                : "reconnecting",
          ),
        onOpen: () => {
          this.everLive = true;
          callbacks.onConnection("live");
        },
        onEnded: () => callbacks.onConnection("reconnecting"),
        onFailure: (failures) =>
          callbacks.onConnection(
            failures >= offlineAfter ? "offline" : "reconnecting",
          ),
        onUnauthenticated: () => {
          callbacks.onConnection("offline");
          callbacks.onUnauthenticated();
        },
      },
      { fetchImpl: this.fetchImpl, idleTimeoutMs: options.idleTimeoutMs },
    );
  }

  start(): void {
    this.events.start();
  }

  stop(): void {
    this.events.stop();
  }

  /** Load a fresh snapshot now (after an action whose events may be slow to come). */
  resync(): void {
    this.sync = { ...this.sync, needsSnapshot: true };
    this.events.abort();
  }

  /** A snapshot if one is needed, then the stream; a gap or resync() goes round at once. */
  private async attempt(): Promise<boolean> {
    if (this.sync.needsSnapshot) await this.loadSnapshot();
    if (this.sync.needsSnapshot) return false;
    await this.events.read(
      `/api/sessions/${this.sessionId}/events`,
      resumeFrom(this.sync) ?? 0,
      (events) => this.apply(events),
    );
    return !this.sync.needsSnapshot;
  }

  private async loadSnapshot(): Promise<void> {
    const sentAt = Date.now();
    const response = await this.fetchImpl(
      `/api/sessions/${this.sessionId}/snapshot`,
      {
        headers: { Accept: "application/json", ...authHeaders() },
        signal: this.events.signal(),
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

  /** One chunk's events; the session is reported once for all. True on a gap: resync. */
  private apply(events: SessionEvent[]): boolean {
    let changed = false;
    for (const event of events) {
      const before = this.sync;
      this.sync = syncEvent(this.sync, event);
      if (this.sync.session !== before.session) changed = true;
      this.callbacks.onEvent?.(event);
    }
    if (changed && this.sync.session) {
      this.callbacks.onSession(this.sync.session, this.serverOffsetMs);
    }
    return this.sync.needsSnapshot;
  }
}
