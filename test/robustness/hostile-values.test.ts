// Hostile values inside a bundle: a value that is too long or nested too
// deep gives findings, never a crash, an out-of-memory or a 100 MB answer.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalize, CanonicalizationError, MAX_JSON_DEPTH } from '../../shared/engine/crypto/jcs.js';
import { echoed } from '../../shared/model/echo.js';
import { cleanup, copyMinimal, MINIMAL_DIR, scratch } from '../bundle/helpers.js';
import { natalia } from '../cli/cli-harness.js';

const TRUST = join(MINIMAL_DIR, 'trust-roots.json');
const dirs: string[] = [];
afterEach(() => cleanup(...dirs.splice(0)));

function bag(): string {
  const d = scratch();
  dirs.push(d);
  return copyMinimal(d);
}

function edit(path: string, from: string, to: string): void {
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

interface Verdict {
  verdict: string;
  findings: { code: string; file?: string; line?: number; seq?: number; message: string }[];
}

describe('values echoed from a bundle are bounded', () => {
  it('echoed() keeps short values and cuts long ones to a prefix and their length', () => {
    expect(echoed('NAT-7Q2K-94XD')).toBe('NAT-7Q2K-94XD');
    const long = 'A'.repeat(10_000);
    expect(echoed(long)).toBe(`${'A'.repeat(120)}… (10000 characters)`);
    expect(echoed('a' + '😀'.repeat(100))).toBe(`a${'😀'.repeat(59)}… (201 characters)`); // no half surrogate
  });

  it('a 30 MB bag-info value: bag-info.txt is refused by size, the verdict is problems, the JSON stays small', () => {
    const b = bag();
    edit(join(b, 'bag-info.txt'), 'Natalia-Installation-Id: ', `Natalia-Installation-Id: ${'7'.repeat(30 * 1024 * 1024)}`);
    const r = natalia(['verify', b, '--trust', TRUST, '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout.length).toBeLessThan(200_000);
    const v = JSON.parse(r.stdout) as Verdict;
    expect(v.verdict).not.toBe('trusted');
    expect(v.findings.some((f) => f.file === 'bag-info.txt' && /more than the 65536 bytes/.test(f.message))).toBe(true);
  }, 60_000);

  it('a 20,000-character value in a small bag-info.txt: a located problem, echoed as a prefix with its length', () => {
    const b = bag();
    edit(join(b, 'bag-info.txt'), 'Natalia-Installation-Id: ', `Natalia-Installation-Id: ${'7'.repeat(20_000)}`);
    const r = natalia(['verify', b, '--trust', TRUST, '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout.length).toBeLessThan(100_000);
    expect(r.stdout).not.toContain('7'.repeat(200));
    const v = JSON.parse(r.stdout) as Verdict;
    const f = v.findings.find((x) => x.file === 'bag-info.txt' && /20\d{3} characters long/.test(x.message));
    expect(f?.line).toBeGreaterThan(0);
  }, 60_000);
});

describe('details nested deeper than the bound', () => {
  it('canonicalize refuses nesting past MAX_JSON_DEPTH with its own error, not a stack overflow', () => {
    const deep = JSON.parse('['.repeat(10_000) + ']'.repeat(10_000)) as unknown;
    expect(() => canonicalize(deep)).toThrow(CanonicalizationError);
    const ok = JSON.parse('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH)) as unknown;
    expect(canonicalize(ok)).toHaveLength(2 * MAX_JSON_DEPTH);
  });

  it('5,000 nested arrays in one entry of both exports: a located audit.malformed_entry in each, a verdict, no crash', () => {
    const b = bag();
    const depth = 5000;
    const csvDeep = `{""deep"":${'['.repeat(depth)}${']'.repeat(depth)},""expires_at""`;
    edit(join(b, 'data/audit/audit-log.csv'), '{""expires_at""', csvDeep);
    edit(join(b, 'data/audit/audit-log.jsonl'), '"details":{"license_id"', `"details":{"deep":${'['.repeat(depth)}${']'.repeat(depth)},"license_id"`);
    const r = natalia(['verify', b, '--trust', TRUST, '--json']);
    expect(r.stderr).not.toMatch(/RangeError|call stack/);
    expect(r.code).toBe(1);
    const v = JSON.parse(r.stdout) as Verdict;
    const malformed = v.findings.filter((f) => f.code === 'audit.malformed_entry' && /more than 128 levels deep/.test(f.message));
    expect(malformed.map((f) => [f.file, f.line, f.seq]).sort()).toEqual([
      ['data/audit/audit-log.csv', 3, 2],
      ['data/audit/audit-log.jsonl', 2, 2],
    ]);
  }, 60_000);
});
