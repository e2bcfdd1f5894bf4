// The loopback transport over real HTTP: who may call (token, Host, Origin,
// fetch metadata), what is served (CSP on everything, no traversal), uploads
// and the event stream. The dispatcher is a recorder: this is the transport.
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dispatch } from '../../shared/api/handlers.js';
import { ok } from '../../shared/api/result.js';
import { CONTENT_SECURITY_POLICY } from '../../shared/face/security-headers.js';
import { UploadStore, safeUploadName } from '../../shared/server/uploads.js';
import { createWebServer, type WebServer } from '../../shared/server/web-server.js';
import { LaunchSessions } from '../../shared/server/session.js';
import { isAllowedHost, isAllowedOrigin } from '../../shared/server/request-guard.js';

const TOKEN = 'tok_' + 'A'.repeat(40);
const sessions = new LaunchSessions(TOKEN);
const SESSION = sessions.issueInProcess();
let root: string;
let server: WebServer;
let uploads: UploadStore;
let port: number;
const calls: [unknown, unknown][] = [];

/** Raw HTTP so that Host, Origin and other headers are exactly what a hostile client sends. */
function send(opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: { Host: `127.0.0.1:${port}`, ...opts.headers }, setHost: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

const auth = { Authorization: `Bearer ${SESSION}` };
const json = { 'Content-Type': 'application/json' };

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'natalia-web-'));
  await mkdir(join(root, 'assets'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>t</title>');
  await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(root, '.secret'), 'hidden');
  uploads = await UploadStore.create({ maxBytes: 1024 });
  const dispatch: Dispatch = async (method, request) => (calls.push([method, request]), ok({ echo: method }));
  server = createWebServer({ dispatch, sessions, rendererRoot: root, uploads });
  port = await server.listen(0);
});

afterAll(async () => {
  await server.close();
  await uploads.close();
  await rm(root, { recursive: true, force: true });
});

describe('listening', () => {
  it('binds 127.0.0.1 only', () => {
    const addr = server.server.address();
    expect(addr).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
  });
});

describe('static page', () => {
  it('serves the renderer with the CSP and security headers, without a token', async () => {
    const r = await send({ path: '/' });
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>t</title>');
    expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect((await send({ path: '/assets/app.js' })).headers['content-type']).toMatch(/javascript/);
  });
  it.each(['/../package.json', '/assets/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/assets%2f..%2f..%2fx', '/.secret', '/nope.js', '/assets/..%5c..%5cx'])(
    'refuses %s',
    async (path) => {
      const r = await send({ path });
      expect(r.status).toBe(404);
      expect(r.body).not.toContain('hidden');
      expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    },
  );
  it('refuses other methods on the page', async () => {
    expect((await send({ method: 'PUT', path: '/index.html', body: 'x' })).status).toBe(405);
  });
});

describe('who may call', () => {
  it('answers a call with the token', async () => {
    const r = await send({ method: 'POST', path: '/api/call/cases.list', headers: { ...auth, ...json, Origin: `http://127.0.0.1:${port}` }, body: '{}' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true, value: { echo: 'cases.list' } });
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { Authorization: `Bearer ${'B'.repeat(44)}` }],
    ['the launch token (it only opens a session)', { Authorization: `Bearer ${TOKEN}` }],
    ['the session as a cookie', { Cookie: `session=${SESSION}` }],
    ['the session without Bearer', { Authorization: SESSION }],
    ['another origin', { ...auth, Origin: 'http://evil.example' }],
    ['a look-alike origin', { ...auth, Origin: `http://127.0.0.1:${port}.evil.example` }],
    ['the null origin', { ...auth, Origin: 'null' }],
    ['cross-site fetch metadata', { ...auth, 'Sec-Fetch-Site': 'cross-site' }],
  ])('refuses %s', async (_label, headers) => {
    const before = calls.length;
    const r = await send({ method: 'POST', path: '/api/call/cases.list', headers: { ...json, ...headers }, body: '{}' });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(calls.length).toBe(before);
  });

  it.each(['evil.example', `localhost:${port}`, '127.0.0.1', `127.0.0.1:${1}`, ''])('refuses Host %j (DNS rebinding)', async (host) => {
    const r = await send({ method: 'POST', path: '/api/call/cases.list', headers: { ...auth, ...json, Host: host }, body: '{}' });
    expect(r.status).toBe(421);
    expect((await send({ path: '/', headers: { Host: host } })).status).toBe(421);
  });

  it('guards are parsed, not substring-matched', () => {
    expect(isAllowedHost('127.0.0.1:8080', 8080)).toBe(true);
    expect(isAllowedHost('127.0.0.1:8080.evil', 8080)).toBe(false);
    expect(isAllowedOrigin('http://127.0.0.1:8080', 8080)).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:8080/', 8080)).toBe(false);
    expect(isAllowedOrigin('http://user@127.0.0.1:8080', 8080)).toBe(false);
    expect(isAllowedOrigin('https://127.0.0.1:8080', 8080)).toBe(false);
  });
});

