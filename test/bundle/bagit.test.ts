// checkBag on the samples (no finding) and on tampered copies of the minimal
// sample (the sample itself is never modified: each test works on a copy).
import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkBag } from '../../shared/engine/bundle/bagit.js';
import { openBundle } from '../../shared/engine/bundle/open-bundle.js';
import type { BagCheck, BagHandle } from '../../shared/engine/bundle/types.js';
import type { Finding } from '../../shared/model/findings.js';
import { cleanup, copyMinimal, FULL_ZIP, INSERTS_TGZ, MINIMAL_BAG, scratch } from './helpers.js';

const dirs: string[] = [];
afterEach(() => cleanup(...dirs.splice(0)));

async function open(path: string): Promise<BagHandle> {
  const o = await openBundle(path);
  if (!o.ok) throw new Error(o.message);
  return o.bag;
}

/** A tampered copy of the minimal sample, checked. */
async function checkTampered(tamper: (bag: string) => void): Promise<BagCheck> {
  const d = scratch();
  dirs.push(d);
  const bag = copyMinimal(d);
  tamper(bag);
  return checkBag(await open(bag));
}

const codes = (fs: Finding[]) => fs.map((f) => `${f.code} ${f.file ?? ''}${f.line ? ':' + f.line : ''}`).sort();
const status = (c: BagCheck) => Object.fromEntries(c.checks.map((x) => [x.id, x.status]));
const edit = (bag: string, rel: string, f: (s: string) => string) =>
  writeFileSync(join(bag, rel), f(readFileSync(join(bag, rel), 'utf8')));

