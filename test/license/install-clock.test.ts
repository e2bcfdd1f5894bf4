// license.clock_tampering, audit side (spec §6): "A `license.install` entry
// whose `ts` is earlier than the license's `issued_at` ... means the appliance
// clock was wrong" — whatever the entry's outcome. A failed install attempt
// dated before the license was issued needs the license file as much as a
// successful one, so it shows the clock was wrong just as well.
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInstallClock, collectLicenseInstalls, type LicenseInstall } from '../../shared/engine/license/install-clock.js';
import type { TrustedLicense } from '../../shared/engine/license/verify-licenses.js';
import { sha256Hex } from '../../shared/engine/crypto/hash.js';
import { canonicalize } from '../../shared/engine/crypto/jcs.js';
import { verifyBundle } from '../../shared/engine/verify/verify-bundle.js';
import type { AuditEntry } from '../../shared/model/audit-entry.js';
import type { Finding } from '../../shared/model/findings.js';
import { writeTagFiles } from '../exporter/bag.js';
import { jsonlEntries, locateEntry, rewriteAuditCsv, rewriteAuditJsonl } from '../exporter/bag-edit.js';
import { exportBundle } from '../exporter/export-bundle.js';
import { deriveKey, KEY_LABELS } from '../exporter/keys.js';
import type { ExpectedFinding } from '../exporter/options.js';
import { prettyJson, signObject } from '../exporter/signed-files.js';
import { tempDir } from '../audit/helpers.js';

const AUDIT_CSV = 'data/audit/audit-log.csv';
const AUDIT_JSONL = 'data/audit/audit-log.jsonl';
const SEAL = 'data/audit/seal.json';

function entry(over: Partial<AuditEntry>): AuditEntry {
  return {
    seq: 2,
    ts: '2026-02-16T00:01:00.000Z',
    tenant: '',
    actor: 'integrator.nat',
    role: 'Integrator',
    action: 'license.install',
    target: 'license:LIC-2026-0063',
    outcome: 'success',
    motive: '',
    source_ip: '',
    user_agent: '',
    request_id: '',
    details: { license_id: 'LIC-2026-0063', expires_at: '2026-12-27T09:14:07.512Z', vendor_kid: '3de8b7b93e664e21' },
    prev_hash: '0'.repeat(64),
    hash: '1'.repeat(64),
    kid: '953ec542ed380ab0',
    sig: '',
    ...over,
  };
}

const LICENSE = { file: 'data/license/natalia.lic', payload: { license_id: 'LIC-2026-0063', issued_at: '2026-02-17T00:00:00.000Z' } } as unknown as TrustedLicense;

const place = (f: Finding) => ({ code: f.code, severity: f.severity, file: f.file, line: f.line, seq: f.seq });

describe('install before issue, whatever the outcome', () => {
  it('a failed install dated before issued_at is license.clock_tampering at its entry, saying the attempt failed', () => {
    const installs: LicenseInstall[] = [];
    collectLicenseInstalls(installs)(entry({ outcome: 'failure' }), { file: AUDIT_CSV, line: 3 });
    const f = checkInstallClock(installs, [LICENSE]);
    expect(f.map(place)).toEqual([{ code: 'license.clock_tampering', severity: 'high', file: AUDIT_CSV, line: 3, seq: 2 }]);
    expect(f[0]!.message).toMatch(/^A failed install of license LIC-2026-0063 is dated 2026-02-16T00:01:00\.000Z by the appliance clock, before the vendor issued it \(2026-02-17T00:00:00\.000Z\)/);
    expect(f[0]!.details).toEqual({ installed_at: '2026-02-16T00:01:00.000Z', issued_at: '2026-02-17T00:00:00.000Z', outcome: 'failure' });
  });

  it('so is a denied one; a successful one keeps its wording; none after issued_at is a finding', () => {
    const installs: LicenseInstall[] = [];
    const pick = collectLicenseInstalls(installs);
    pick(entry({ seq: 5, outcome: 'denied' }), { file: AUDIT_CSV, line: 6 });
    pick(entry({ seq: 6, outcome: 'success' }), { file: AUDIT_CSV, line: 7 });
    pick(entry({ seq: 9, ts: '2026-02-17T00:00:00.000Z', outcome: 'failure' }), { file: AUDIT_CSV, line: 10 });
    pick(entry({ seq: 10, action: 'license.warning', outcome: 'failure' }), { file: AUDIT_CSV, line: 11 });
    const f = checkInstallClock(installs, [LICENSE]);
    expect(f.map(place)).toEqual([
      { code: 'license.clock_tampering', severity: 'high', file: AUDIT_CSV, line: 6, seq: 5 },
      { code: 'license.clock_tampering', severity: 'high', file: AUDIT_CSV, line: 7, seq: 6 },
    ]);
    expect(f[0]!.message).toMatch(/^A denied install of license LIC-2026-0063 is dated /);
    expect(f[1]!.message).toMatch(/^License LIC-2026-0063 was installed at 2026-02-16T00:01:00\.000Z by the appliance clock/);
  });
});

