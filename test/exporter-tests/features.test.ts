// The optional parts of an appliance's history: audit retention purge (the
// log starts after seq 1, vouched for), key rotation, license renewal with
// history, NTP clock step, CDR retention per tenant, several erasures, and a
// license lockout. Each is checked against the rules of the spec it must obey.
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPublicKey, signedMessage, verifySignature } from '../../shared/engine/crypto/ed25519.js';
import type { AuditEntry } from '../../shared/model/audit-entry.js';
import { exportBundle } from '../exporter/export-bundle.js';
import { addMonths } from '../exporter/time.js';
import { col, licenseOf, parseCsv, parseDump, pgTimeToMs, tempDir, type ParsedDump } from './helpers.js';

const EXPORT_MS = Date.parse('2026-03-02T09:14:07.512Z');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function readEntries(bag: string): AuditEntry[] {
  return readFileSync(join(bag, 'data/audit/audit-log.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

describe('a long history: retention, rotation, renewal, clock step, two tenants', () => {
  let bag: string;
  let entries: AuditEntry[];
  let dump: ParsedDump;
  let keys: { kid: string; publicKey: string }[];
  beforeAll(async () => {
    const out = tempDir();
    dirs.push(out);
    const r = await exportBundle({
      outDir: out,
      seed: 'features',
      entries: 1500,
      cdrs: 6000,
      dump: 'column-inserts',
      retentionPurge: true,
      keyRotation: true,
      licenseHistory: true,
      clockAnomaly: true,
      erasures: 2,
      tenants: [
        { id: 'acme', name: 'Acme Contact SAS', retentionMonths: 13 },
        { id: 'globex', name: 'Globex Relation Client', retentionMonths: 6 },
      ],
    });
    bag = r.bagDir;
    keys = r.auditKeys;
    entries = readEntries(bag);
    dump = parseDump(readFileSync(join(bag, 'data/db/natalia.sql'), 'utf8'));
  });

  it('starts after seq 1, vouched for by a retention.purge of kind audit (spec §2.4)', () => {
    const first = entries[0]!;
    expect(first.seq).toBeGreaterThan(1);
    expect(entries).toHaveLength(1500);
    const purge = entries.find((e) => e.action === 'retention.purge' && e.details.kind === 'audit')!;
    expect(purge.details).toMatchObject({ purged_through_seq: first.seq - 1, purged_through_hash: first.prev_hash, purged_count: first.seq - 1 });
    expect(first.ts >= (purge.details.older_than as string)).toBe(true);
    const seal = JSON.parse(readFileSync(join(bag, 'data/audit/seal.json'), 'utf8'));
    expect(seal).toMatchObject({ first_seq: first.seq, entry_count: 1500, last_seq: first.seq + 1499 });
    // The register follows the audit log's retention: no row for purged entries.
    const rows = parseCsv(readFileSync(join(bag, 'data/reveal/reveal-log.csv'), 'utf8')).slice(1);
    expect(rows.every((r) => Number(r[12]) >= first.seq)).toBe(true);
  });

  it('rotates the audit key: the rotate entry is signed by the outgoing key, everything after by the new one (spec §2.3)', () => {
    const i = entries.findIndex((e) => e.action === 'key.rotate');
    const rotate = entries[i]!;
    const [k1, k2] = keys;
    expect(rotate.details).toEqual({ new_kid: k2!.kid, new_public_key: k2!.publicKey, reason: 'scheduled' });
    expect(rotate.target).toBe(`key:${k2!.kid}`);
    expect(entries.slice(0, i + 1).every((e) => e.kid === k1!.kid)).toBe(true);
    expect(entries.slice(i + 1).every((e) => e.kid === k2!.kid)).toBe(true);
    const pk = importPublicKey(k2!.publicKey);
    if ('error' in pk) throw new Error(pk.error);
    const after = entries[i + 1]!;
    expect(verifySignature(pk.key, signedMessage('natalia.audit.v1', after.hash), after.sig)).toBe(true);
    // The licenses: the earlier one (history) grants the old key, the current one the new key.
    const history = readdirSync(join(bag, 'data/license/history'));
    expect(history).toHaveLength(1);
    const old = licenseOf(readFileSync(join(bag, 'data/license/history', history[0]!), 'utf8')).payload;
    const cur = licenseOf(readFileSync(join(bag, 'data/license/natalia.lic'), 'utf8')).payload;
    expect(history[0]).toBe(`${old.license_id}.lic`);
    expect(old.audit_keys.map((k: { kid: string }) => k.kid)).toEqual([k1!.kid]);
    expect(cur.audit_keys).toEqual([{ kid: k2!.kid, public_key: k2!.publicKey, not_before: expect.any(String) }]);
    expect(cur.audit_keys[0].not_before > rotate.ts).toBe(true);
    const install = entries.find((e) => e.action === 'license.install' && e.details.license_id === cur.license_id)!;
    expect(install.ts >= cur.issued_at).toBe(true);
    // Renewal before expiry, after daily warnings from 30 days before it.
    const warnings = entries.filter((e) => e.action === 'license.warning');
    expect(warnings.length).toBeGreaterThan(5);
    expect(warnings.every((w) => w.details.expires_at === old.expires_at && w.ts < install.ts)).toBe(true);
  });

  it('records the clock step right after the first entry whose time went back (spec §2.6)', () => {
    const back = entries.map((e, i) => (i > 0 && e.ts < entries[i - 1]!.ts ? i : -1)).filter((i) => i >= 0);
    expect(back).toHaveLength(1);
    const i = back[0]!;
    const anomaly = entries[i + 1]!;
    expect(anomaly.action).toBe('clock.anomaly');
    expect(anomaly.details).toEqual({
      observed: entries[i]!.ts,
      high_water: entries[i - 1]!.ts,
      delta_ms: Date.parse(entries[i - 1]!.ts) - Date.parse(entries[i]!.ts),
    });
    for (let k = 1; k < entries.length; k++) if (k !== i) expect(entries[k]!.ts > entries[k - 1]!.ts).toBe(true);
  });

  it("keeps no call older than each tenant's retention (one nightly purge of slack at most), and logs the purges (spec §5)", () => {
    const retention = new Map(dump.rows.tenants!.map((r) => [r[0], Number(r[2])]));
    expect(retention).toEqual(new Map([['acme', 13], ['globex', 6]]));
    const tenant = col(dump, 'cdr', 'tenant_id');
    const started = col(dump, 'cdr', 'started_at');
    for (const [t, months] of retention) {
      const rows = dump.rows.cdr!.filter((r) => tenant(r) === t);
      expect(rows.length).toBeGreaterThan(100);
      const oldest = Math.min(...rows.map((r) => pgTimeToMs(started(r)!)));
      expect(oldest).toBeGreaterThanOrEqual(addMonths(EXPORT_MS, -months) - 86_400_000);
    }
    const purges = entries.filter((e) => e.action === 'retention.purge' && e.details.kind === 'cdr');
    expect(purges.some((p) => p.tenant === 'globex')).toBe(true);
    for (const p of purges) expect(p.ts.slice(11)).toMatch(/^02:00:00\.\d{3}Z$/);
    // Reveal rows of purged calls leave the dump with them.
    const cdrIds = new Set(dump.rows.cdr!.map((r) => r[0]));
    expect(dump.rows.reveals!.every((r) => cdrIds.has(r[2]!))).toBe(true);
  });

  it('executes each erasure within a month of the request and removes the extension from the dump only', () => {
    const certs = readdirSync(join(bag, 'data/erasure')).map((f) => JSON.parse(readFileSync(join(bag, 'data/erasure', f), 'utf8')));
    expect(certs).toHaveLength(2);
    const register = parseCsv(readFileSync(join(bag, 'data/reveal/reveal-log.csv'), 'utf8')).slice(1);
    for (const c of certs) {
      expect(Date.parse(c.execution.executed_at)).toBeLessThan(addMonths(Date.parse(c.request.received_at), 1));
      const ext = String(c.subject.extension_id);
      expect(dump.rows.extensions!.some((r) => r[0] === ext)).toBe(false);
      expect(dump.rows.cdr!.some((r) => r[2] === ext)).toBe(false);
      expect(dump.rows.erasures!.some((r) => r[0] === c.certificate_id && r[6] === String(c.execution.deleted.cdr))).toBe(true);
      // Earlier reveals of the erased extension stay in the register.
      const revealedBefore = entries.filter((e) => e.action === 'phone.reveal' && e.details.extension_id === c.subject.extension_id);
      expect(register.filter((r) => r[6] === ext)).toHaveLength(revealedBefore.length);
    }
  });
});

describe('a license lockout (spec §2.2, §2.6, §6)', () => {
  it('warns, enters grace, locks, serves only authentication and system events until a new license is installed', async () => {
    const out = tempDir();
    dirs.push(out);
    const r = await exportBundle({ outDir: out, seed: 'lockout', entries: 900, licenseLockout: true, form: 'directory' });
    const entries = readEntries(r.bagDir);
    const grace = entries.find((e) => e.action === 'license.grace')!;
    const lockIdx = entries.findIndex((e) => e.action === 'license.lockout');
    const lock = entries[lockIdx]!;
    expect(grace.details.grace_until).toBe(new Date(Date.parse(grace.details.expires_at as string) + 14 * 86_400_000).toISOString());
    expect(lock.details.expires_at).toBe(grace.details.expires_at);
    const installIdx = entries.findIndex((e, i) => i > lockIdx && e.action === 'license.install');
    expect(installIdx).toBeGreaterThan(lockIdx + 3);
    for (const e of entries.slice(lockIdx + 1, installIdx)) {
      expect(e.action.startsWith('auth.') || e.role === 'system', `${e.seq} ${e.action}`).toBe(true);
    }
    expect(readdirSync(join(r.bagDir, 'data/license/history'))).toHaveLength(1);
    const cur = licenseOf(readFileSync(join(r.bagDir, 'data/license/natalia.lic'), 'utf8')).payload;
    expect(entries[installIdx]!.details.license_id).toBe(cur.license_id);
  });
});
