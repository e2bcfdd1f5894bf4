// Importing bundles into a case: one transaction (error, cancel and a killed
// process leave the case as it was), the bundle's bytes and hashes kept, the
// custody log written, duplicates refused. Every import runs the real
// verifier (verify-bundle.ts); where a test needs a failure at a given point,
// it wraps the real verifier or acts from its progress callback.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseFile } from '../../shared/engine/case/case-file.js';
import { DuplicateBundleError, importBundle, type VerifyFn } from '../../shared/engine/case/import-bundle.js';
import { verifyBundle, type VerifyStage } from '../../shared/engine/verify/verify-bundle.js';
import { copyMinimal, MINIMAL_BAG, MINIMAL_TRUST, scratch } from '../crosscheck/pipeline.js';
import { writeZip } from '../exporter/archive.js';

let tmp: { dir: string; cleanup(): void };
beforeEach(() => {
  tmp = scratch('natalia-case-');
});
afterEach(() => tmp.cleanup());

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

/** Every file of a bag folder with its hash: equal before and after means the bag was not touched. */
function treeHashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out[join(e.parentPath, e.name)] = sha(join(e.parentPath, e.name));
  }
  return out;
}

/** The real verifier, then `after` once it returned (its result stored, the import's transaction still open). */
function verifyThen(after: () => void): VerifyFn {
  return async (bundlePath, opts) => {
    const result = await verifyBundle(bundlePath, opts);
    after();
    return result;
  };
}

const failOnPurpose = verifyThen(() => {
  throw new Error('verification failed on purpose');
});

/** A second export of the minimal installation, different bytes (one register cell edited). */
function otherBundle(): string {
  const bag = copyMinimal(join(tmp.dir, 'other'));
  const p = join(bag, 'data/reveal/reveal-log.csv');
  writeFileSync(p, readFileSync(p, 'utf8').replace('complaint 9932', 'complaint 9933'));
  return bag;
}

