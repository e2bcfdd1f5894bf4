// Who holds the web mode's API: the launch token opens one session, once.
//
// The launch token travels in the URL printed on the terminal, so it may land
// in a terminal log and in the browser's saved history (which keeps the
// fragment even after the page strips it from the address bar). It is
// therefore good for one thing only: the page trades it, once, for a session
// secret that exists only in this process's memory and in that tab. After
// the trade the launch token opens nothing; when the workstation stops every
// session is gone.
//
// The trade's answer can be lost (the connection drops, the tab reloads
// before it arrives). So the page sends, with the token, a claim: a random
// secret it kept in its own tab's storage before asking. The claim, and only
// it, fetches the same session again until the page first uses it; a second
// trade of the token with any other claim (or none) still gets nothing, so the
// token still opens one session for one tab.
import { createHash, randomBytes } from 'node:crypto';
import { tokenMatches } from './request-guard.js';

export type Exchange = { ok: true; session: string } | { ok: false; reason: 'spent' | 'wrong' };

/** What the page presents: the launch token (first trade) and its claim (first trade and recovery). */
export interface ExchangeRequest {
  launchToken?: string | undefined;
  claim?: string | undefined;
}

/** A claim is the page's own random secret: 16 to 128 URL-safe characters. */
export const CLAIM_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

export class LaunchSessions {
  #launchToken: string;
  #spent = false;
  readonly #sessions = new Set<string>();
  /** The first trade's claim (its SHA-256) and session, until that session is first used. */
  #pending: { claim: string; session: string } | undefined;

  constructor(launchToken: string) {
    this.#launchToken = launchToken;
  }

  /**
   * Trades the launch token for a new session secret; a second trade, or any
   * other token, gets nothing. Given the first trade's claim (with or without
   * the token), answers that trade's session again while it was never used.
   */
  exchange(presented: string | undefined | ExchangeRequest): Exchange {
    const req: ExchangeRequest = typeof presented === 'object' ? presented : { launchToken: presented };
    const claim = req.claim !== undefined && CLAIM_PATTERN.test(req.claim) ? req.claim : undefined;
    const tokenOk = tokenMatches(req.launchToken, this.#launchToken);
    if (req.launchToken !== undefined && !tokenOk) return { ok: false, reason: 'wrong' };
    if (this.#pending && claim !== undefined && tokenMatches(digest(claim), this.#pending.claim)) return { ok: true, session: this.#pending.session };
    if (!tokenOk) return { ok: false, reason: this.#spent && claim !== undefined ? 'spent' : 'wrong' };
    if (this.#spent) return { ok: false, reason: 'spent' };
    this.#spent = true;
    const session = this.#issue();
    if (claim !== undefined) this.#pending = { claim: digest(claim), session };
    return { ok: true, session };
  }

  /**
   * A session for a caller in this process (tests, a script that started the
   * server): it already holds everything the launch token would give.
   */
  issueInProcess(): string {
    return this.#issue();
  }

  /**
   * Whether `presented` is a live session secret (each compared in constant
   * time; never the launch token). The first use of the traded session ends
   * its claim: the page has it, nothing needs to fetch it again.
   */
  isSession(presented: string | undefined): boolean {
    let found = false;
    for (const s of this.#sessions) found = tokenMatches(presented, s) || found;
    if (found && this.#pending && tokenMatches(presented, this.#pending.session)) this.#pending = undefined;
    return found;
  }

  /** Ends every session (the workstation stops). */
  clear(): void {
    this.#sessions.clear();
    this.#pending = undefined;
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
