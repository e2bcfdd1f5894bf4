// The verifier's re-audit hook (audit/already-verified.ts), on the minimal
// sample: an entry an earlier verification found authentic, with the same
// hash, signature and key, is matched instead of verified again; an entry
// whose content, signature or key differs is verified (and its fault found)
// as in any verification. The earlier verification here is a real run of the
// verifier over the same sample, whose entries the test keeps.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/model/audit-entry.js';
import { verifyAuditLog, type AuditInput } from '../../shared/engine/audit/verify-audit-log.js';
import type { AlreadyVerified } from '../../shared/engine/audit/already-verified.js';
import { cleanup, copyMinimal, CSV, EXPORTED_AT, grantsFromBag, JSONL, SAMPLES, SEAL } from './helpers.js';

const TRUST = join(SAMPLES, 'minimal/trust-roots.json');
let bag = '';
let dir = '';
beforeEach(() => ({ bag, dir } = copyMinimal()));
afterEach(() => cleanup(dir));

const input = (extra: Partial<AuditInput> = {}): AuditInput => ({
  bagRoot: bag,
  csv: CSV,
  jsonl: JSONL,
  seal: SEAL,
  grants: grantsFromBag(bag, TRUST),
  installationId: 'NAT-EC94-0782',
  exportedAt: EXPORTED_AT,
  mode: 'full',
  ...extra,
});

/** What an earlier verification vouches for: each authentic entry's hash, signature, key id and key. */
type Earlier = AlreadyVerified & { asked: number };
async function earlierVerification(): Promise<Earlier> {
  const seen = new Map<number, { hash: string; sig: string; kid: string }>();
  const out = await verifyAuditLog(input({ onEntry: (e) => seen.set(e.seq, { hash: e.hash, sig: e.sig, kid: e.kid }) }));
  expect(out.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  const keys = new Map(grantsFromBag(bag, TRUST).map((g) => [g.key.kid, Buffer.from(g.key.raw)]));
  const earlier: Earlier = {
    label: 'the earlier run',
    asked: 0,
    matches(e: AuditEntry, key) {
      this.asked++;
      const s = seen.get(e.seq);
      return s !== undefined && s.hash === e.hash && s.sig === e.sig && s.kid === e.kid && keys.get(e.kid)?.equals(Buffer.from(key.raw)) === true;
    },
  };
  return earlier;
}

function editCsvCell(seq: number, from: string, to: string) {
  const p = join(bag, CSV);
  const rows = readFileSync(p, 'utf8').split('\r\n');
  expect(rows[seq]).toContain(from);
  rows[seq] = rows[seq]!.replace(from, to);
  writeFileSync(p, rows.join('\r\n'));
  const q = join(bag, JSONL);
  const lines = readFileSync(q, 'utf8').split('\n');
  lines[seq - 1] = lines[seq - 1]!.replace(from, to);
  writeFileSync(q, lines.join('\n'));
}

describe('entries already verified in the case', () => {
  it('are matched, not verified again, and the signatures check says so and on what', async () => {
    const earlier = await earlierVerification();
    const fresh = await verifyAuditLog(input());
    const again = await verifyAuditLog(input({ alreadyVerified: earlier }));
    expect(fresh.stats.signatures_verified).toBe(130);
    expect(fresh.stats.signatures_matched).toBe(0);
    // key.rotate and audit purge entries are verified where they are read (the chain's keys depend on them): never matched.
    const special = 130 - again.stats.signatures_matched;
    expect(again.stats.signatures_verified).toBe(special);
    expect(special).toBeLessThan(5);
    expect(again.findings).toEqual(fresh.findings);
    const sigCheck = again.checks.find((c) => c.id === 'audit.signatures')!;
    expect(sigCheck.status).toBe('passed');
    expect(sigCheck.summary).toMatch(new RegExp(`${again.stats.signatures_matched} entries were matched to the earlier run \\(the same hash, signature and key\\) and not verified again\\.`));
  });

  it('an entry whose signature differs from the earlier one is verified, and a bad signature found', async () => {
    const earlier = await earlierVerification();
    const sig = JSON.parse(readFileSync(join(bag, JSONL), 'utf8').split('\n')[39]!).sig as string;
    const forged = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
    editCsvCell(40, sig, forged);
    const again = await verifyAuditLog(input({ alreadyVerified: earlier }));
    expect(again.findings.filter((f) => f.severity !== 'info').map((f) => [f.code, f.seq])).toEqual([['audit.signature_invalid', 40]]);
    expect(again.stats.signatures_matched).toBe(130 - again.stats.signatures_verified - 1);
  });

  it('an entry whose content was edited is never matched: its hash does not recompute', async () => {
    const earlier = await earlierVerification();
    const line = readFileSync(join(bag, JSONL), 'utf8').split('\n')[59]!;
    const actor = (JSON.parse(line) as AuditEntry).actor;
    // The JSON lines export read alone, its entry at seq 60 edited and its stored hash left in place.
    const q = join(bag, JSONL);
    const lines = readFileSync(q, 'utf8').split('\n');
    lines[59] = lines[59]!.replace(`"actor":"${actor}"`, `"actor":"${actor}x"`);
    expect(lines[59]).not.toBe(line);
    writeFileSync(q, lines.join('\n'));
    earlier.asked = 0;
    const again = await verifyAuditLog(input({ alreadyVerified: earlier, csv: undefined }));
    expect(again.findings.filter((f) => f.severity !== 'info').map((f) => [f.code, f.seq])).toEqual([['audit.hash_mismatch', 60]]);
    // Asked only for entries whose hash recomputed and whose key is allowed.
    expect(earlier.asked).toBe(again.stats.signatures_matched);
  });
});
