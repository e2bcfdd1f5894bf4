// The launch token over real HTTP on 127.0.0.1: it opens one session, once,
// and nothing else; calls, the event stream, uploads and downloads need the
// session. The dispatcher is a recorder: this is the transport.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_PATHS } from '../../shared/api/contract.js';
import type { Dispatch } from '../../shared/api/handlers.js';
import { ok } from '../../shared/api/result.js';
import { outputFile } from '../../shared/api/binding/report-files.js';
import { DownloadStore } from '../../shared/server/downloads.js';
import { LaunchSessions, SESSION_REFUSALS } from '../../shared/server/session.js';
import { UploadStore } from '../../shared/server/uploads.js';
import { createWebServer, SESSION_BODY_BYTES, type WebServer } from '../../shared/server/web-server.js';

const LAUNCH = 'launch_' + 'Q'.repeat(40);
let root: string;
let server: WebServer;
let uploads: UploadStore;
let port: number;
const sessions = new LaunchSessions(LAUNCH);
const downloads = new DownloadStore(64);
const calls: string[] = [];

interface Answer {
  status: number;
  type: string | undefined;
  body: string;
}

/** One request; an event stream is cut after its first bytes (it never ends by itself). */
function send(opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: { Host: `127.0.0.1:${port}`, ...opts.headers }, setHost: false },
      (res) => {
        const type = res.headers['content-type'];
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          chunks.push(c);
          if (type?.startsWith('text/event-stream')) res.destroy();
        });
        res.on('close', () => resolve({ status: res.statusCode ?? 0, type, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

const bearer = (secret: string) => ({ Authorization: `Bearer ${secret}` });
const json = { 'Content-Type': 'application/json' };
const ours = () => ({ Origin: `http://127.0.0.1:${port}`, 'Sec-Fetch-Site': 'same-origin' });
const exchange = (headers: Record<string, string>, body = '{}') => send({ method: 'POST', path: HTTP_PATHS.session, headers: { ...json, ...headers }, body });
const call = (headers: Record<string, string>) => send({ method: 'POST', path: `${HTTP_PATHS.callPrefix}cases.list`, headers: { ...json, ...headers }, body: '{}' });

/** Every route that needs a session, tried with `headers`. */
async function everyRoute(headers: Record<string, string>, downloadId: string): Promise<Answer[]> {
  return [
    await call(headers),
    await send({ path: HTTP_PATHS.events, headers: { Accept: 'text/event-stream', ...headers } }),
    await send({ method: 'POST', path: HTTP_PATHS.upload, headers: { 'x-natalia-file-name': 'b.zip', ...headers }, body: 'PK' }),
    await send({ path: HTTP_PATHS.downloadPrefix + downloadId, headers }),
  ];
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'natalia-session-'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>t</title>');
  uploads = await UploadStore.create({ maxBytes: 1024 });
  const dispatch: Dispatch = async (method) => (calls.push(String(method)), ok([]));
  server = createWebServer({ dispatch, sessions, rendererRoot: root, uploads, downloads });
  port = await server.listen(0);
});

afterAll(async () => {
  await server.close();
  await uploads.close();
  await rm(root, { recursive: true, force: true });
});

describe('the launch token', () => {
  it('opens one session, once; afterwards it opens nothing and the session opens everything', async () => {
    const downloadId = downloads.offer(outputFile('report.pdf', 'report', 'application/pdf', Buffer.from('%PDF-1.7')));

    // Before the exchange the launch token is no session either.
    for (const r of await everyRoute({ ...bearer(LAUNCH), ...ours() }, downloadId)) expect(r.status).toBe(403);
    expect(calls).toEqual([]);

    // Another site cannot make the exchange, nor spend the token by trying; a wrong token gets nothing.
    expect((await exchange({ ...bearer(LAUNCH), Origin: 'http://evil.example' })).status).toBe(403);
    expect((await exchange({ ...bearer(LAUNCH), 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await exchange({ ...bearer('launch_' + 'R'.repeat(40)), ...ours() })).status).toBe(403);
    expect((await exchange(ours())).status).toBe(403);

    const first = await exchange({ ...bearer(LAUNCH), ...ours() });
    expect(first.status).toBe(200);
    const session = (JSON.parse(first.body) as { ok: true; value: { session: string } }).value.session;
    expect(session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session).not.toBe(LAUNCH);

    const [answer, events, upload, download] = await everyRoute({ ...bearer(session), ...ours() }, downloadId);
    expect(answer!.status).toBe(200);
    expect(JSON.parse(answer!.body)).toEqual({ ok: true, value: [] });
    expect(events!.status).toBe(200);
    expect(events!.type).toMatch(/^text\/event-stream/);
    expect(upload!.status).toBe(200);
    expect(download!.status).toBe(200);
    expect(download!.body).toBe('%PDF-1.7');

    // A second exchange (the link from the browser's history, a log, another tab) is refused and says why.
    const again = await exchange({ ...bearer(LAUNCH), ...ours() });
    expect(again.status).toBe(403);
    expect(JSON.parse(again.body)).toEqual({ ok: false, error: { code: 'forbidden', message: SESSION_REFUSALS.spent } });

    // The spent launch token, no secret, or a made-up one: every route refused, the stream included.
    for (const headers of [bearer(LAUNCH), {}, bearer('s'.repeat(43))]) {
      for (const r of await everyRoute({ ...headers, ...ours() }, downloadId)) {
        expect(r.status).toBe(403);
        expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'forbidden', message: SESSION_REFUSALS.noSession } });
      }
    }
    // The session is bound to our page: another site holding it is still refused.
    expect((await call({ ...bearer(session), Origin: 'http://evil.example' })).status).toBe(403);
    expect(calls).toEqual(['cases.list']);
  });
});

describe('sessions', () => {
  it('are unguessable, distinct, and all end when the workstation stops', () => {
    const s = new LaunchSessions(LAUNCH);
    const a = s.issueInProcess();
    const b = s.issueInProcess();
    expect(a).not.toBe(b);
    expect(s.isSession(a) && s.isSession(b)).toBe(true);
    expect(s.isSession(LAUNCH)).toBe(false);
    expect(s.isSession(undefined)).toBe(false);
    expect(s.isSession(a.slice(0, -1))).toBe(false);
    // An in-process session does not spend the launch token: the page still makes its exchange.
    expect(s.exchange(LAUNCH).ok).toBe(true);
    s.clear();
    expect(s.isSession(a)).toBe(false);
    expect(s.exchange(LAUNCH)).toEqual({ ok: false, reason: 'spent' });
  });
});

describe('a sign-in whose answer was lost', () => {
  const CLAIM = 'claim_' + 'c'.repeat(40);
  it("is recovered by the page's claim, which alone fetches the same session until the page uses it", () => {
    const s = new LaunchSessions(LAUNCH);
    const first = s.exchange({ launchToken: LAUNCH, claim: CLAIM });
    expect(first.ok).toBe(true);
    const session = (first as { session: string }).session;
    // The answer never reached the page: the same claim, with the token still in memory or alone after a reload.
    expect(s.exchange({ launchToken: LAUNCH, claim: CLAIM })).toEqual({ ok: true, session });
    expect(s.exchange({ claim: CLAIM })).toEqual({ ok: true, session });
    // Still one session for one tab: the token with another claim, or with none, gets nothing.
    expect(s.exchange({ launchToken: LAUNCH, claim: 'claim_' + 'd'.repeat(40) })).toEqual({ ok: false, reason: 'spent' });
    expect(s.exchange(LAUNCH)).toEqual({ ok: false, reason: 'spent' });
    expect(s.exchange({ claim: 'claim_' + 'd'.repeat(40) })).toEqual({ ok: false, reason: 'spent' });
    // A wrong token is refused even with the right claim.
    expect(s.exchange({ launchToken: 'launch_' + 'R'.repeat(40), claim: CLAIM })).toEqual({ ok: false, reason: 'wrong' });
    // Once the page used its session, the claim fetches nothing more.
    expect(s.isSession(session)).toBe(true);
    expect(s.exchange({ claim: CLAIM })).toEqual({ ok: false, reason: 'spent' });
    expect(s.exchange({ launchToken: LAUNCH, claim: CLAIM })).toEqual({ ok: false, reason: 'spent' });
  });

  it('a claim before any trade, or to a restarted workstation, opens nothing', () => {
    const s = new LaunchSessions(LAUNCH);
    expect(s.exchange({ claim: CLAIM })).toEqual({ ok: false, reason: 'wrong' });
    // A claim too short to be a secret is no claim: that trade cannot be recovered, but it is still the one trade.
    const weak = s.exchange({ launchToken: LAUNCH, claim: 'short' });
    expect(weak.ok).toBe(true);
    expect(s.exchange({ claim: 'short' })).toEqual({ ok: false, reason: 'wrong' });
  });
});

describe('the sign-in over HTTP', () => {
  it('answers the same session to the same claim, and refuses an oversized body unread without spending the token', async () => {
    const token = 'launch_' + 'Z'.repeat(40);
    const local = new LaunchSessions(token);
    const dispatch: Dispatch = async () => ok([]);
    const other = createWebServer({ dispatch, sessions: local, rendererRoot: root, uploads, downloads });
    const otherPort = await other.listen(0);
    const saved = port;
    port = otherPort;
    try {
      const big = JSON.stringify({ claim: 'claim_' + 'e'.repeat(40), pad: 'x'.repeat(SESSION_BODY_BYTES) });
      const refused = await exchange({ ...bearer(token), ...ours() }, big);
      expect(refused.status).toBe(400);
      expect(JSON.parse(refused.body)).toMatchObject({ ok: false, error: { code: 'invalid_request', message: `The request body is larger than ${SESSION_BODY_BYTES} bytes.` } });
      expect((await exchange({ ...bearer(token), ...ours() }, '{"claim":')).status).toBe(400);

      const claim = JSON.stringify({ claim: 'claim_' + 'e'.repeat(40) });
      const first = await exchange({ ...bearer(token), ...ours() }, claim);
      expect(first.status).toBe(200);
      const session = (JSON.parse(first.body) as { value: { session: string } }).value.session;
      const again = await exchange(ours(), claim);
      expect(again.status).toBe(200);
      expect((JSON.parse(again.body) as { value: { session: string } }).value.session).toBe(session);
      // Another site cannot fetch it with a stolen claim.
      expect((await exchange({ Origin: 'http://evil.example' }, claim)).status).toBe(403);
      expect((await call({ ...bearer(session), ...ours() })).status).toBe(200);
      const late = await exchange(ours(), claim);
      expect(late.status).toBe(403);
      expect(JSON.parse(late.body)).toEqual({ ok: false, error: { code: 'forbidden', message: SESSION_REFUSALS.spent } });
    } finally {
      port = saved;
      await other.close();
    }
  });
});