describe('calls', () => {
  it('passes the JSON body to the dispatcher and refuses non-JSON', async () => {
    await send({ method: 'POST', path: '/api/call/cases.get', headers: { ...auth, ...json }, body: '{"caseId":"c1"}' });
    expect(calls.at(-1)).toEqual(['cases.get', { caseId: 'c1' }]);
    const bad = await send({ method: 'POST', path: '/api/call/cases.get', headers: { ...auth, ...json }, body: '{nope' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const form = await send({ method: 'POST', path: '/api/call/cases.get', headers: { ...auth, 'Content-Type': 'text/plain' }, body: '{}' });
    expect(form.status).toBe(400);
  });
  it('refuses a body over the limit', async () => {
    const r = await send({ method: 'POST', path: '/api/call/cases.create', headers: { ...auth, ...json }, body: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(r.status).toBe(400);
    expect(r.body).toContain('larger than');
  });
  it('answers unknown API routes', async () => {
    expect((await send({ path: '/api/nothing', headers: auth })).status).toBe(404);
  });
});

describe('uploads', () => {
  it('streams a file to a private temporary folder and returns its source', async () => {
    const r = await send({ method: 'POST', path: '/api/upload', headers: { ...auth, 'x-natalia-file-name': encodeURIComponent('../../b ü.zip') }, body: Buffer.from('PK-bytes') });
    const body = JSON.parse(r.body) as { ok: true; value: { kind: string; uploadId: string; name: string } };
    expect(body).toMatchObject({ ok: true, value: { kind: 'upload', name: 'b__.zip' } });
    const path = uploads.pathOf(body.value.uploadId);
    expect(path.startsWith(uploads.root)).toBe(true);
    expect(path.startsWith(tmpdir())).toBe(true);
    expect(await readFile(path, 'utf8')).toBe('PK-bytes');
  });
  it('refuses an upload over the limit and leaves nothing behind', async () => {
    const before = (await readdir(uploads.root)).length;
    const r = await send({ method: 'POST', path: '/api/upload', headers: { ...auth, 'x-natalia-file-name': 'big.zip' }, body: Buffer.alloc(4096) });
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect((await readdir(uploads.root)).length).toBe(before);
  });
  it('requires the token and a name', async () => {
    expect((await send({ method: 'POST', path: '/api/upload', headers: { 'x-natalia-file-name': 'a.zip' }, body: 'x' })).status).toBe(403);
    expect((await send({ method: 'POST', path: '/api/upload', headers: auth, body: 'x' })).status).toBe(400);
  });
  it('keeps names harmless', () => {
    expect(safeUploadName('C:\\Users\\x\\natalia-evidence.tar.gz')).toBe('natalia-evidence.tar.gz');
    expect(safeUploadName('..')).toBe('upload');
    expect(safeUploadName('.bashrc')).toBe('bashrc');
  });
});

describe('events', () => {
  it('streams broadcast events to a page holding the token, and to no one else', async () => {
    expect((await send({ path: '/api/events' })).status).toBe(403);
    const received = await new Promise<string>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/api/events', headers: { ...auth } }, (res) => {
        expect(res.headers['content-type']).toMatch(/text\/event-stream/);
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString('utf8');
          if (text.includes('job.progress')) {
            req.destroy();
            resolve(text);
          }
        });
        server.broadcast('job.progress', { jobId: 'j1', stage: 'audit', label: 'Verifying the audit log', entries: 10 });
      });
      req.on('error', reject);
      req.end();
    });
    const frame = received.split('\n\n').find((f) => f.startsWith('event: job.progress'))!;
    expect(JSON.parse(frame.split('\n')[1]!.slice(6))).toEqual({ event: 'job.progress', payload: { jobId: 'j1', stage: 'audit', label: 'Verifying the audit log', entries: 10 } });
  });
});
