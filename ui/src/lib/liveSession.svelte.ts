/** Reactive wrapper of `LiveConnection` for components. */
import { LiveConnection, type ConnectionState } from "./live";
import type { SessionSnapshot } from "./types";

export class LiveSession {
  session = $state.raw<SessionSnapshot | null>(null);
  connection = $state<ConnectionState>("connecting");
  /** Server clock minus local clock, for countdowns. */
  serverOffsetMs = $state(0);
  /** Goes up whenever documents were published or changed, and on every snapshot load. */
  documentsChanged = $state(0);
  private readonly live: LiveConnection;

  constructor(sessionId: number, onUnauthenticated: () => void) {
    this.live = new LiveConnection(sessionId, {
      onSession: (session, offset) => {
        this.session = session;
        this.serverOffsetMs = offset;
      },
      onSnapshot: () => {
        this.documentsChanged++;
      },
      onEvent: (event) => {
        if (event.kind.startsWith("document")) this.documentsChanged++;
      },
      onConnection: (state) => {
        this.connection = state;
      },
      onUnauthenticated,
    });
  }

  start(): void {
    this.live.start();
  }

  stop(): void {
    this.live.stop();
  }

  resync(): void {
    this.live.resync();
  }
}
