// A small exported bag read back piece by piece, with the verifier's crypto
// primitives and independent readers: BagIt manifests, signatures, the two
// audit logs, the reveal register, certificates, license and dump agree.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../shared/engine/crypto/hash.js';
import { canonicalize } from '../../shared/engine/crypto/jcs.js';
import { importPublicKey, signedMessage, verifySignature, type VerifyingKey } from '../../shared/engine/crypto/ed25519.js';
import { verifySignedObject } from '../../shared/engine/crypto/signed-object.js';
import { AUDIT_FIELDS, type AuditEntry } from '../../shared/model/audit-entry.js';
import { exportBundle } from '../exporter/export-bundle.js';
import type { ExportResult } from '../exporter/options.js';
import { col, licenseOf, parisWallClock, parseCsv, parseDump, pgTimeToMs, readTree, tempDir, type ParsedDump } from './helpers.js';

const EXPORTED_AT = '2026-03-02T09:14:07.512Z';
let out: string;
let result: ExportResult;
let bag: string;
let files: Map<string, Buffer>;
let entries: AuditEntry[];
let auditKey: VerifyingKey;
let dump: ParsedDump;
const text = (rel: string) => files.get(rel)!.toString('utf8');
const key = (b64: string) => {
  const k = importPublicKey(b64);
  if ('error' in k) throw new Error(k.error);
  return k.key;
};

beforeAll(async () => {
  out = tempDir();
  result = await exportBundle({ outDir: out, seed: 'structure', entries: 300, erasures: 1, reveals: 40 });
  bag = result.bagDir!;
  files = readTree(bag);
  entries = text('data/audit/audit-log.jsonl')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  auditKey = key(result.auditKeys[0]!.publicKey);
  dump = parseDump(text('data/db/natalia.sql'));
});

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the bag (spec §1)', () => {
  it('is named after the installation and the export time, with the expected files', () => {
    expect(result.bagName).toBe(`natalia-evidence-${result.installationId}-20260302T091407Z`);
    expect(result.installationId).toMatch(/^NAT-[0-9A-F]{4}-[0-9A-F]{4}$/);
    expect([...files.keys()].sort()).toEqual(
      [
        'bag-info.txt',
        'bagit.txt',
        'bundle-signature.json',
        'data/audit/audit-log.csv',
        'data/audit/audit-log.jsonl',
        'data/audit/seal.json',
        'data/db/natalia.sql',
        `data/erasure/${JSON.parse(text([...files.keys()].find((f) => f.startsWith('data/erasure/'))!)).certificate_id}.json`,
        'data/license/natalia.lic',
        'data/reveal/reveal-log.csv',
        'manifest-sha256.txt',
        'tagmanifest-sha256.txt',
      ].sort(),
    );
  });

  it('writes bagit.txt and bag-info.txt with every label of §1.1, Payload-Oxum matching the payload', () => {
    expect(text('bagit.txt')).toBe('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
    const info = Object.fromEntries(
      text('bag-info.txt')
        .trimEnd()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
    );
    const payload = [...files.entries()].filter(([p]) => p.startsWith('data/'));
    expect(info).toEqual({
      'Source-Organization': 'Acme Contact SAS',
      'Bagging-Date': '2026-03-02',
      'Payload-Oxum': `${payload.reduce((a, [, b]) => a + b.length, 0)}.${payload.length}`,
      'External-Identifier': result.installationId,
      'Natalia-Export-Format': '1',
      'Natalia-Installation-Id': result.installationId,
      'Natalia-Appliance-Version': '4.12.3',
      'Natalia-Exported-At': EXPORTED_AT,
      'Natalia-Exported-By': 'auditor.acme',
      'Natalia-Contract-Mode': 'strict',
    });
  });

  it('lists every payload file with its hash, and the tag files in the tag manifest', () => {
    const manifest = text('manifest-sha256.txt').trimEnd().split('\n');
    const listed = new Map(manifest.map((l) => [l.slice(66), l.slice(0, 64)]));
    const payload = [...files.keys()].filter((p) => p.startsWith('data/'));
    expect([...listed.keys()].sort()).toEqual(payload.sort());
    for (const [p, h] of listed) expect(sha256Hex(files.get(p)!), p).toBe(h);
    expect(text('tagmanifest-sha256.txt')).toBe(
      ['bagit.txt', 'bag-info.txt', 'manifest-sha256.txt'].map((p) => `${sha256Hex(files.get(p)!)}  ${p}\n`).join(''),
    );
  });

  it('signs the tag manifest with the audit key in force', () => {
    const sig = JSON.parse(text('bundle-signature.json'));
    expect(Object.keys(sig)).toEqual(['format', 'installation_id', 'tagmanifest_sha256', 'signed_at', 'kid', 'sig']);
    expect(sig.tagmanifest_sha256).toBe(sha256Hex(files.get('tagmanifest-sha256.txt')!));
    expect(sig.signed_at).toBe(EXPORTED_AT);
    expect(sig.kid).toBe(auditKey.kid);
    expect(verifySignedObject('natalia.bundle.v1', sig, auditKey)).toBe(true);
    expect(verifySignedObject('natalia.bundle.v1', { ...sig, signed_at: '2026-03-02T09:14:07.513Z' }, auditKey)).toBe(false);
  });

  it('writes trust-roots.json next to the bag, never inside it', () => {
    expect(result.trustRootsPath).toBe(join(out, 'trust-roots.json'));
    expect([...files.keys()].some((p) => p.includes('trust'))).toBe(false);
    const trust = JSON.parse(readFileSync(result.trustRootsPath, 'utf8'));
    expect(trust.format).toBe('natalia.trust-roots.v1');
    expect(trust.roots).toEqual([{ kid: result.vendorRoot.kid, public_key: result.vendorRoot.publicKey, label: expect.any(String) }]);
  });
});

