// verify-report --show-key with a broken workstation key file: one line, exit 2, never a stack trace.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { natalia } from '../cli/cli-harness.js';

const home = mkdtempSync(join(tmpdir(), 'natalia-key-home-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('a broken workstation key file', () => {
  it.each([
    ['not JSON', 'not json', 0o600],
    ['readable by others', '{}', 0o644],
    ['a key that is no key', '{"format":"natalia-audit.workstation-key.v1","kid":"x","public_key":"AAAA","private_key_pkcs8":"AAAA","created_at":"x"}', 0o600],
  ])('%s: one line, exit 2', (_what, content, mode) => {
    const path = join(home, 'workstation-key.json');
    writeFileSync(path, content);
    chmodSync(path, mode);
    const r = natalia(['verify-report', '--show-key'], { NATALIA_AUDIT_HOME: home });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).toMatch(/^natalia-audit verify-report: .*workstation-key\.json/);
  }, 30_000);
});
