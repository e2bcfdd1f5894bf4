// exportBundle: a deterministic, spec-conformant stand-in for the appliance's
// "Export evidence" (spec §1-§6). It plans a history (plan.ts), lives it
// (simulate.ts), writes the payload files as streams, then the BagIt tag
// files and the bundle signature, and optionally packs the bag as .zip or
// .tar.gz. trust-roots.json (spec §8) goes next to the bag, never inside.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeZip, writeTarGz } from './archive.js';
import { AuditLogWriter } from './audit-writer.js';
import { writeTagFiles } from './bag.js';
import { DUMP_FILE, writeDump } from './dump-writer.js';
import { HashingWriter, writeSmallFile, type WrittenFile } from './file-writer.js';
import type { ExportOptions, ExportResult } from './options.js';
import { buildPlan } from './plan.js';
import { licenseFile, prettyJson, signObject } from './signed-files.js';
import { AUDIT_CSV, AUDIT_JSONL, Simulator } from './simulate.js';
import { compactStamp, iso } from './time.js';

export const SEAL_FILE = 'data/audit/seal.json';
export const REVEAL_LOG = 'data/reveal/reveal-log.csv';
export const LICENSE_FILE = 'data/license/natalia.lic';
export const TRUST_ROOTS_FILE = 'trust-roots.json';

/** Options of the bags generated in this process, by bag name (tampering regenerates from them). */
const generated = new Map<string, Omit<ExportOptions, 'outDir'>>();

export function sidecarPath(bagDir: string): string {
  return `${bagDir.replace(/[\\/]+$/, '')}.exporter.json`;
}

/** The options a bag was generated with: its sidecar file, or this process's memory. */
export async function exportOptionsOf(bagDir: string, bagName: string): Promise<Omit<ExportOptions, 'outDir'> | null> {
  const side = sidecarPath(bagDir);
  if (existsSync(side)) return JSON.parse(await readFile(side, 'utf8'));
  return generated.get(bagName) ?? null;
}

async function writeTrustRoots(path: string, root: { kid: string; public_key: string; label: string }): Promise<void> {
  // Several bags may share a folder: keep every root already listed there.
  let roots: { kid: string; public_key: string; label: string }[] = [];
  if (existsSync(path)) {
    try {
      const old = JSON.parse(await readFile(path, 'utf8'));
      if (old?.format === 'natalia.trust-roots.v1' && Array.isArray(old.roots)) roots = old.roots;
    } catch {
      roots = [];
    }
  }
  roots = roots.filter((r) => r.kid !== root.kid);
  roots.push(root);
  roots.sort((a, b) => (a.kid < b.kid ? -1 : a.kid > b.kid ? 1 : 0));
  await writeSmallFile(path, prettyJson({ format: 'natalia.trust-roots.v1', roots }));
}

/**
 * `bagDir` is a string for the directory form, null for archives. (`seed` in
 * the second test keeps the all-optional `{ form? }` from being a weak type.)
 */
export type ExportResultFor<O extends ExportOptions> = Omit<ExportResult, 'bagDir'> & {
  bagDir: O extends { form: 'zip' | 'tar.gz' } ? null : O extends { seed: string; form?: 'directory' | undefined } ? string : string | null;
};

export async function exportBundle<O extends ExportOptions>(opts: O): Promise<ExportResultFor<O>> {
  return (await exportBundleImpl(opts)) as ExportResultFor<O>;
}

