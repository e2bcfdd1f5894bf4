// A check with only low notices reads "passed, with notices", never FAILED
// (issue 12): the real verifier on a copy of the minimal sample whose reveal
// register starts with a byte order mark (one low reveal.malformed_row), then
// the CLI's text form of that verdict.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../shared/engine/verify/verify-bundle.js';
import { formatVerdict } from '../../shared/cli/format-verdict.js';
import { copyMinimal, MINIMAL_TRUST, scratch } from '../crosscheck/pipeline.js';

let tmp: { dir: string; cleanup(): void };
let bag: string;
beforeEach(() => {
  tmp = scratch('natalia-notices-');
  bag = copyMinimal(tmp.dir);
});
afterEach(() => tmp.cleanup());

describe('passed, with notices', () => {
  it('a register with a byte order mark: reveal.register passed with 1 notice, in JSON and in the CLI text', async () => {
    const p = join(bag, 'data/reveal/reveal-log.csv');
    writeFileSync(p, '\ufeff' + readFileSync(p, 'utf8'));
    const r = await verifyBundle(bag, { trustPath: MINIMAL_TRUST });
    const notice = r.findings.filter((f) => f.code === 'reveal.malformed_row');
    expect(notice.map((f) => f.severity)).toEqual(['low']);
    const check = r.checks.find((c) => c.id === 'reveal.register')!;
    expect(check).toMatchObject({ status: 'passed', notices: 1, findings: 1 });
    const text = formatVerdict(r);
    expect(text).toMatch(/\n {2}passed, with notices {2}reveal\.register +13 register row\(s\) matched .* With 1 notice \(low/);
    expect(text).not.toMatch(/FAILED +reveal\.register/);
    // The only other findings are the manifest's (the file and Payload-Oxum: it was edited after export).
    expect(new Set(r.findings.filter((f) => f.severity !== 'info' && f.severity !== 'low').map((f) => f.code))).toEqual(new Set(['bundle.manifest_mismatch']));
  });
});
