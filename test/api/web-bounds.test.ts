// Web mode's bounds on what a client sends: a JSON body or an upload left
// unfinished is given up (its connection closed), an upload that cannot fit
// the free disk is refused from its declared length before a byte is written,
// and messages name the file the person chose, never the private copy.
import { connect } from 'node:net';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPLOAD_NAME_HEADER } from '../../shared/api/contract.js';
import type { Dispatch } from '../../shared/api/handlers.js';
import { ok } from '../../shared/api/result.js';
import { LaunchSessions } from '../../shared/server/session.js';
import { UploadStore } from '../../shared/server/uploads.js';
import { createWebServer, type WebServer } from '../../shared/server/web-server.js';

const sessions = new LaunchSessions('tok_' + 'B'.repeat(40));
const SESSION = sessions.issueInProcess();
let root: string;
let server: WebServer;
let uploads: UploadStore;
let port: number;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'natalia-web-bounds-'));
  await writeFile(join(root, 'index.html'), '<!doctype html>');
  // A disk with 300 MiB free: 256 MiB are kept for the workstation's work, so about 44 MiB fit.
  uploads = await UploadStore.create({ tempRoot: root, idleMs: 300, freeBytes: async () => 300 * 1024 * 1024 });
  const dispatch: Dispatch = async () => ok({});
  server = createWebServer({ dispatch, sessions, rendererRoot: root, uploads, bodyIdleMs: 300 });
  port = await server.listen(0);
});

afterAll(async () => {
  await server.close();
  await uploads.close();
  await rm(root, { recursive: true, force: true });
});

/** Sends the head and part of a body, then nothing: what comes back, and whether the server closed the connection. */
function unfinished(head: string, part: string): Promise<{ answer: string; closed: boolean }> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    let answer = '';
    const timer = setTimeout(() => (sock.destroy(), resolve({ answer, closed: false })), 5000);
    sock.on('data', (c: Buffer) => (answer += c.toString()));
    sock.on('close', () => (clearTimeout(timer), resolve({ answer, closed: true })));
    sock.write(head + part);
  });
}

const head = (path: string, extra: string, length: number) =>
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${SESSION}\r\n${extra}Content-Length: ${length}\r\n\r\n`;

describe('unfinished request bodies', () => {
  it('a JSON call whose body stops arriving is answered 400 and its connection closed', async () => {
    const r = await unfinished(head('/api/call/app.info', 'Content-Type: application/json\r\n', 1000), '{"a":');
    expect(r.closed).toBe(true);
    expect(r.answer).toMatch(/^HTTP\/1\.1 400/);
    expect(r.answer).toContain('The request body stopped arriving');
  });

  it('an upload whose body stops arriving is given up, its connection closed, and nothing of it is kept', async () => {
    const r = await unfinished(head('/api/upload', `${UPLOAD_NAME_HEADER}: bundle.zip\r\n`, 10_000), 'PK\x03\x04');
    expect(r.closed).toBe(true);
    const [folder] = (await readdir(root)).filter((n) => n.startsWith('natalia-uploads-'));
    const kept = async () => (await readdir(join(root, folder!))).filter((n) => n !== 'natalia-owner.json');
    for (let i = 0; i < 40 && (await kept()).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await kept()).toEqual([]);
  });
});

describe('uploads and the free disk', () => {
  it('an upload declared larger than the free disk allows is refused at once, naming the file and the disk', async () => {
    const r = await unfinished(head('/api/upload', `${UPLOAD_NAME_HEADER}: huge-bundle.tar.gz\r\n`, 64 * 1024 ** 3), '');
    expect(r.answer).toMatch(/^HTTP\/1\.1 400/);
    expect(r.answer).toContain('huge-bundle.tar.gz (64.0 GiB or more) does not fit on the disk');
    expect(r.answer).not.toContain(root);
  });

  it('names the chosen file in place of the private copy in any message', async () => {
    const up = await uploads.receive(
      (async function* () {
        yield Buffer.from('{}');
      })() as never,
      'my trust roots.json',
    );
    const path = uploads.pathOf(up.uploadId);
    expect(uploads.redact(`${path} is not a trust store`)).toBe('my trust roots.json is not a trust store');
    expect(uploads.redact(`${uploads.root}/x`)).toBe('(uploads)/x');
  });
});
