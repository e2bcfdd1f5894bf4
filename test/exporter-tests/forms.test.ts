// Determinism and the three delivery forms: the same seed and options give
// the same bytes, and the .zip and .tar.gz hold exactly one top-level folder,
// the bag, with the same files as the directory form.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { createReadStream } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import tar from 'tar-stream';
import { exportBundle } from '../exporter/export-bundle.js';
import type { ExportOptions } from '../exporter/options.js';
import { readTree, tempDir } from './helpers.js';

const dirs: string[] = [];
const dir = () => {
  const d = tempDir();
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const OPTS: Omit<ExportOptions, 'outDir'> = {
  seed: 'forms',
  entries: 600,
  keyRotation: true,
  licenseHistory: true,
  clockAnomaly: true,
  erasures: 2,
  tenants: [
    { id: 'acme', name: 'Acme Contact SAS', retentionMonths: 13 },
    { id: 'globex', name: 'Globex Relation Client', retentionMonths: 1 },
  ],
};

async function zipEntries(path: string): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((ok, ko) => yauzl.open(path, { lazyEntries: true }, (e, z) => (e ? ko(e) : ok(z!))));
  const out = new Map<string, Buffer>();
  await new Promise<void>((ok, ko) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (e, s) => {
        if (e) return ko(e);
        const chunks: Buffer[] = [];
        s!.on('data', (c: Buffer) => chunks.push(c)).on('end', () => {
          out.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.on('end', ok).on('error', ko);
    zip.readEntry();
  });
  return out;
}

async function tarEntries(path: string): Promise<Map<string, { type: string; data: Buffer }>> {
  const out = new Map<string, { type: string; data: Buffer }>();
  const extract = tar.extract();
  createReadStream(path).pipe(createGunzip()).pipe(extract);
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const c of entry) chunks.push(c as Buffer);
    out.set(entry.header.name, { type: entry.header.type, data: Buffer.concat(chunks) });
  }
  return out;
}

describe('determinism', () => {
  it('writes byte-identical bags, trust roots and archives for the same seed and options', async () => {
    const [a, b] = [dir(), dir()];
    const ra = await exportBundle({ ...OPTS, outDir: a });
    const rb = await exportBundle({ ...OPTS, outDir: b });
    const ta = readTree(ra.bagDir!);
    const tb = readTree(rb.bagDir!);
    expect([...ta.keys()]).toEqual([...tb.keys()]);
    for (const [p, bytes] of ta) expect(bytes.equals(tb.get(p)!), p).toBe(true);
    expect(readFileSync(ra.trustRootsPath)).toEqual(readFileSync(rb.trustRootsPath));
    const za = await exportBundle({ ...OPTS, outDir: a, form: 'zip' });
    const zb = await exportBundle({ ...OPTS, outDir: b, form: 'zip' });
    expect(readFileSync(za.path).equals(readFileSync(zb.path))).toBe(true);
    const ga = await exportBundle({ ...OPTS, outDir: a, form: 'tar.gz' });
    const gb = await exportBundle({ ...OPTS, outDir: b, form: 'tar.gz' });
    expect(readFileSync(ga.path).equals(readFileSync(gb.path))).toBe(true);
  });

  it('gives another installation, other keys and other content for another seed', async () => {
    const r1 = await exportBundle({ ...OPTS, outDir: dir() });
    const r2 = await exportBundle({ ...OPTS, seed: 'forms-2', outDir: dir() });
    expect(r2.installationId).not.toBe(r1.installationId);
    expect(r2.vendorRoot.kid).not.toBe(r1.vendorRoot.kid);
    expect(r2.auditKeys.map((k) => k.kid)).not.toEqual(r1.auditKeys.map((k) => k.kid));
  });
});

describe('archive forms (spec §1)', () => {
  let direct: Map<string, Buffer>;
  let out: string;
  let bagName: string;
  beforeAll(async () => {
    out = dir();
    const r = await exportBundle({ ...OPTS, outDir: out });
    bagName = r.bagName;
    direct = readTree(r.bagDir!);
  });

  it('packs a .zip holding only the bag folder, file for file', async () => {
    const r = await exportBundle({ ...OPTS, outDir: out, form: 'zip' });
    expect(r.path).toBe(join(out, `${bagName}.zip`));
    expect(r.bagDir).toBeNull();
    const entries = await zipEntries(r.path);
    expect(new Set([...entries.keys()].map((n) => n.split('/')[0]))).toEqual(new Set([bagName]));
    expect([...entries.keys()].map((n) => n.slice(bagName.length + 1)).sort()).toEqual([...direct.keys()].sort());
    for (const [n, data] of entries) expect(data.equals(direct.get(n.slice(bagName.length + 1))!), n).toBe(true);
  });

  it('packs a .tar.gz holding only the bag folder, file for file', async () => {
    const r = await exportBundle({ ...OPTS, outDir: out, form: 'tar.gz' });
    expect(r.path).toBe(join(out, `${bagName}.tar.gz`));
    const entries = await tarEntries(r.path);
    expect(new Set([...entries.keys()].map((n) => n.split('/')[0]))).toEqual(new Set([bagName]));
    const files = [...entries.entries()].filter(([, e]) => e.type === 'file');
    expect(files.map(([n]) => n.slice(bagName.length + 1)).sort()).toEqual([...direct.keys()].sort());
    for (const [n, e] of files) expect(e.data.equals(direct.get(n.slice(bagName.length + 1))!), n).toBe(true);
    for (const [n, e] of entries) if (e.type !== 'file') expect(e.type, n).toBe('directory');
  });

  it('keeps the trust roots of every bag written to the same folder', async () => {
    const r = await exportBundle({ ...OPTS, seed: 'forms-other', outDir: out });
    const trust = JSON.parse(readFileSync(r.trustRootsPath, 'utf8'));
    expect(trust.roots).toHaveLength(2);
    expect(trust.roots.map((x: { kid: string }) => x.kid)).toContain(r.vendorRoot.kid);
  });
});