describe('the license (spec §6)', () => {
  it('is armoured at 64 columns and signed by the vendor root over its enc text', () => {
    const lic = text('data/license/natalia.lic');
    const lines = lic.trimEnd().split('\n');
    expect(lines[0]).toBe('-----BEGIN NATALIA LICENSE FILE-----');
    expect(lines[lines.length - 1]).toBe('-----END NATALIA LICENSE FILE-----');
    const body = lines.slice(1, -1);
    expect(body.slice(0, -1).every((l) => l.length === 64)).toBe(true);
    expect(body[body.length - 1]!.length).toBeLessThanOrEqual(64);
    const { envelope, payload } = licenseOf(lic);
    expect(Object.keys(envelope)).toEqual(['enc', 'sig', 'alg', 'kid']);
    expect(envelope.alg).toBe('base64+ed25519');
    expect(envelope.kid).toBe(result.vendorRoot.kid);
    expect(verifySignature(key(result.vendorRoot.publicKey), signedMessage('natalia.license.v1', envelope.enc!), envelope.sig!)).toBe(true);
    expect(Buffer.from(envelope.enc!, 'base64').toString('utf8')).toBe(canonicalize(payload));
    expect(payload).toMatchObject({
      format: 'natalia.license.v1',
      installation_id: result.installationId,
      customer: 'Acme Contact SAS',
      contract_mode: 'strict',
      tenants: ['acme'],
      grace_days: 14,
      audit_keys: [{ kid: auditKey.kid, public_key: result.auditKeys[0]!.publicKey, not_before: expect.any(String) }],
    });
    expect(payload.not_before <= entries[0]!.ts && payload.expires_at > EXPORTED_AT).toBe(true);
  });
});

