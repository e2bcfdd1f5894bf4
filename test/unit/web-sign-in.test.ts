// The page's side of the web mode's sign-in (renderer/src/api/web-client.ts):
// an answer lost on the way is asked for again with the claim kept in the
// tab's storage, by the page itself or after a reload, and the launch token
// is never stored. fetch is replaced by a LaunchSessions behind a switch
// that drops answers.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openSession, SIGN_IN_LOST, takeCredentials } from '../../renderer/src/api/web-client.js';
import { LaunchSessions } from '../../shared/server/session.js';

const LAUNCH = 'launch_' + 'L'.repeat(40);

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.items.set(k, v);
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
}

/** A server whose answers are lost while `lose` says so (the trade itself still happens). */
function server(sessions: LaunchSessions, lose: () => boolean) {
  const seen: { token: string | undefined; claim: unknown }[] = [];
  vi.stubGlobal('fetch', async (_url: string, init: { headers: Record<string, string>; body: string }) => {
    const token = /^Bearer (.+)$/.exec(init.headers.Authorization ?? '')?.[1];
    const { claim } = JSON.parse(init.body) as { claim?: string };
    seen.push({ token, claim });
    const trade = sessions.exchange({ launchToken: token, claim });
    if (lose()) throw new TypeError('Failed to fetch');
    const body = trade.ok ? { ok: true, value: { session: trade.session } } : { ok: false, error: { code: 'forbidden', message: trade.reason } };
    return { json: async () => body };
  });
  return seen;
}

afterEach(() => vi.unstubAllGlobals());

describe('the sign-in of the page', () => {
  it('asks again with the same claim when the answer is lost, and gets the session the first trade made', async () => {
    const sessions = new LaunchSessions(LAUNCH);
    const storage = new MemoryStorage();
    let lost = 2;
    const seen = server(sessions, () => lost-- > 0);
    const r = await openSession({ launchToken: LAUNCH }, storage as unknown as Storage, [1, 1]);
    expect(r.ok).toBe(true);
    const session = (r as { value: string }).value;
    expect(sessions.isSession(session)).toBe(true);
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((s) => s.claim)).size).toBe(1);
    expect(storage.items.get('natalia.session')).toBe(session);
    // The claim is dropped once the session is kept, and the launch token was never stored.
    expect(storage.items.has('natalia.session-claim')).toBe(false);
    expect([...storage.items.values()].some((v) => v.includes(LAUNCH))).toBe(false);
  });

  it('after a reload with no answer, signs in with the kept claim alone, without a new link', async () => {
    const sessions = new LaunchSessions(LAUNCH);
    const storage = new MemoryStorage();
    let lose = true;
    const seen = server(sessions, () => lose);
    const r = await openSession({ launchToken: LAUNCH }, storage as unknown as Storage, [1]);
    expect(r).toEqual({ ok: false, error: { code: 'internal', message: SIGN_IN_LOST } });
    expect(storage.items.has('natalia.session-claim')).toBe(true);

    // The reload: the address no longer holds the token; the tab's storage holds the claim.
    vi.stubGlobal('history', { replaceState: () => undefined });
    const credentials = takeCredentials({ hash: '#/', pathname: '/', search: '' } as Location, storage as unknown as Storage);
    expect(credentials).toEqual({ claim: storage.items.get('natalia.session-claim') });
    lose = false;
    const again = await openSession(credentials, storage as unknown as Storage, [1]);
    expect(again.ok).toBe(true);
    expect(sessions.isSession((again as { value: string }).value)).toBe(true);
    expect(seen.at(-1)!.token).toBeUndefined();
  });

  it('a refused trade forgets its claim and says why', async () => {
    const sessions = new LaunchSessions(LAUNCH);
    sessions.exchange(LAUNCH);
    const storage = new MemoryStorage();
    server(sessions, () => false);
    const r = await openSession({ launchToken: LAUNCH }, storage as unknown as Storage, [1]);
    expect(r).toEqual({ ok: false, error: { code: 'forbidden', message: 'spent' } });
    expect(storage.items.size).toBe(0);
  });
});
