/** The signed-in account, restored from the stored token at start. */
import {
  api,
  getToken,
  setPasswordChangeHandler,
  setToken,
  setUnauthenticatedHandler,
} from "./api";
import type { Account, SignedIn } from "./types";

class Auth {
  account = $state.raw<Account | null>(null);
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

  forget(): void {
    setToken(null);
    this.account = null;
  }
}

export const auth = new Auth();