describe('the audit log (spec §2)', () => {
  it('writes the CSV as RFC 4180 with CRLF and the spec header, the same entries as the JSON lines', () => {
    const csv = text('data/audit/audit-log.csv');
    expect(csv.startsWith(AUDIT_FIELDS.join(',') + '\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual([...AUDIT_FIELDS]);
    const fromCsv = rows.slice(1).map((r) => {
      const o: Record<string, unknown> = Object.fromEntries(AUDIT_FIELDS.map((f, i) => [f, r[i]]));
      o.seq = Number(o.seq);
      o.details = JSON.parse(o.details as string);
      expect(r[AUDIT_FIELDS.indexOf('details')]).toBe(canonicalize(o.details));
      return o;
    });
    expect(fromCsv).toEqual(entries);
    expect(entries.length).toBe(300);
    // The motives exercise quoting: commas, quotes, line breaks or a leading formula character.
    expect(entries.some((e) => /[,"\n]/.test(e.motive))).toBe(true);
    expect(csv).toContain('"{}"');
  });

  it('chains, hashes and signs every entry; timestamps increase and stay before the export', () => {
    let prev = '0'.repeat(64);
    entries.forEach((e, i) => {
      expect(Object.keys(e)).toEqual([...AUDIT_FIELDS]);
      expect(e.seq).toBe(i + 1);
      expect(e.prev_hash).toBe(prev);
      const { hash, kid, sig, ...core } = e;
      expect(sha256Hex(canonicalize(core))).toBe(hash);
      expect(kid).toBe(auditKey.kid);
      expect(verifySignature(auditKey, signedMessage('natalia.audit.v1', hash), sig)).toBe(true);
      if (i > 0) expect(e.ts > entries[i - 1]!.ts).toBe(true);
      expect(e.ts < EXPORTED_AT).toBe(true);
      prev = hash;
    });
  });

  it('tells a realistic story: users created, logins with failures, reveals by Admins with motives, an export last', () => {
    const actions = new Set(entries.map((e) => e.action));
    for (const a of ['config.change', 'license.install', 'user.create', 'auth.login', 'auth.logout', 'phone.reveal', 'erasure.request', 'erasure.execute', 'audit.export']) {
      expect(actions, a).toContain(a);
    }
    expect(entries.some((e) => e.action === 'auth.login' && e.outcome === 'failure' && e.details.reason === 'bad_password')).toBe(true);
    const reveals = entries.filter((e) => e.action === 'phone.reveal' && e.outcome === 'success');
    expect(reveals.length).toBe(40);
    // Refused attempts (clarification 2026-12-07): a Viewer denied three times, an Admin failing without a motive; details {}.
    const refused = entries.filter((e) => e.action === 'phone.reveal' && e.outcome !== 'success');
    expect(refused.map((e) => [e.role, e.outcome, e.motive === ''])).toEqual([
      ['Viewer', 'denied', false],
      ['Viewer', 'denied', false],
      ['Viewer', 'denied', false],
      ['Admin', 'failure', true],
    ]);
    for (const r of refused) expect(r.details).toEqual({});
    for (const r of reveals) {
      expect(r.role).toBe('Admin');
      expect(r.motive).not.toBe('');
      expect(Object.keys(r.details)).toEqual(['reveal_id', 'field', 'phone_pseudonym', 'last4', 'alert_sent_to', 'extension_id']);
      expect(r.details.alert_sent_to).not.toContain(r.actor);
    }
    const last = entries[entries.length - 1]!;
    expect(last).toMatchObject({ action: 'audit.export', role: 'Auditor', details: { format: 'bundle', first_seq: 1, last_seq: 300 } });
  });

  it('seals the tail with the key in force', () => {
    const seal = JSON.parse(text('data/audit/seal.json'));
    const last = entries[entries.length - 1]!;
    expect(seal).toEqual({
      format: 'natalia.audit-seal.v1',
      installation_id: result.installationId,
      first_seq: 1,
      last_seq: last.seq,
      last_hash: last.hash,
      entry_count: 300,
      exported_at: EXPORTED_AT,
      kid: auditKey.kid,
      sig: expect.any(String),
    });
    expect(verifySignedObject('natalia.seal.v1', seal, auditKey)).toBe(true);
  });
});

describe('the reveal register (spec §3)', () => {
  it('has exactly one row per successful phone.reveal entry, equal to it (a refused attempt has none)', () => {
    const rows = parseCsv(text('data/reveal/reveal-log.csv'));
    expect(rows[0]).toEqual([
      'reveal_id', 'ts', 'tenant', 'actor', 'role', 'cdr_id', 'extension_id', 'field', 'phone_pseudonym', 'last4', 'motive', 'alert_sent_to', 'audit_seq', 'audit_hash',
    ]);
    const reveals = entries.filter((e) => e.action === 'phone.reveal' && e.outcome === 'success');
    expect(reveals.length).toBeLessThan(entries.filter((e) => e.action === 'phone.reveal').length);
    expect(rows.length - 1).toBe(reveals.length);
    rows.slice(1).forEach((r, i) => {
      const e = reveals[i]!;
      const d = e.details as Record<string, unknown>;
      expect(r).toEqual([
        d.reveal_id, e.ts, e.tenant, e.actor, e.role, e.target.slice(4), String(d.extension_id), d.field, d.phone_pseudonym, d.last4, e.motive,
        (d.alert_sent_to as string[]).join(';'), String(e.seq), e.hash,
      ]);
    });
  });
});

describe('erasure certificates (spec §4)', () => {
  it('are signed and agree with their audit entries and the dump', () => {
    const rel = [...files.keys()].find((p) => p.startsWith('data/erasure/'))!;
    const cert = JSON.parse(text(rel));
    expect(rel).toBe(`data/erasure/${cert.certificate_id}.json`);
    expect(cert.certificate_id).toMatch(/^ERC-\d{4}-\d{6}$/);
    expect(verifySignedObject('natalia.erasure.v1', cert, auditKey)).toBe(true);
    const req = entries.find((e) => e.seq === cert.request.audit_seq)!;
    const exe = entries.find((e) => e.seq === cert.execution.audit_seq)!;
    expect(req).toMatchObject({ action: 'erasure.request', target: `ext:${cert.subject.ext_pseudonym}` });
    expect(req.details).toEqual({
      request_ref: cert.request.reference,
      received_at: cert.request.received_at,
      requested_by: cert.request.requested_by,
      channel: cert.request.channel,
    });
    expect(exe).toMatchObject({ action: 'erasure.execute', actor: cert.execution.executed_by, motive: cert.execution.motive, hash: cert.execution.audit_hash, ts: cert.execution.executed_at });
    expect(exe.details).toEqual({
      certificate_id: cert.certificate_id,
      request_seq: req.seq,
      extension_id: cert.subject.extension_id,
      cdr_deleted: cert.execution.deleted.cdr,
      reveals_deleted: cert.execution.deleted.reveals,
    });
    expect(Date.parse(cert.execution.executed_at) - Date.parse(cert.request.received_at)).toBeLessThan(28 * 86_400_000);
    // The dump: the erasures row stays, the extension and its calls are gone.
    const e = col(dump, 'erasures', 'certificate_id');
    const row = dump.rows.erasures!.find((r) => e(r) === cert.certificate_id)!;
    expect(row).toEqual([
      cert.certificate_id, 'acme', String(cert.subject.extension_id), cert.subject.ext_pseudonym, expect.any(String), expect.any(String),
      String(cert.execution.deleted.cdr), String(exe.seq),
    ]);
    expect(pgTimeToMs(row[4]!)).toBe(Date.parse(cert.request.received_at));
    expect(pgTimeToMs(row[5]!)).toBe(Date.parse(cert.execution.executed_at));
    const extId = String(cert.subject.extension_id);
    expect(dump.rows.extensions!.some((r) => r[0] === extId)).toBe(false);
    expect(dump.rows.cdr!.some((r) => col(dump, 'cdr', 'extension_id')(r) === extId)).toBe(false);
    expect(dump.rows.reveals!.some((r) => col(dump, 'reveals', 'extension_id')(r) === extId)).toBe(false);
    expect(cert.execution.deleted.cdr).toBeGreaterThan(0);
  });
});

describe('the database dump (spec §5)', () => {
  it('holds the seven tables in pg_dump order with the spec columns', () => {
    expect(dump.order).toEqual(['cdr', 'erasures', 'extensions', 'license_state', 'reveals', 'tenants', 'users']);
    expect(dump.columns.reveals).toEqual(['id', 'tenant_id', 'cdr_id', 'extension_id', 'actor', 'revealed_at', 'field', 'phone_pseudonym', 'motive', 'audit_seq']);
    expect(dump.rows.tenants).toEqual([['acme', 'Acme Contact SAS', '13', expect.any(String)]]);
    expect(dump.rows.cdr!.length).toBe(result.stats.cdrRows);
    expect(result.stats.cdrRows).toBeGreaterThan(500);
    const sql = text('data/db/natalia.sql');
    expect(sql).toMatch(/^--\n-- PostgreSQL database dump\n--\n\n\\restrict [A-Za-z0-9]{63}\n/);
  });

  it('keeps rows consistent: calls of existing extensions, reveals of existing calls, users as in the log', () => {
    const exts = new Set(dump.rows.extensions!.map((r) => r[0]));
    const cdrIds = new Set(dump.rows.cdr!.map((r) => r[0]));
    for (const r of dump.rows.cdr!) {
      expect(exts.has(r[2]!)).toBe(true);
      expect(['in', 'out', 'internal']).toContain(r[5]);
      expect(pgTimeToMs(r[3]!)).toBeLessThan(Date.parse(EXPORTED_AT));
    }
    const byId = new Map(entries.filter((e) => e.action === 'phone.reveal').map((e) => [e.details.reveal_id, e]));
    for (const r of dump.rows.reveals!) {
      expect(cdrIds.has(r[2]!)).toBe(true);
      const e = byId.get(r[0]!)!;
      expect([r[1], r[4], r[7], r[8], r[9]]).toEqual([e.tenant, e.actor, e.details.phone_pseudonym, e.motive, String(e.seq)]);
      expect(pgTimeToMs(r[5]!)).toBe(Date.parse(e.ts));
    }
    const created = entries.filter((e) => e.action === 'user.create').map((e) => e.details.username);
    expect(dump.rows.users!.map((r) => r[2]).filter((u) => u !== 'integrator.nat')).toEqual(created);
    const [ls] = dump.rows.license_state!;
    const { payload } = licenseOf(text('data/license/natalia.lic'));
    expect(ls![1]).toBe(payload.license_id);
    expect(pgTimeToMs(ls![3]!)).toBe(Date.parse(entries[entries.length - 1]!.ts));
  });

  it('writes timestamps in Europe/Paris local time with their offset (checked against ICU)', () => {
    for (const r of dump.rows.cdr!) {
      const ms = pgTimeToMs(r[3]!);
      expect(r[3]!.slice(0, 19)).toBe(parisWallClock(ms));
    }
  });
});

describe('the sidecar', () => {
  it('records the options next to the bag so tampering can regenerate it', () => {
    expect(existsSync(`${bag}.exporter.json`)).toBe(true);
    expect(JSON.parse(readFileSync(`${bag}.exporter.json`, 'utf8'))).toMatchObject({ seed: 'structure', entries: 300 });
  });
});