describe('through the real verifier: an exported bundle whose install before issue failed', () => {
  const SEED = 'install-clock-failed';
  let root: string;
  let bag: string;
  let trust: string;
  let planted: ExpectedFinding;

  beforeAll(async () => {
    root = tempDir('natalia-install-clock-');
    const r = await exportBundle({
      outDir: join(root, 'out'),
      seed: SEED,
      entries: 120,
      // No reveal or erasure: their register rows and certificates cite entry hashes, which the rewrite changes.
      reveals: 0,
      erasures: 0,
      dump: 'none',
      retentionPurge: false,
      form: 'directory',
      fault: 'license.clock_tampering:install_before_issue',
    });
    bag = r.bagDir!;
    trust = r.trustRootsPath;
    planted = r.fault!;
    await failInstall(planted.seq!);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  /**
   * Makes entry `seq` (the current license's install) a failed attempt, as the
   * appliance would have written it: the entry and every later one re-hashed,
   * re-linked and re-signed with their own audit keys, then the seal, the
   * manifests and the bundle signature redone. The bag stays fully valid.
   */
  async function failInstall(seq: number): Promise<void> {
    const keys = [1, 2].map((n) => deriveKey(SEED, KEY_LABELS.audit(n)));
    const keyOf = (kid: string) => keys.find((k) => k.kid === kid) ?? fail(`no derivable key ${kid}`);
    const all: AuditEntry[] = [];
    for await (const { entry: e } of jsonlEntries(join(bag, AUDIT_JSONL))) all.push(e);
    const from = all.findIndex((e) => e.seq === seq);
    expect(all[from]).toMatchObject({ action: 'license.install', outcome: 'success' });
    all[from]!.outcome = 'failure';
    for (let i = from; i < all.length; i++) {
      const e = all[i]!;
      if (i > 0) e.prev_hash = all[i - 1]!.hash;
      const { hash: _h, kid: _k, sig: _s, ...core } = e;
      e.hash = sha256Hex(canonicalize(core));
      e.sig = keyOf(e.kid).signText('natalia.audit.v1', e.hash);
    }
    const bySeq = new Map(all.map((e) => [e.seq, e]));
    const edit = (e: AuditEntry) => (e.seq >= seq ? [bySeq.get(e.seq)!] : null);
    await rewriteAuditCsv(join(bag, AUDIT_CSV), edit);
    await rewriteAuditJsonl(join(bag, AUDIT_JSONL), edit);

    const seal = JSON.parse(await readFile(join(bag, SEAL), 'utf8'));
    const { kid: sealKid, sig: _sig, ...sealCore } = seal;
    await writeFile(join(bag, SEAL), prettyJson(signObject('natalia.seal.v1', { ...sealCore, last_hash: all[all.length - 1]!.hash }, keyOf(sealKid))));

    // Manifests and bundle signature, from the payload as it now is.
    const manifest = (await readFile(join(bag, 'manifest-sha256.txt'), 'utf8')).split('\n').filter(Boolean);
    const payload = new Map<string, { sha256: string; bytes: number }>();
    for (const line of manifest) {
      const path = line.slice(66);
      payload.set(path, { sha256: sha256Hex(await readFile(join(bag, path))), bytes: (await stat(join(bag, path))).size });
    }
    const info = Object.fromEntries(
      (await readFile(join(bag, 'bag-info.txt'), 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
    );
    const signature = JSON.parse(await readFile(join(bag, 'bundle-signature.json'), 'utf8'));
    await writeTagFiles(
      bag,
      payload,
      {
        sourceOrganization: info['Source-Organization']!,
        baggingDate: info['Bagging-Date']!,
        installationId: info['Natalia-Installation-Id']!,
        applianceVersion: info['Natalia-Appliance-Version']!,
        exportedAt: info['Natalia-Exported-At']!,
        exportedBy: info['Natalia-Exported-By']!,
        contractMode: info['Natalia-Contract-Mode']!,
      },
      keyOf(signature.kid),
    );
  }

  function fail(message: string): never {
    throw new Error(message);
  }

  it('is license.clock_tampering (high) at the failed entry, and the only finding above info', async () => {
    const r = await verifyBundle(bag, { trustPath: trust });
    const { csvLine } = await locateEntry(join(bag, AUDIT_CSV), join(bag, AUDIT_JSONL), planted.seq!);
    expect(r.findings.filter((f) => f.severity !== 'info').map(place)).toEqual([
      { code: 'license.clock_tampering', severity: 'high', file: AUDIT_CSV, line: csvLine, seq: planted.seq },
    ]);
    expect(r.findings.find((f) => f.code === 'license.clock_tampering')!.message).toMatch(/^A failed install of license /);
    expect(r.verdict).not.toBe('trusted');
  });
});
