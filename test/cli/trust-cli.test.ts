// `natalia-audit trust`: the workstation's own trust store, as a user keeps it.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { natalia } from './cli-harness.js';
import { DEMO_SEED } from '../../shared/cli/commands/demo.js';
import { deriveKey, KEY_LABELS } from '../exporter/keys.js';

const SAMPLES = join(import.meta.dirname, '../fixtures/samples');
const MINIMAL = join(SAMPLES, 'minimal/natalia-evidence-NAT-EC94-0782-20260302T091407Z');
const home = mkdtempSync(join(tmpdir(), 'natalia-trust-'));
const env = { NATALIA_AUDIT_HOME: join(home, 'workstation') };
const run = (args: string[]) => natalia(args, env);

afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('natalia-audit trust', () => {
  it('starts empty, adds the vendor roots with their fingerprints, and then verifies without --trust', () => {
    const empty = run(['trust', 'list']);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toMatch(/holds no vendor root: nothing can be trusted without --trust/);
    expect(run(['verify', MINIMAL, '--json']).stdout).toContain('"verdict": "unverifiable"');

    const vendor = JSON.parse(readFileSync(join(SAMPLES, 'minimal/trust-roots.json'), 'utf8')) as { roots: { kid: string }[] };
    // The samples' root is a known test root: only with --force (see the test below).
    const added = run(['trust', 'add', join(SAMPLES, 'minimal/trust-roots.json'), '--force']);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(new RegExp(`Added to the workstation trust store .* 1 vendor root:\\n  ${vendor.roots[0]!.kid}  .*\\n      fingerprint \\(SHA-256 of the public key\\) ${vendor.roots[0]!.kid}[0-9a-f]{48}\\n`));
    expect(added.stdout).toContain('Check each fingerprint with your vendor');
    expect(run(['trust', 'add', join(SAMPLES, 'minimal/trust-roots.json')]).stdout).toMatch(/^Nothing added: .* already holds every root/);
    expect(added.stdout).toContain(`Warning: ${vendor.roots[0]!.kid} is the conformance samples' test vendor root`);

    const listed = JSON.parse(run(['trust', 'list', '--json']).stdout) as { path: string; roots: { kid: string; fingerprint: string }[] };
    expect(listed.path).toBe(join(env.NATALIA_AUDIT_HOME, 'trust-roots.json'));
    expect(listed.roots.map((r) => r.kid)).toEqual([vendor.roots[0]!.kid]);
    // The store is in the §8 form the verifier reads.
    expect(JSON.parse(readFileSync(listed.path, 'utf8'))).toMatchObject({ format: 'natalia.trust-roots.v1', roots: [{ kid: vendor.roots[0]!.kid }] });

    const verified = run(['verify', MINIMAL, '--json']);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ verdict: 'trusted' });

    const removed = run(['trust', 'remove', vendor.roots[0]!.kid]);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain(`Removed vendor root ${vendor.roots[0]!.kid}`);
    expect(JSON.parse(run(['verify', MINIMAL, '--json']).stdout)).toMatchObject({ verdict: 'unverifiable' });
  });

  it('refuses what is not a trust store, a kid it does not hold, and a missing action, in one line (exit 2), leaving the store as it was', () => {
    const store = join(env.NATALIA_AUDIT_HOME, 'trust-roots.json');
    run(['trust', 'add', join(SAMPLES, 'minimal/trust-roots.json'), '--force']);
    const before = readFileSync(store, 'utf8');
    const bogus = join(home, 'not-roots.json');
    writeFileSync(bogus, '{"format":"something else"}');
    for (const [args, message] of [
      [['trust', 'add', bogus], /is not a trust store/],
      [['trust', 'add', join(home, 'missing.json')], /missing\.json/],
      [['trust', 'remove', 'ffffffffffffffff'], /holds no root ffffffffffffffff/],
      [['trust', 'remove', 'not-a-kid'], /needs a root's kid/],
      [['trust'], /trust needs an action: list, add or remove/],
      [['trust', 'list', '--force'], /--force goes with trust add/],
    ] as const) {
      const r = run([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    expect(readFileSync(store, 'utf8')).toBe(before);
  });

  it("refuses the samples' and the demo's test roots without --force, and adds a real vendor's root", () => {
    const fresh = { NATALIA_AUDIT_HOME: join(home, 'fresh') };
    const store = join(fresh.NATALIA_AUDIT_HOME, 'trust-roots.json');
    const rootsFile = (name: string, seed: string) => {
      const k = deriveKey(seed, KEY_LABELS.vendorRoot);
      const path = join(home, name);
      writeFileSync(path, JSON.stringify({ format: 'natalia.trust-roots.v1', roots: [{ kid: k.kid, public_key: k.publicKey, label: `${seed} root` }] }));
      return { path, kid: k.kid };
    };
    const demo = rootsFile('demo-roots.json', DEMO_SEED);
    const sample = JSON.parse(readFileSync(join(SAMPLES, 'full/trust-roots.json'), 'utf8')) as { roots: { kid: string }[] };
    for (const [file, kid, what] of [
      [join(SAMPLES, 'full/trust-roots.json'), sample.roots[0]!.kid, "the conformance samples' test vendor root"],
      [demo.path, demo.kid, "the demo's test vendor root"],
    ] as const) {
      const r = natalia(['trust', 'add', file], fresh);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`${file}: root ${kid} is ${what}`);
      expect(r.stderr).toContain('Nothing added (--force adds it anyway');
      expect(existsSync(store)).toBe(false);
    }
    const vendor = rootsFile('vendor-roots.json', 'a-real-vendor');
    const ok = natalia(['trust', 'add', vendor.path], fresh);
    expect(ok.code).toBe(0);
    expect(ok.stdout).not.toContain('Warning');
    expect(JSON.parse(readFileSync(store, 'utf8')).roots.map((r: { kid: string }) => r.kid)).toEqual([vendor.kid]);
  });
});
