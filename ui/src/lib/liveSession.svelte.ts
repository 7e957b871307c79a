/** Reactive wrapper of `LiveConnection` for components. */
import { LiveConnection, type ConnectionState } from "./live";
import {
  emptySignInLog,
  endsSignInOf,
  logEvent,
  reloadsPendingCards,
  type SignInLog,
} from "./signInLog";
import type { Account, SessionSnapshot } from "./types";

export interface LiveSessionOptions {
  /** The signed-in account (its own sign-out, the log's first known account). */
  account: Account | null;
  /** The token was refused. */
  onUnauthenticated(): void;
  /** The stream said this account's sign-in ended (a new pairing card). */
  onSignedOut(): void;
}

export class LiveSession {
  session = $state.raw<SessionSnapshot | null>(null);
  connection = $state<ConnectionState>("connecting");
  /** Server clock minus local clock, for countdowns. */
  serverOffsetMs = $state(0);
  /** Goes up whenever documents were published or changed, and on every snapshot load. */
  documentsChanged = $state(0);
  /**
   * Goes up whenever pairing cards were issued or confirmed or a sign-in
   * ended, and on every snapshot load (events may have been missed).
   */
  pairingChanged = $state(0);
  /** Pairing cards, sign-outs and check-ins by others, as they come. */
  signInLog = $state.raw<SignInLog>(emptySignInLog(null));
  private readonly live: LiveConnection;

  constructor(sessionId: number, options: LiveSessionOptions) {
    const { account } = options;
    this.signInLog = emptySignInLog(account);
    this.live = new LiveConnection(sessionId, {
      onSession: (session, offset) => {
        this.session = session;
        this.serverOffsetMs = offset;
      },
      onSnapshot: () => {
        this.documentsChanged++;
        this.pairingChanged++;
      },
      onEvent: (event) => {
        if (event.kind.startsWith("document")) this.documentsChanged++;
        if (reloadsPendingCards(event)) this.pairingChanged++;
        this.signInLog = logEvent(this.signInLog, event);
        if (endsSignInOf(event, account)) {
          this.stop();
          options.onSignedOut();
        }
      },
      onConnection: (state) => {
        this.connection = state;
      },
      onUnauthenticated: options.onUnauthenticated,
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
