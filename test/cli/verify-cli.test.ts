// `natalia-audit verify` as a user meets it: output, JSON shape and exit codes.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { natalia } from './cli-harness.js';
import { CaseFile } from '../../shared/engine/case/case-file.js';

const SAMPLES = join(import.meta.dirname, '../fixtures/samples');
const MINIMAL = join(SAMPLES, 'minimal/natalia-evidence-NAT-EC94-0782-20260302T091407Z');
const TRUST = join(SAMPLES, 'minimal/trust-roots.json');

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'natalia-cli-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('natalia-audit verify', () => {
  it('prints the verdict, every check and exits 0 on a valid bundle', () => {
    const r = natalia(['verify', MINIMAL, '--trust', TRUST]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('TRUSTED');
    expect(r.stdout).toMatch(/passed\s+audit\.signatures/);
    expect(r.stdout).toMatch(/passed\s+dump\.retention/);
    expect(r.stderr).toBe(''); // progress only goes to a terminal
  });

  it('--fast says what it left unchecked and never calls a bundle trusted, even one whose content was edited', async () => {
    const r = natalia(['verify', MINIMAL, '--trust', TRUST, '--fast']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('PARTLY CHECKED (--fast)');
    expect(r.stdout).not.toContain('TRUSTED');

    // An edited motive: the chain still links (hashes are not recomputed), so only the full path sees it.
    const bag = join(work, 'fast-edited');
    await cp(MINIMAL, bag, { recursive: true });
    const csv = join(bag, 'data/audit/audit-log.csv');
    const text = await readFile(csv, 'utf8');
    const edited = text.replace('Réclamation client n° 3752', 'Réclamation client n° 3753');
    expect(edited).not.toBe(text);
    await writeFile(csv, edited);
    const fast = JSON.parse(natalia(['verify', bag, '--trust', TRUST, '--fast', '--json']).stdout);
    expect(fast.verdict).toBe('partial');
    const full = natalia(['verify', bag, '--trust', TRUST, '--json']);
    expect(full.code).toBe(1);
    expect(JSON.parse(full.stdout).verdict).toBe('problems');
  });

  it('--json gives the documented shape', () => {
    const r = natalia(['verify', MINIMAL, '--trust', TRUST, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ installation_id: 'NAT-EC94-0782', exported_at: '2026-03-02T09:14:07.512Z', verdict: 'trusted' });
    expect(j.stats).toMatchObject({ audit_entries: 130, first_seq: 1, last_seq: 130 });
    expect(j.checks.every((c: { id: string; status: string }) => typeof c.id === 'string' && ['passed', 'failed', 'not_provided'].includes(c.status))).toBe(true);
    expect(j.findings).toEqual([]);
  });

  it('locates an edited entry and exits 1', async () => {
    const bag = join(work, 'edited');
    await cp(MINIMAL, bag, { recursive: true });
    const csvPath = join(bag, 'data/audit/audit-log.csv');
    const csv = await readFile(csvPath, 'utf8');
    // seq 46 is a phone.reveal; give it another motive, as someone covering tracks would.
    const edited = csv.replace('Réclamation client n° 3752', 'Réclamation client n° 3753');
    expect(edited).not.toBe(csv);
    await writeFile(csvPath, edited);
    const r = natalia(['verify', bag, '--trust', TRUST, '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.verdict).toBe('problems');
    const hash = j.findings.find((f: { code: string }) => f.code === 'audit.hash_mismatch');
    expect(hash).toMatchObject({ severity: 'critical', file: 'data/audit/audit-log.csv', seq: 46, line: 47 });
    expect(j.findings.map((f: { code: string }) => f.code)).toContain('bundle.manifest_mismatch');
    const human = natalia(['verify', bag, '--trust', TRUST]);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('[CRITICAL] audit.hash_mismatch  at data/audit/audit-log.csv:47, seq 46');
    expect(human.stdout).toContain('What it means:');
  });

  it('says nothing could be trusted without a trust store, from an empty workstation store', () => {
    const r = natalia(['verify', MINIMAL], { NATALIA_AUDIT_HOME: join(work, 'empty-home') });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('COULD NOT VERIFY');
    expect(r.stdout).toContain('trust.no_trusted_roots');
  });

  it('exits 2 with one clear line when the input is not a bundle or the arguments are wrong', async () => {
    const missing = natalia(['verify', join(work, 'nope.zip'), '--trust', TRUST]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stdout).toBe('');

    const text = join(work, 'notes.txt');
    await writeFile(text, 'not a bundle');
    const notBundle = natalia(['verify', text, '--trust', TRUST]);
    expect(notBundle.code).toBe(2);
    expect(notBundle.stderr).toMatch(/^natalia-audit verify: /);

    expect(natalia(['verify']).code).toBe(2);
    expect(natalia(['verify', MINIMAL, '--bogus']).code).toBe(2);
    const badTrust = natalia(['verify', MINIMAL, '--trust', text]);
    expect(badTrust.code).toBe(2);
    expect(badTrust.stderr).toContain('not JSON');
    expect(natalia(['frobnicate']).code).toBe(2);
  });

  it('refuses a trust store that is a device, a named pipe or a folder in one line, without reading it (no hang, no memory blow-up)', () => {
    const fifo = join(work, 'roots.fifo');
    execFileSync('mkfifo', [fifo]);
    for (const [path, kind] of [
      ['/dev/zero', 'a device'],
      [fifo, 'a named pipe'],
      [work, 'a folder'],
    ] as const) {
      const r = natalia(['verify', MINIMAL, '--trust', path]);
      expect(r.code, path).toBe(2);
      expect(r.stderr).toBe(`natalia-audit verify: cannot read the trust store ${path}: it is ${kind}, not a file\n`);
    }
  });

  it('case commands exit 2 with one line on a case path that is not a case file', () => {
    const r = natalia(['custody', '/dev/zero']);
    expect([r.code, r.stderr]).toEqual([2, 'natalia-audit custody: /dev/zero is a device, not a case file.\n']);
  });

  it('says in one line that a case is busy when another program holds its write lock past the wait', () => {
    const casePath = join(work, 'busy.case');
    CaseFile.open(casePath, { create: true }).close();
    const holder = new Database(casePath);
    holder.prepare('BEGIN IMMEDIATE').run();
    try {
      const r = natalia(['answers', 'declare', casePath, 'BCR-01.1', '--answer', 'NA', '--description', 'Not offered.']);
      expect([r.code, r.stderr]).toEqual([2, 'natalia-audit answers: the case file is busy: another program (an import?) is writing to it. Try again when it has finished.\n']);
    } finally {
      holder.prepare('ROLLBACK').run();
      holder.close();
    }
  });

  it('refuses a workstation trust store that cannot be read instead of taking it for empty', async () => {
    const home = join(work, 'home-with-folder-store');
    await mkdir(join(home, 'trust-roots.json'), { recursive: true });
    const r = natalia(['verify', MINIMAL], { NATALIA_AUDIT_HOME: home });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot read the trust store ${join(home, 'trust-roots.json')}: it is a folder`);
  });
});
