// Who holds the web mode's API: the launch token opens one session, once.
//
// The launch token travels in the URL printed on the terminal, so it may land
// in a terminal log and in the browser's saved history (which keeps the
// fragment even after the page strips it from the address bar). It is
// therefore good for one thing only: the page trades it, once, for a session
// secret that exists only in this process's memory and in that tab. After
// the trade the launch token opens nothing; when the workstation stops every
// session is gone.
import { randomBytes } from 'node:crypto';
import { tokenMatches } from './request-guard.js';

export type Exchange = { ok: true; session: string } | { ok: false; reason: 'spent' | 'wrong' };

export class LaunchSessions {
  #launchToken: string;
  #spent = false;
  readonly #sessions = new Set<string>();

  constructor(launchToken: string) {
    this.#launchToken = launchToken;
  }

  /** Trades the launch token for a new session secret; a second trade, or any other token, gets nothing. */
  exchange(presented: string | undefined): Exchange {
    if (!tokenMatches(presented, this.#launchToken)) return { ok: false, reason: 'wrong' };
    if (this.#spent) return { ok: false, reason: 'spent' };
    this.#spent = true;
    return { ok: true, session: this.#issue() };
  }

  /**
   * A session for a caller in this process (tests, a script that started the
   * server): it already holds everything the launch token would give.
   */
  issueInProcess(): string {
    return this.#issue();
  }

  /** Whether `presented` is a live session secret (each compared in constant time; never the launch token). */
  isSession(presented: string | undefined): boolean {
    let found = false;
    for (const s of this.#sessions) found = tokenMatches(presented, s) || found;
    return found;
  }

  /** Ends every session (the workstation stops). */
  clear(): void {
    this.#sessions.clear();
  }

  #issue(): string {
    const session = randomBytes(32).toString('base64url');
    this.#sessions.add(session);
    return session;
  }
}

/** What the page shows when it is refused: the user's next step, not the mechanism. */
export const SESSION_REFUSALS = {
  spent:
    'This launch link was already used to open the workstation: go back to the tab it opened, or stop the workstation and run natalia-audit open again for a new link.',
  noSession:
    'This page is not signed in to this workstation launch (the workstation may have been restarted): open the link natalia-audit open printed last.',
} as const;