describe('checkBag on the samples', () => {
  it('finds nothing wrong in the three samples', async () => {
    for (const p of [MINIMAL_BAG, FULL_ZIP, INSERTS_TGZ]) {
      const bag = await open(p);
      const progress: number[] = [];
      const c = await checkBag(bag, { onProgress: (e) => progress.push(e.bytes) });
      await bag.close();
      expect(c.findings, p).toEqual([]);
      expect(status(c)).toEqual({ 'bundle.structure': 'passed', 'bundle.manifests': 'passed' });
      expect(c.intactPayload).toEqual(c.presentPayload);
      expect(c.manifest.size).toBe(c.presentPayload.size);
      expect(c.tagManifestSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(progress.at(-1)).toBeGreaterThan(0);
    }
  });

  it('reads bag-info.txt labels', async () => {
    const c = await checkBag(await open(MINIMAL_BAG));
    expect(c.bagInfo['Natalia-Installation-Id']).toBe('NAT-EC94-0782');
    expect(c.bagInfo['Natalia-Exported-At']).toBe('2026-03-02T09:14:07.512Z');
    expect(c.bagInfo['Payload-Oxum']).toBe('248438.7');
    expect([...c.presentPayload]).toContain('data/audit/audit-log.csv');
  });
});

describe('checkBag on tampered copies of the minimal sample', () => {
  it('an edited payload byte: manifest mismatch on that file, with expected and actual hashes', async () => {
    const c = await checkTampered((bag) => {
      const p = join(bag, 'data/reveal/reveal-log.csv');
      const b = readFileSync(p);
      b[200] = b[200] === 0x41 ? 0x42 : 0x41; // same size: Payload-Oxum still agrees
      writeFileSync(p, b);
    });
    expect(codes(c.findings)).toEqual(['bundle.manifest_mismatch data/reveal/reveal-log.csv']);
    const f = c.findings[0]!;
    expect(f.severity).toBe('critical');
    expect(f.details).toMatchObject({ manifest: 'manifest-sha256.txt', manifest_line: 7 });
    expect(f.details!.expected).toBe('6e064cbc705ed7e301210e9870d4a9f7af8858f9e03379f15f3ab3b5fcdd37a6');
    expect(f.details!.actual).toMatch(/^[0-9a-f]{64}$/);
    expect(f.details!.actual).not.toBe(f.details!.expected);
    expect(c.intactPayload.has('data/reveal/reveal-log.csv')).toBe(false);
    expect(c.intactPayload.size).toBe(6);
    expect(status(c)).toEqual({ 'bundle.structure': 'passed', 'bundle.manifests': 'failed' });
  });

  it('a removed payload file: listed but missing, and Payload-Oxum disagrees', async () => {
    const c = await checkTampered((bag) => rmSync(join(bag, 'data/erasure/ERC-2026-000017.json')));
    expect(codes(c.findings)).toEqual([
      'bundle.manifest_mismatch bag-info.txt:3',
      'bundle.manifest_mismatch data/erasure/ERC-2026-000017.json',
    ]);
    expect(c.findings.find((f) => f.file?.startsWith('data/'))!.message).toMatch(/missing/);
    expect(c.presentPayload.has('data/erasure/ERC-2026-000017.json')).toBe(false);
  });

  it('an added file under data/: one unlisted_file, not also a "changed" Payload-Oxum that the added file alone explains', async () => {
    const c = await checkTampered((bag) => {
      writeFileSync(join(bag, 'data/audit/notes.txt'), 'hello');
      writeFileSync(join(bag, 'data/.DS_Store'), '');
    });
    expect(codes(c.findings)).toEqual(['bundle.unlisted_file data/.DS_Store', 'bundle.unlisted_file data/audit/notes.txt']);
    expect(c.findings.every((f) => f.severity === 'medium')).toBe(true);
    expect(c.presentPayload.has('data/audit/notes.txt')).toBe(true);
    expect(c.intactPayload.has('data/audit/notes.txt')).toBe(false);
  });

  it('an edited bag-info.txt: the tag manifest catches it', async () => {
    const c = await checkTampered((bag) => edit(bag, 'bag-info.txt', (s) => s.replace('auditor.acme', 'someone.else')));
    expect(codes(c.findings)).toEqual(['bundle.manifest_mismatch bag-info.txt']);
    expect(c.findings[0]!.details).toMatchObject({ manifest: 'tagmanifest-sha256.txt', manifest_line: 2 });
    expect(c.bagInfo['Natalia-Exported-By']).toBe('someone.else');
  });

  it('a bad bagit.txt: malformed at the line, and its tag manifest hash differs', async () => {
    const c = await checkTampered((bag) => edit(bag, 'bagit.txt', (s) => s.replace('1.0', '0.97')));
    expect(codes(c.findings)).toEqual(['bundle.malformed bagit.txt:1', 'bundle.manifest_mismatch bagit.txt']);
    expect(c.findings.find((f) => f.code === 'bundle.malformed')!.message).toMatch(/BagIt-Version: 1\.0.*0\.97/);
    expect(status(c)).toEqual({ 'bundle.structure': 'failed', 'bundle.manifests': 'failed' });
  });

  it('an added file and a listed file cut short: the Payload-Oxum finding stays, the added file does not explain it', async () => {
    const c = await checkTampered((bag) => {
      writeFileSync(join(bag, 'data/audit/notes.txt'), 'hello');
      edit(bag, 'data/audit/seal.json', (s) => s.slice(0, -10));
    });
    expect(codes(c.findings)).toEqual([
      'bundle.manifest_mismatch bag-info.txt:3',
      'bundle.manifest_mismatch data/audit/seal.json',
      'bundle.unlisted_file data/audit/notes.txt',
    ]);
    expect(c.findings.find((f) => f.file === 'bag-info.txt')!.details).toEqual({ expected: { octets: 248438, count: 7 }, actual: { octets: 248433, count: 8 } });
  });

  it('a wrong Payload-Oxum', async () => {
    const c = await checkTampered((bag) => edit(bag, 'bag-info.txt', (s) => s.replace('248438.7', '248438.6')));
    expect(codes(c.findings)).toEqual(['bundle.manifest_mismatch bag-info.txt', 'bundle.manifest_mismatch bag-info.txt:3']);
    expect(c.findings.find((f) => f.line === 3)!.message).toMatch(/declares 248438 bytes in 6 files.*248438 bytes in 7 files/);
  });

  it('a manifest line that escapes the bag with ../', async () => {
    const c = await checkTampered((bag) => appendFileSync(join(bag, 'manifest-sha256.txt'), `${'0'.repeat(64)}  data/../../etc/passwd\n`));
    expect(codes(c.findings)).toEqual(['bundle.malformed manifest-sha256.txt:8', 'bundle.manifest_mismatch manifest-sha256.txt']);
    expect(c.findings.find((f) => f.code === 'bundle.malformed')!.message).toMatch(/escapes the bag/);
    expect(c.intactPayload.size).toBe(7); // the well-formed lines are still checked
  });

  it('manifest lines that are not hash and path, or list a path outside data/', async () => {
    const c = await checkTampered((bag) =>
      appendFileSync(join(bag, 'manifest-sha256.txt'), `${'A'.repeat(64)}  data/x\nnot a line\n${'0'.repeat(64)}  bagit.txt\n`),
    );
    expect(codes(c.findings).filter((x) => x.startsWith('bundle.malformed'))).toEqual([
      'bundle.malformed manifest-sha256.txt:10',
      'bundle.malformed manifest-sha256.txt:8',
      'bundle.malformed manifest-sha256.txt:9',
    ]);
  });

  it('missing manifests and bag-info.txt are malformed and fail their check', async () => {
    const c = await checkTampered((bag) => {
      rmSync(join(bag, 'manifest-sha256.txt'));
      rmSync(join(bag, 'tagmanifest-sha256.txt'));
    });
    expect(codes(c.findings)).toEqual(['bundle.malformed manifest-sha256.txt', 'bundle.malformed tagmanifest-sha256.txt']);
    expect(c.tagManifestSha256).toBeNull();
    expect(c.intactPayload.size).toBe(0);
    expect(status(c)['bundle.manifests']).toBe('failed');

    const c2 = await checkTampered((bag) => rmSync(join(bag, 'bag-info.txt')));
    expect(codes(c2.findings)).toContain('bundle.malformed bag-info.txt');
    expect(codes(c2.findings)).toContain('bundle.manifest_mismatch bag-info.txt');
    expect(status(c2)['bundle.structure']).toBe('failed');
  });

  it('a missing required label, and a tag manifest that does not list a tag file', async () => {
    const c = await checkTampered((bag) => {
      edit(bag, 'bag-info.txt', (s) => s.replace(/Natalia-Contract-Mode: strict\n/, ''));
      edit(bag, 'tagmanifest-sha256.txt', (s) => s.split('\n').filter((l) => !l.endsWith(' bag-info.txt')).join('\n'));
    });
    expect(codes(c.findings)).toEqual(['bundle.malformed bag-info.txt', 'bundle.malformed tagmanifest-sha256.txt']);
    expect(c.findings[0]!.message).toMatch(/Natalia-Contract-Mode/);
    expect(c.findings[1]!.message).toMatch(/does not list bag-info\.txt/);
  });

  it('a Bagging-Date that names no real day (2026-02-30) is bundle.malformed at its line, like the other bag-info values', async () => {
    const c = await checkTampered((bag) => edit(bag, 'bag-info.txt', (s) => s.replace('Bagging-Date: 2026-03-02', 'Bagging-Date: 2026-02-30')));
    const malformed = c.findings.filter((f) => f.code === 'bundle.malformed');
    expect(malformed).toHaveLength(1);
    expect(malformed[0]).toMatchObject({ code: 'bundle.malformed', severity: 'high', file: 'bag-info.txt', line: 2 });
    expect(malformed[0]!.message).toBe('Bagging-Date must be a real calendar date YYYY-MM-DD, not "2026-02-30".');
    expect(status(c)['bundle.structure']).toBe('failed');
  });

  it('a symbolic link in data/ is reported and never followed', async () => {
    const c = await checkTampered((bag) => {
      rmSync(join(bag, 'data/db/natalia.sql'));
      symlinkSync('/etc/hostname', join(bag, 'data/db/natalia.sql'));
    });
    expect(codes(c.findings)).toEqual([
      'bundle.manifest_mismatch bag-info.txt:3',
      'bundle.manifest_mismatch data/db/natalia.sql',
      'bundle.unsafe_entry data/db/natalia.sql',
    ]);
    expect(c.presentPayload.has('data/db/natalia.sql')).toBe(false);
  });
});

describe('checkBag with a deferred hash', () => {
  const DUMP = 'data/db/natalia.sql';
  const sha256 = (bag: string) => createHash('sha256').update(readFileSync(join(bag, DUMP))).digest('hex');

  it('leaves the file to the caller, then settles it as if it had hashed it', async () => {
    const d = scratch();
    dirs.push(d);
    const bag = copyMinimal(d);
    edit(bag, DUMP, (s) => s.replace('Acme Contact SAS', 'Acme Contact SAZ')); // same size: Payload-Oxum agrees
    const plain = await checkBag(await open(bag));
    const deferred = await checkBag(await open(bag), { deferHash: new Set([DUMP]) });
    expect(deferred.deferredHashes).toEqual([DUMP]);
    expect(codes(deferred.findings)).toEqual([]);
    expect(status(deferred)['bundle.manifests']).toBe('passed');
    const f = deferred.settleDeferred!(DUMP, sha256(bag));
    expect(f).toEqual(plain.findings[0]);
    expect(deferred.findings).toEqual(plain.findings);
    expect(deferred.checks).toEqual(plain.checks);
    expect(deferred.intactPayload).toEqual(plain.intactPayload);
    expect(deferred.deferredHashes).toEqual([]);
  });

  it('an intact deferred file counts as intact once settled', async () => {
    const bag = await open(MINIMAL_BAG);
    const c = await checkBag(bag, { deferHash: new Set([DUMP]) });
    expect(c.intactPayload.has(DUMP)).toBe(false);
    expect(c.settleDeferred!(DUMP, sha256(bag.root))).toBeNull();
    expect(c.intactPayload).toEqual(c.presentPayload);
    expect(status(c)['bundle.manifests']).toBe('passed');
  });
});