describe('importBundle', () => {
  it('imports a bundle with its hashes, bytes, evidence, verdict and a custody entry', async () => {
    const casePath = join(tmp.dir, 'audit.case');
    const given = treeHashes(MINIMAL_BAG);
    const r = await importBundle(casePath, MINIMAL_BAG, { trustPath: MINIMAL_TRUST });
    expect(r.result.verdict).toBe('trusted');
    expect(r.historyFindings).toEqual([]);

    const c = CaseFile.open(casePath);
    try {
      const dump = join(MINIMAL_BAG, 'data/db/natalia.sql');
      const files = c.db.prepare('SELECT path, sha256, bytes FROM bundle_files WHERE bundle_id = ? ORDER BY path').all(r.bundleId) as {
        path: string;
        sha256: string;
      }[];
      expect(files.map((f) => f.path)).toContain('data/db/natalia.sql');
      expect(files.find((f) => f.path === 'data/db/natalia.sql')!.sha256).toBe(sha(dump));
      // The kept bytes are the file's bytes.
      const chunks = c.db.prepare("SELECT data FROM bundle_content WHERE bundle_id = ? AND path = 'data/db/natalia.sql' ORDER BY chunk").all(r.bundleId) as {
        data: Buffer;
      }[];
      expect(Buffer.concat(chunks.map((x) => x.data)).equals(readFileSync(dump))).toBe(true);
      // Every audit entry is kept in a case.
      expect(c.store.auditRange(r.bundleId)).toMatchObject({ first_seq: 1, last_seq: 130, entry_count: 130, stored_count: 130, all_entries: 1 });

      const custody = c.custody();
      expect(custody.map((e) => e.action)).toEqual(['case.create', 'bundle.import']);
      expect(custody[1]!.details).toMatchObject({ bundle_id: r.bundleId, verdict: 'trusted', installation_id: 'NAT-EC94-0782' });
      expect(custody[1]!.workstation_version).toMatch(/^\d+\.\d+\.\d+/);
      expect(custody[1]!.os_user).not.toBe('');
      expect(c.checkCustody().ok).toBe(true);
      expect(c.bundles()[0]).toMatchObject({ id: r.bundleId, verdict: 'trusted', first_seq: 1, last_seq: 130 });
    } finally {
      c.close();
    }
    // Evidence the user gave is never modified.
    expect(treeHashes(MINIMAL_BAG)).toEqual(given);
  });

  it('refuses the same bundle twice and leaves the case unchanged', async () => {
    const casePath = join(tmp.dir, 'audit.case');
    await importBundle(casePath, MINIMAL_BAG, { trustPath: MINIMAL_TRUST });
    const before = sha(casePath);
    await expect(importBundle(casePath, MINIMAL_BAG, { trustPath: MINIMAL_TRUST })).rejects.toBeInstanceOf(DuplicateBundleError);
    expect(sha(casePath)).toBe(before);
  });

  it('refuses the same export in another container (the folder, then its zip), but imports a copy edited after export', async () => {
    const casePath = join(tmp.dir, 'audit.case');
    await importBundle(casePath, MINIMAL_BAG, { trustPath: MINIMAL_TRUST });
    const name = MINIMAL_BAG.split('/').pop()!;
    const zip = join(tmp.dir, `${name}.zip`);
    await writeZip(MINIMAL_BAG, name, zip, new Date('2026-03-02T09:14:07.512Z'));
    const before = sha(casePath);
    await expect(importBundle(casePath, zip, { trustPath: MINIMAL_TRUST })).rejects.toThrow(
      'this export is already in the case (bundle #1: the same manifests, every file matching them, in another container); it was not imported again.',
    );
    expect(sha(casePath)).toBe(before);
    // The same export with a file edited after export fails its manifests: it is imported, to be compared.
    const edited = copyMinimal(join(tmp.dir, 'edited'));
    const reg = join(edited, 'data/reveal/reveal-log.csv');
    writeFileSync(reg, readFileSync(reg, 'utf8').replace('admin.louis', 'admin.lous'));
    const r = await importBundle(casePath, edited, { trustPath: MINIMAL_TRUST });
    expect(r.bundleId).toBe(2);
    expect(r.result.verdict).toBe('problems');
  });

  it('an error during the import rolls everything back', async () => {
    const casePath = join(tmp.dir, 'audit.case');
    await importBundle(casePath, MINIMAL_BAG, { trustPath: MINIMAL_TRUST });
    const before = sha(casePath);
    await expect(importBundle(casePath, otherBundle(), { trustPath: MINIMAL_TRUST, verify: failOnPurpose })).rejects.toThrow(
      /on purpose/,
    );
    expect(sha(casePath)).toBe(before);
    const c = CaseFile.open(casePath);
    expect(c.bundles()).toHaveLength(1);
    expect(c.custody()).toHaveLength(2);
    c.close();
  });

  it('a bundle changed between its verification and its copy into the case is refused', async () => {
    const casePath = join(tmp.dir, 'audit.case');
    await importBundle(casePath, MINIMAL_BAG, { trustPath: MINIMAL_TRUST });
    const before = sha(casePath);
    const bag = otherBundle(); // its register differs from the manifest: verification reports that file
    const seal = join(bag, 'data/audit/seal.json');
    const verify = verifyThen(() => writeFileSync(seal, readFileSync(seal, 'utf8') + '\n'));
    await expect(importBundle(casePath, bag, { trustPath: MINIMAL_TRUST, verify })).rejects.toThrow(/data\/audit\/seal\.json changed while the bundle was being imported/);
    expect(sha(casePath)).toBe(before);
  });

  it('the dump is copied in the pass that verifies it: a change after that pass is not in the case', async () => {
    const casePath = join(tmp.dir, 'audit.case');
    const bag = copyMinimal(join(tmp.dir, 'dump-after'));
    const dump = join(bag, 'data/db/natalia.sql');
    const verified = readFileSync(dump);
    const verify = verifyThen(() => writeFileSync(dump, readFileSync(dump, 'utf8').replace('Acme Contact SAS', 'Acme Contact SA')));
    const r = await importBundle(casePath, bag, { trustPath: MINIMAL_TRUST, verify });
    expect(r.result.verdict).toBe('trusted');
    const c = CaseFile.open(casePath);
    try {
      const chunks = c.db.prepare("SELECT data FROM bundle_content WHERE bundle_id = ? AND path = 'data/db/natalia.sql' ORDER BY chunk").all(r.bundleId) as { data: Buffer }[];
      expect(Buffer.concat(chunks.map((x) => x.data)).equals(verified)).toBe(true);
      const file = c.db.prepare("SELECT sha256, bytes FROM bundle_files WHERE bundle_id = ? AND path = 'data/db/natalia.sql'").get(r.bundleId);
      expect(file).toEqual({ sha256: createHash('sha256').update(verified).digest('hex'), bytes: verified.length });
    } finally {
      c.close();
    }
  });

  it('a failed first import into a new case leaves no case file', async () => {
    const casePath = join(tmp.dir, 'new.case');
    await expect(importBundle(casePath, MINIMAL_BAG, { trustPath: MINIMAL_TRUST, verify: failOnPurpose })).rejects.toThrow();
    expect(existsSync(casePath)).toBe(false);
  });

  it('a cancel (AbortSignal) mid-import rolls everything back', async () => {
    const casePath = join(tmp.dir, 'audit.case');
    await importBundle(casePath, MINIMAL_BAG, { trustPath: MINIMAL_TRUST });
    const before = sha(casePath);
    const ac = new AbortController();
    // Cancelled once the audit entries are in the case, as the cross-checks start loading the register and the dump.
    const stages: VerifyStage[] = [];
    const onProgress = ({ stage }: { stage: VerifyStage }) => {
      if (stages.at(-1) !== stage) stages.push(stage);
      if (stage === 'crosscheck') ac.abort(new Error('cancelled by the user'));
    };
    await expect(importBundle(casePath, otherBundle(), { trustPath: MINIMAL_TRUST, signal: ac.signal, onProgress })).rejects.toThrow(/cancelled/);
    expect(stages).toEqual(['extract', 'bag', 'license', 'audit', 'crosscheck']);
    expect(sha(casePath)).toBe(before);
  });

  it('a process killed mid-import leaves a journal that restores the case exactly as it was', async () => {
    const casePath = join(tmp.dir, 'audit.case');
    await importBundle(casePath, MINIMAL_BAG, { trustPath: MINIMAL_TRUST });
    const before = readFileSync(casePath);
    const bundle = otherBundle();

    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'kill-child.ts'), casePath, bundle, MINIMAL_TRUST], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('PAUSED') && resolve());
      child.on('exit', (code) => reject(new Error(`child exited (${code}) before pausing: ${stderr}`)));
    });
    // Mid-transaction: SQLite has written into the case and kept the old pages in its journal.
    expect(existsSync(`${casePath}-journal`)).toBe(true);
    expect(readFileSync(casePath).equals(before)).toBe(false);
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGKILL');
    await exited;

    // Reopening rolls the hot journal back: the same bytes, the same case.
    const c = CaseFile.open(casePath);
    expect(c.bundles()).toHaveLength(1);
    expect(c.checkCustody()).toMatchObject({ ok: true, entries: 2 });
    expect((c.db.pragma('integrity_check', { simple: true }) as string)).toBe('ok');
    c.close();
    expect(readFileSync(casePath).equals(before)).toBe(true);
    expect(existsSync(`${casePath}-journal`)).toBe(false);
  });
});
