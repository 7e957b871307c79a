/** The signed-in account, restored from the stored token at start. */
import {
  api,
  getToken,
  setPasswordChangeHandler,
  setToken,
  setUnauthenticatedHandler,
} from "./api";
import type { Account, SignedIn } from "./types";

/** Why the app signed out by itself, for the sign-in screen to say. */
export type SignOutNotice = "new_card";

class Auth {
  account = $state.raw<Account | null>(null);
  /** Set when the server ended this sign-in for a reason the user must hear. */
  notice = $state<SignOutNotice | null>(null);
  /** True until the stored token has been checked. */
  restoring = $state(true);

  constructor() {
    setUnauthenticatedHandler(() => this.forget());
    // A sign-in that must change its password first gets the form, not a
    // view whose every request is refused.
    setPasswordChangeHandler(() => {
      if (this.account && !this.account.must_change_password)
        this.account = { ...this.account, must_change_password: true };
    });
  }

  /** The password was changed: the server no longer refuses this sign-in. */
  async passwordChanged(): Promise<void> {
    this.account = await api.me();
  }

  async restore(): Promise<void> {
    if (!getToken()) {
      this.restoring = false;
      return;
    }
    try {
      this.account = await api.me();
    } catch {
      // A refused token is dropped by the 401 handler; a network error keeps it.
      this.account = null;
    } finally {
      this.restoring = false;
    }
  }

  signedIn(result: SignedIn): void {
    this.notice = null;
    setToken(result.token);
    this.account = result.account;
  }

  async signOut(): Promise<void> {
    try {
      await api.logout();
    } catch {
      /* the token is dropped here whatever the server says */
    }
    this.forget();
  }

  /**
   * Drops the sign-in here. A refusal that comes after a sign-out with a
   * notice (a request that was under way) keeps the notice.
   */
  forget(notice: SignOutNotice | null = null): void {
    if (notice !== null || this.account !== null) this.notice = notice;
    setToken(null);
    this.account = null;
  }
}

export const auth = new Auth();
