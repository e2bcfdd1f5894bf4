// A trust roots file is checked when the user chooses it, before any import
// uses it: a file that cannot be read or is not a trust store is refused with
// a message naming the file as the user chose it (the name of an upload,
// never the workstation's private copy), a good one lists its roots.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileSource, TrustFileView } from '../../shared/api/contract.js';
import { createEngine } from '../../shared/api/engine.js';
import type { EnginePort } from '../../shared/api/engine-port.js';
import { createDispatcher, createHandlers, type Dispatch, type Handlers } from '../../shared/api/handlers.js';

const SAMPLE_TRUST = join(process.cwd(), 'test', 'fixtures', 'samples', 'minimal', 'trust-roots.json');

let dir: string;
let privateDir: string;
let engine: EnginePort;
let handlers: Handlers;
let dispatch: Dispatch;
/** Uploads as web mode keeps them: a private folder, the file under a server-chosen path. */
const uploads = new Map<string, string>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'natalia-trust-inspect-'));
  privateDir = join(dir, 'natalia-uploads-private', '5f3a');
  await mkdir(privateDir, { recursive: true });
  engine = await createEngine({ workspace: join(dir, 'cases') });
  handlers = createHandlers({
    engine,
    emit: () => {},
    resolveSource: async (s: FileSource) => (s.kind === 'path' ? s.path : uploads.get(s.uploadId)!),
    version: 't',
  });
  dispatch = createDispatcher(handlers);
});

afterAll(async () => {
  await handlers?.drain();
  await engine?.close();
  await rm(dir, { recursive: true, force: true });
});

async function upload(name: string, content: string | Buffer): Promise<FileSource> {
  const path = join(privateDir, `${uploads.size}-${name}`);
  await writeFile(path, content);
  const uploadId = String(uploads.size).padStart(32, 'a');
  uploads.set(uploadId, path);
  return { kind: 'upload', uploadId, name };
}

describe('a trust roots file chosen by path (desktop)', () => {
  it('lists the roots of a good one', async () => {
    const r = await dispatch('trust.inspect', { file: { kind: 'path', path: SAMPLE_TRUST } });
    expect(r.ok).toBe(true);
    const v = (r as { value: TrustFileView }).value;
    expect(v.name).toBe(SAMPLE_TRUST);
    expect(v.roots.length).toBeGreaterThan(0);
    expect(v.roots[0]!.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(v.roots[0]!.fingerprint.startsWith(v.roots[0]!.kid)).toBe(true);
  });

  it('refuses one that is not JSON, not a trust store, missing, or a folder, naming it', async () => {
    const notJson = join(dir, 'roots.json');
    await writeFile(notJson, 'not json at all');
    const notStore = join(dir, 'other.json');
    await writeFile(notStore, '{"format":"something.else","roots":[]}');
    const cases: [string, RegExp][] = [
      [notJson, /roots\.json is not JSON/],
      [notStore, /other\.json is not a trust store/],
      [join(dir, 'missing.json'), /missing\.json/],
      [dir, /it is a folder|not a file/],
    ];
    for (const [path, why] of cases) {
      const r = await dispatch('trust.inspect', { file: { kind: 'path', path } });
      expect(r, path).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      if (!r.ok) {
        expect(r.error.message).toMatch(why);
        expect(r.error.message).toContain(path);
      }
    }
  });
});

describe('a trust roots file sent from the browser (web mode)', () => {
  it('is named by the name it was chosen under, never by its private copy', async () => {
    const bad = await upload('vendor-roots.json', '{"format":"natalia.trust-roots.v1","roots":[{"public_key":"nope"}]}');
    const r = await dispatch('trust.inspect', { file: bad });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    if (!r.ok) {
      expect(r.error.message).toMatch(/^Trust roots: vendor-roots\.json: roots\[0\]/);
      expect(r.error.message).not.toContain(privateDir);
      expect(r.error.message).not.toContain('natalia-uploads');
    }
    const tooBig = await upload('huge-roots.json', Buffer.alloc(5 * 1024 * 1024, 0x20));
    const big = await dispatch('trust.inspect', { file: tooBig });
    expect(big.ok).toBe(false);
    if (!big.ok) {
      expect(big.error.message).toContain('huge-roots.json');
      expect(big.error.message).not.toContain(privateDir);
    }
  });

  it('lists the roots of a good one under its chosen name', async () => {
    const good = await upload('trust-roots.json', '');
    await copyFile(SAMPLE_TRUST, uploads.get((good as { uploadId: string }).uploadId)!);
    const r = await dispatch('trust.inspect', { file: good });
    expect(r).toMatchObject({ ok: true, value: { name: 'trust-roots.json' } });
  });
});
