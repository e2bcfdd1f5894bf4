// A log of millions of unreadable records (blank lines, say) is judged as it
// is read, in batches, like readable entries: it never piles up in memory
// until the end of the file. Held all at once, 2,000,000 of them take over
// 100 MB; judged in batches, what the verification holds stays a few chunks.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { AUDIT_FIELDS } from '../../shared/model/audit-entry.js';

const dir = mkdtempSync(join(tmpdir(), 'natalia-unreadable-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('holds a bounded amount of memory while it verifies 2,000,000 unreadable records', () => {
  writeFileSync(join(dir, 'audit-log.csv'), `${AUDIT_FIELDS.join(',')}\r\n` + '\r\n'.repeat(2_000_000));
  const child = join(import.meta.dirname, 'support', 'unreadable-log-child.ts');
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', child, dir, 'audit-log.csv'], { encoding: 'utf8', timeout: 180_000 });
  expect(r.status, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout) as { summary: string; heldMb: number };
  expect(out.summary).toContain('2000000 unreadable records');
  expect(out.heldMb).toBeLessThan(40);
});
