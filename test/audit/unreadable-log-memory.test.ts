// A log of millions of unreadable records (blank lines, say) is judged as it
// is read, in batches, like readable entries: it never piles up in memory
// until the end of the file. Held all at once, 2,000,000 of them take over
// 100 MB; judged in batches, what the verification holds stays a few chunks.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { AUDIT_FIELDS } from '../../shared/model/audit-entry.js';
import { heldMemory } from '../support/held-memory.js';

const dir = mkdtempSync(join(tmpdir(), 'natalia-unreadable-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('holds a bounded amount of memory while it verifies 2,000,000 unreadable records', () => {
  writeFileSync(join(dir, 'audit-log.csv'), `${AUDIT_FIELDS.join(',')}\r\n` + '\r\n'.repeat(2_000_000));
  const r = heldMemory(['audit', dir, 'audit-log.csv']);
  expect(r.checks.find((c) => c.id === 'audit.chain')!.summary).toContain('2000000 unreadable records');
  expect(r.heldMb).toBeLessThan(40);
});
