// A workstation key that other accounts can read stops the commands that use
// it with one line and exit 2, before anything is signed or shown.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KEY_FILE, loadOrCreateWorkstationKey } from '../../shared/engine/reports/signing/workstation-key.js';
import { natalia } from './cli-harness.js';

const home = mkdtempSync(join(tmpdir(), 'natalia-key-perm-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('a workstation key others can read', () => {
  it('is refused by verify-report --show-key in one line (exit 2), and accepted once restricted', () => {
    const key = loadOrCreateWorkstationKey(home);
    const path = join(home, KEY_FILE);
    chmodSync(path, 0o644);
    const r = natalia(['verify-report', '--show-key'], { NATALIA_AUDIT_HOME: home });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${path}: other users can read the workstation key (mode 0644); restrict it with \`chmod 600 ${path}\``);
    expect(r.stdout).not.toContain(key.publicKey);
    chmodSync(path, 0o600);
    const ok = natalia(['verify-report', '--show-key'], { NATALIA_AUDIT_HOME: home });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(key.kid);
  }, 120_000);
});