async function exportBundleImpl(opts: ExportOptions): Promise<ExportResult> {
  const plan = buildPlan(opts);
  const outDir = resolve(opts.outDir);
  await mkdir(outDir, { recursive: true });
  const bagName = `natalia-evidence-${plan.installationId}-${compactStamp(plan.exportAt)}`;
  const work = await mkdtemp(join(tmpdir(), 'natalia-exporter-'));
  const archived = plan.form !== 'directory';
  const bagDir = archived ? join(work, bagName) : join(outDir, bagName);
  try {
    if (!archived && existsSync(bagDir)) {
      if (!existsSync(join(bagDir, 'bagit.txt'))) throw new Error(`exportBundle: ${bagDir} exists and is not a bag; refusing to overwrite it`);
      await rm(bagDir, { recursive: true, force: true });
    }
    const payload = new Map<string, WrittenFile>();
    const mk = (rel: string) => mkdir(join(bagDir, rel), { recursive: true });
    await mk('data/audit');
    await mk('data/reveal');
    await mk('data/license');

    // Audit log, reveal register and the reveals spool, during the simulation.
    const log = new AuditLogWriter({
      csv: join(bagDir, AUDIT_CSV),
      jsonl: join(bagDir, AUDIT_JSONL),
      revealLog: join(bagDir, REVEAL_LOG),
    });
    const spoolPath = join(work, 'reveals.spool');
    const spool = new HashingWriter(spoolPath);
    await log.start();
    const sim = await new Simulator(plan, log, spool).run();
    const written = await log.close();
    await spool.close();
    payload.set(AUDIT_CSV, written.csv);
    payload.set(AUDIT_JSONL, written.jsonl);
    payload.set(REVEAL_LOG, written.revealLog);
    const entryCount = sim.lastSeq - sim.firstSeq + 1;
    if (entryCount !== plan.entries) throw new Error(`internal: ${entryCount} entries written, ${plan.entries} planned`);

    const exportedAt = iso(plan.exportAt);
    const seal = signObject(
      'natalia.seal.v1',
      {
        format: 'natalia.audit-seal.v1',
        installation_id: plan.installationId,
        first_seq: sim.firstSeq,
        last_seq: sim.lastSeq,
        last_hash: sim.lastHash,
        entry_count: entryCount,
        exported_at: exportedAt,
      },
      sim.exportKey,
    );
    payload.set(SEAL_FILE, await writeSmallFile(join(bagDir, SEAL_FILE), prettyJson(seal)));

    if (sim.certificates.length > 0) await mk('data/erasure');
    for (const c of sim.certificates) {
      const rel = `data/erasure/${c.certificateId}.json`;
      payload.set(rel, await writeSmallFile(join(bagDir, rel), prettyJson(c.json)));
    }

    for (const l of plan.licenses) {
      if (!l.current && !l.inHistory) continue;
      const text = licenseFile(
        {
          format: 'natalia.license.v1',
          license_id: l.id,
          customer: plan.customer,
          installation_id: l.installationId,
          contract_mode: plan.contractMode,
          tenants: plan.tenants.map((t) => t.id),
          features: ['analytics', 'reveal', 'erasure', 'siem_export'],
          seats: 25,
          issued_at: iso(l.issuedAt),
          not_before: iso(l.notBefore),
          expires_at: iso(l.expiresAt),
          grace_days: 14,
          audit_keys: l.keys.map((k) => ({ kid: k.key.kid, public_key: k.key.publicKey, not_before: iso(k.notBefore) })),
        },
        l.signer,
      );
      const rel = l.current ? 'data/license/natalia.lic' : `data/license/history/${l.id}.lic`;
      if (!l.current) await mk('data/license/history');
      payload.set(rel, await writeSmallFile(join(bagDir, rel), text));
    }

    let dumpCdrRows = 0;
    let dumpRevealRows = 0;
    let fault = sim.fault;
    if (plan.dump !== 'none') {
      await mk('data/db');
      const d = await writeDump(join(bagDir, DUMP_FILE), plan, sim, spoolPath);
      payload.set(DUMP_FILE, d.file);
      dumpCdrRows = d.cdrRows;
      dumpRevealRows = d.revealRows;
      fault = d.fault ?? fault;
    }

    const exporter = plan.exporter.username;
    await writeTagFiles(
      bagDir,
      payload,
      {
        sourceOrganization: plan.customer,
        baggingDate: exportedAt.slice(0, 10),
        installationId: plan.installationId,
        applianceVersion: plan.applianceVersion,
        exportedAt,
        exportedBy: exporter,
        contractMode: plan.contractMode,
      },
      sim.exportKey,
    );

    if (plan.fault) fault = withFaultConsequences(plan, fault);
    if (plan.fault && !fault) throw new Error(`internal: fault ${plan.fault} was not planted`);

    let path = bagDir;
    if (archived) {
      path = join(outDir, `${bagName}.${plan.form}`);
      if (plan.form === 'zip') await writeZip(bagDir, bagName, path, new Date(plan.exportAt));
      else await writeTarGz(bagDir, bagName, path, new Date(plan.exportAt));
    }
    const trustRootsPath = join(outDir, TRUST_ROOTS_FILE);
    await writeTrustRoots(trustRootsPath, {
      kid: plan.vendorRoot.kid,
      public_key: plan.vendorRoot.publicKey,
      label: 'Natalia exporter test vendor root (generated, test only)',
    });
    const { outDir: _outDir, ...kept } = opts;
    generated.set(bagName, kept);
    if (!archived) await writeSmallFile(sidecarPath(bagDir), prettyJson(kept));

    const payloadBytes = [...payload.values()].reduce((a, w) => a + w.bytes, 0);
    return {
      path,
      bagDir: archived ? null : bagDir,
      bagName,
      installationId: plan.installationId,
      exportedAt,
      trustRootsPath,
      vendorRoot: { kid: plan.vendorRoot.kid, publicKey: plan.vendorRoot.publicKey },
      auditKeys: plan.auditKeys.map((k) => ({ kid: k.kid, publicKey: k.publicKey })),
      stats: {
        entries: entryCount,
        firstSeq: sim.firstSeq,
        lastSeq: sim.lastSeq,
        purgedEntries: sim.purgedThrough,
        reveals: sim.visibleReveals,
        revealRows: sim.revealRows,
        cdrRows: dumpCdrRows,
        dumpRevealRows,
        erasures: sim.certificates.length,
        users: plan.users.length + 1,
        extensions: plan.tenants.reduce((a, t) => a + t.extensions.length, 0),
        licenses: plan.licenses.filter((l) => l.current || l.inHistory).length,
        keyRotations: sim.keyRotations,
        payloadBytes,
        payloadFiles: payload.size,
      },
      fault,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** License-level faults: located in the license file; what else a verifier must or may say. */
function withFaultConsequences(plan: ReturnType<typeof buildPlan>, fault: ExportResult['fault']): ExportResult['fault'] {
  const cascade: ExportResult['fault'] extends infer F ? (F extends { tolerated?: infer T } ? T : never) : never = [
    'audit.unknown_key',
    'audit.not_covered',
    'bundle.signature_invalid',
    'audit.tail_mismatch',
    'erasure.signature_invalid',
  ];
  // Keys of the faulty license are not trusted: whether a verifier then reports every entry
  // (audit.unknown_key) or only the license is its choice, so the consequences are tolerated.
  switch (plan.fault) {
    case 'license.untrusted_root':
      return {
        code: 'license.untrusted_root',
        file: LICENSE_FILE,
        tolerated: cascade,
        description: 'the license in force is signed by a vendor key that is not in the trust store',
      };
    case 'license.installation_mismatch':
      return {
        code: 'license.installation_mismatch',
        file: LICENSE_FILE,
        tolerated: cascade,
        description: 'the license in force names another installation',
      };
    case 'license.expired':
      return {
        code: 'license.expired',
        file: LICENSE_FILE,
        tolerated: ['policy.activity_after_lockout'],
        description: 'the license expired 30 days before the export, past its 14 grace days',
      };
    default:
      return fault;
  }
}
