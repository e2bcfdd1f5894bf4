// Web mode's downloads over real HTTP: a file the handlers offered is served
// as an attachment only to the workstation's own page (session, Host, Origin),
// under a name that cannot break the header, and nothing else is served.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../../shared/api/result.js';
import { outputFile } from '../../shared/api/binding/report-files.js';
import { CONTENT_SECURITY_POLICY } from '../../shared/face/security-headers.js';
import { attachmentHeader, DownloadStore } from '../../shared/server/downloads.js';
import { UploadStore } from '../../shared/server/uploads.js';
import { LaunchSessions } from '../../shared/server/session.js';
import { createWebServer, type WebServer } from '../../shared/server/web-server.js';

const sessions = new LaunchSessions('tok_' + 'B'.repeat(40));
const SESSION = sessions.issueInProcess();
let root: string;
let server: WebServer;
let uploads: UploadStore;
let port: number;
const downloads = new DownloadStore(64);
let pdfId: string;

function get(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: 'GET', path, headers: { Host: `127.0.0.1:${port}`, ...headers }, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const auth = { Authorization: `Bearer ${SESSION}` };

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'natalia-dl-'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>t</title>');
  uploads = await UploadStore.create({ maxBytes: 1024 });
  server = createWebServer({ dispatch: async () => ok(null), sessions, rendererRoot: root, uploads, downloads });
  port = await server.listen(0);
  pdfId = downloads.offer(outputFile('erasure-report-ERC-1-en.pdf', 'report', 'application/pdf', Buffer.from('%PDF-1.7 report')));
});

afterAll(async () => {
  await server.close();
  await uploads.close();
  await rm(root, { recursive: true, force: true });
});

describe('GET /api/download/<id>', () => {
  it('serves the file as an attachment, with the security headers, to the session holder', async () => {
    const r = await get(`/api/download/${pdfId}`, { ...auth, Origin: `http://127.0.0.1:${port}`, 'Sec-Fetch-Site': 'same-origin' });
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe('%PDF-1.7 report');
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.headers['content-disposition']).toBe(`attachment; filename="erasure-report-ERC-1-en.pdf"; filename*=UTF-8''erasure-report-ERC-1-en.pdf`);
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('refuses without the token, from another site, or under another Host', async () => {
    expect((await get(`/api/download/${pdfId}`)).status).toBe(403);
    expect((await get(`/api/download/${pdfId}`, { Authorization: `Bearer ${'x'.repeat(44)}` })).status).toBe(403);
    expect((await get(`/api/download/${pdfId}`, { ...auth, Origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(`/api/download/${pdfId}`, { ...auth, 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await get(`/api/download/${pdfId}`, { ...auth, Host: 'localhost' })).status).toBe(421);
  });

  it('serves nothing it did not offer', async () => {
    for (const id of ['', '0'.repeat(32), '../../package.json', `${pdfId}/..`, pdfId.toUpperCase()]) {
      const r = await get(`/api/download/${id}`, auth);
      expect(r.status, id).toBe(404);
      expect(JSON.parse(r.body.toString())).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
  });
});

describe('the download store', () => {
  it('forgets the oldest files past its size, never the newest', () => {
    const store = new DownloadStore(10);
    const a = store.offer(outputFile('a', 'report', 'text/plain', Buffer.alloc(6)));
    const b = store.offer(outputFile('b', 'report', 'text/plain', Buffer.alloc(6)));
    expect(store.get(a)).toBeUndefined();
    expect(store.get(b)?.name).toBe('b');
    const big = store.offer(outputFile('c', 'report', 'text/plain', Buffer.alloc(20)));
    expect(store.get(big)?.name).toBe('c');
    expect(store.get(b)).toBeUndefined();
  });
});

describe('a file offered from disk (a portable case)', () => {
  it('is taken over, streamed with its length, and removed once forgotten or at close', async () => {
    const store = new DownloadStore();
    const staged = join(root, 'staged.natalia-case');
    const bytes = Buffer.alloc(300_000, 7);
    await writeFile(staged, bytes);
    const id = await store.offerFile({ name: 'Acme-for-a-colleague.natalia-case', role: 'case', mediaType: 'application/vnd.sqlite3', path: staged, bytes: bytes.length, sha256: '' });
    // Moved into the store's own folder: the engine's copy is gone.
    expect(existsSync(staged)).toBe(false);
    const kept = store.get(id)!.path!;
    expect(readFileSync(kept).equals(bytes)).toBe(true);
    const web = createWebServer({ dispatch: async () => ok(null), sessions, rendererRoot: root, uploads, downloads: store });
    const at = await web.listen(0);
    try {
      const saved = port;
      port = at;
      const r = await get(`/api/download/${id}`, auth);
      port = saved;
      expect(r.status).toBe(200);
      expect(r.headers['content-length']).toBe(String(bytes.length));
      expect(r.body.equals(bytes)).toBe(true);
    } finally {
      await web.close();
    }
    // Past the few files it keeps on disk, the oldest is removed.
    const more: string[] = [];
    for (let i = 0; i < 4; i++) {
      await writeFile(join(root, `m${i}`), 'x');
      more.push(await store.offerFile({ name: `m${i}`, role: 'case', mediaType: 'application/octet-stream', path: join(root, `m${i}`), bytes: 1, sha256: '' }));
    }
    expect(store.get(id)).toBeUndefined();
    expect(existsSync(kept)).toBe(false);
    const last = store.get(more[3]!)!.path!;
    await store.clear();
    expect(existsSync(last)).toBe(false);
  });
});

describe('attachmentHeader', () => {
  it.each([
    ['rapport-données.pdf', `attachment; filename="rapport-donn_es.pdf"; filename*=UTF-8''rapport-donn%C3%A9es.pdf`],
    ['a"; filename=evil.exe', `attachment; filename="a__ filename=evil.exe"; filename*=UTF-8''a%22%3B%20filename%3Devil.exe`],
    ['x\r\nSet-Cookie: y', `attachment; filename="x__Set-Cookie: y"; filename*=UTF-8''x%0D%0ASet-Cookie%3A%20y`],
  ])('keeps %j inside the header', (name, expected) => {
    expect(attachmentHeader(name)).toBe(expected);
    expect(attachmentHeader(name)).not.toMatch(/[\r\n]/);
  });
});
