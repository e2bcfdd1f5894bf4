// applyTamper: one defect per finding code of spec §7 that a tampered bundle
// or a misbehaving appliance can produce, planted in a directory bag written
// by exportBundle, with the place a correct verifier must report it.
//
// Two kinds of defects:
// - an ATTACKER edits files after the export: the manifests then no longer
//   match, which a verifier must report too (alsoExpected);
// - the APPLIANCE misbehaved: the bag is generated again with the same options
//   and a fault (options.ts APPLIANCE_FAULTS), fully signed and manifested.
//
// The bag is changed in place: pass a copy (never test/fixtures/samples).
import { cp, mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve, sep } from 'node:path';
import { canonicalize } from '../../shared/engine/crypto/jcs.js';
import { sha256Hex } from '../../shared/engine/crypto/hash.js';
import type { AuditEntry } from '../../shared/model/audit-entry.js';
import type { FindingCode } from '../../shared/model/findings.js';
import { REVEAL_COLUMNS, revealCsvRow } from './audit-writer.js';
import { jsonlEntries, locateEntry, rewriteAuditCsv, rewriteAuditJsonl, rewriteLines, type EntryEdit } from './bag-edit.js';
import { csvCell, readCsvRecords } from './csv.js';
import { DUMP_FILE } from './dump-writer.js';
import { exportBundle, exportOptionsOf, LICENSE_FILE, REVEAL_LOG, sidecarPath } from './export-bundle.js';
import { deriveKey, KEY_LABELS } from './keys.js';
import { APPLIANCE_FAULTS, type ApplianceFault, type ExpectedFinding, type ExportOptions } from './options.js';
import { armourEnvelope, prettyJson, readLicenseFile } from './signed-files.js';
import { AUDIT_CSV, AUDIT_JSONL } from './simulate.js';

export const ATTACKER_TAMPERS = [
  'bundle.manifest_mismatch',
  'bundle.manifest_mismatch:missing',
  'bundle.unlisted_file',
  'bundle.signature_invalid',
  'audit.hash_mismatch',
  'audit.chain_break',
  'audit.seq_gap',
  'audit.signature_invalid',
  'audit.unknown_key',
  'audit.head_missing',
  'audit.tail_mismatch',
  'audit.csv_jsonl_mismatch',
  'reveal.orphan_row',
  'reveal.field_mismatch',
  'erasure.signature_invalid',
  'dump.parse_error',
  'license.signature_invalid',
] as const;

export type AttackerTamper = (typeof ATTACKER_TAMPERS)[number];
export type TamperKind = AttackerTamper | ApplianceFault;

/** Every tamper kind: attacker edits first, then appliance faults. */
export const TAMPER_KINDS: readonly TamperKind[] = [...ATTACKER_TAMPERS, ...APPLIANCE_FAULTS];

export function isApplianceFault(kind: TamperKind): kind is ApplianceFault {
  return (APPLIANCE_FAULTS as readonly string[]).includes(kind);
}

const MANIFEST: FindingCode[] = ['bundle.manifest_mismatch'];

export async function applyTamper(bagDir: string, kind: TamperKind): Promise<ExpectedFinding> {
  const dir = resolve(bagDir);
  if (`${dir}${sep}`.includes(`${sep}test${sep}fixtures${sep}samples${sep}`)) {
    throw new Error('applyTamper: refusing to touch the reference samples; tamper a copy of an exported bag');
  }
  if (!existsSync(join(dir, 'bagit.txt'))) throw new Error(`applyTamper: ${dir} is not a directory bag`);
  if (isApplianceFault(kind)) return regenerate(dir, kind);
  const t = new Tamperer(dir);
  switch (kind) {
    case 'bundle.manifest_mismatch':
      return t.manifestMismatch();
    case 'bundle.manifest_mismatch:missing':
      return t.missingFile();
    case 'bundle.unlisted_file':
      return t.unlistedFile();
    case 'bundle.signature_invalid':
      return t.bundleSignature();
    case 'audit.hash_mismatch':
      return t.hashMismatch();
    case 'audit.chain_break':
      return t.chainBreak();
    case 'audit.seq_gap':
      return t.seqGap();
    case 'audit.signature_invalid':
      return t.entrySignature();
    case 'audit.unknown_key':
      return t.unknownKey();
    case 'audit.head_missing':
      return t.headMissing();
    case 'audit.tail_mismatch':
      return t.tailMismatch();
    case 'audit.csv_jsonl_mismatch':
      return t.csvJsonlMismatch();
    case 'reveal.orphan_row':
      return t.orphanRow();
    case 'reveal.field_mismatch':
      return t.revealFieldMismatch();
    case 'erasure.signature_invalid':
      return t.certificateSignature();
    case 'dump.parse_error':
      return t.dumpParseError();
    case 'license.signature_invalid':
      return t.licenseSignature();
  }
}

/** A base64 Ed25519 signature with one bit of R flipped: well-formed, canonical S, wrong. */
function flipSignature(sig: string): string {
  const b = Buffer.from(sig, 'base64');
  b[0] = b[0]! ^ 0x01;
  return b.toString('base64');
}

/** Recomputes an entry's hash (JCS of everything but hash, kid, sig). */
function entryHash(e: AuditEntry): string {
  const { hash: _h, kid: _k, sig: _s, ...core } = e;
  return sha256Hex(canonicalize(core));
}

class Tamperer {
  constructor(private readonly dir: string) {}

  private p(rel: string): string {
    return join(this.dir, rel);
  }

  private async entries(): Promise<AuditEntry[]> {
    // Tampering is for test-sized bags; reading the log once is fine here.
    const out: AuditEntry[] = [];
    for await (const { entry } of jsonlEntries(this.p(AUDIT_JSONL))) out.push(entry);
    if (out.length < 10) throw new Error('applyTamper: the audit log is too short to tamper with');
    return out;
  }

  /** A successful login near the middle of the log, with entries after it. */
  private async middleLogin(): Promise<{ entry: AuditEntry; all: AuditEntry[]; index: number }> {
    const all = await this.entries();
    const mid = Math.floor(all.length / 2);
    for (let k = 0; k < all.length - 2; k++) {
      const i = (mid + k) % (all.length - 2);
      const e = all[i]!;
      if (i > 0 && e.action === 'auth.login' && e.outcome === 'success') return { entry: e, all, index: i };
    }
    throw new Error('applyTamper: no login entry to tamper with');
  }

  private async editBoth(edit: EntryEdit): Promise<void> {
    await rewriteAuditCsv(this.p(AUDIT_CSV), edit);
    await rewriteAuditJsonl(this.p(AUDIT_JSONL), edit);
  }

  private async at(seq: number, code: FindingCode, description: string, extra: Partial<ExpectedFinding> = {}): Promise<ExpectedFinding> {
    const { csvLine, jsonlLine } = await locateEntry(this.p(AUDIT_CSV), this.p(AUDIT_JSONL), seq);
    return { code, file: AUDIT_CSV, line: csvLine, seq, alsoAt: [{ file: AUDIT_JSONL, line: jsonlLine }], alsoExpected: MANIFEST, description, ...extra };
  }

  async manifestMismatch(): Promise<ExpectedFinding> {
    if (existsSync(this.p(DUMP_FILE))) {
      let done = false;
      await rewriteLines(this.p(DUMP_FILE), (line) => {
        if (done || !line.startsWith('-- Dumped by pg_dump version ')) return null;
        done = true;
        return line.replace('15.18', '15.19');
      });
      return { code: 'bundle.manifest_mismatch', file: DUMP_FILE, description: 'a comment of the database dump was edited after export' };
    }
    // No dump: re-space the first JSON line (same entry, different bytes).
    await rewriteLines(this.p(AUDIT_JSONL), (line, n) => (n === 1 ? line.replace('{"seq":', '{ "seq":') : null));
    return { code: 'bundle.manifest_mismatch', file: AUDIT_JSONL, description: 'the JSON lines log was re-spaced after export' };
  }

  async missingFile(): Promise<ExpectedFinding> {
    await rm(this.p(REVEAL_LOG));
    return {
      code: 'bundle.manifest_mismatch',
      file: REVEAL_LOG,
      tolerated: ['reveal.missing_row'],
      description: 'the reveal register, listed in the manifest, was deleted',
    };
  }

  async unlistedFile(): Promise<ExpectedFinding> {
    await mkdir(this.p('data/notes'), { recursive: true });
    await writeFile(this.p('data/notes/readme.txt'), 'Added after the export.\n');
    return {
      code: 'bundle.unlisted_file',
      file: 'data/notes/readme.txt',
      tolerated: ['bundle.malformed', 'bundle.manifest_mismatch'],
      description: 'a file was added under data/ after the export (Payload-Oxum no longer matches either)',
    };
  }

  async bundleSignature(): Promise<ExpectedFinding> {
    const path = this.p('bundle-signature.json');
    const sig = JSON.parse(await readFile(path, 'utf8'));
    sig.sig = flipSignature(sig.sig);
    await writeFile(path, prettyJson(sig));
    return { code: 'bundle.signature_invalid', file: 'bundle-signature.json', description: 'the bundle signature was altered' };
  }

  async hashMismatch(): Promise<ExpectedFinding> {
    const { entry } = await this.middleLogin();
    await this.editBoth((e) => (e.seq === entry.seq ? [{ ...e, source_ip: '10.66.6.6' }] : null));
    return this.at(entry.seq, 'audit.hash_mismatch', "an entry's source_ip was edited in both logs after export");
  }

  async chainBreak(): Promise<ExpectedFinding> {
    const { entry, all, index } = await this.middleLogin();
    const opts = await exportOptionsOf(this.dir, basename(this.dir));
    if (!opts) throw new Error('applyTamper: audit.chain_break needs the bag\'s export options (sidecar file or same process)');
    const key = [1, 2].map((n) => deriveKey(opts.seed, KEY_LABELS.audit(n))).find((k) => k.kid === entry.kid);
    if (!key) throw new Error('applyTamper: the key that signed the entry cannot be derived');
    const rewritten: AuditEntry = { ...entry, source_ip: '10.66.6.6' };
    rewritten.hash = entryHash(rewritten);
    rewritten.sig = key.signText('natalia.audit.v1', rewritten.hash);
    await this.editBoth((e) => (e.seq === entry.seq ? [rewritten] : null));
    const next = all[index + 1]!;
    return this.at(next.seq, 'audit.chain_break', 'an insider holding the audit key rewrote and re-signed an entry; the next entry no longer links to it');
  }

  async seqGap(): Promise<ExpectedFinding> {
    const { entry, all, index } = await this.middleLogin();
    await this.editBoth((e) => (e.seq === entry.seq ? [] : null));
    const next = all[index + 1]!;
    return this.at(next.seq, 'audit.seq_gap', 'an entry was deleted from both logs', {
      tolerated: ['audit.chain_break', 'audit.tail_mismatch'],
    });
  }

  async entrySignature(): Promise<ExpectedFinding> {
    const { entry } = await this.middleLogin();
    await this.editBoth((e) => (e.seq === entry.seq ? [{ ...e, sig: flipSignature(e.sig) }] : null));
    return this.at(entry.seq, 'audit.signature_invalid', "an entry's signature was altered in both logs");
  }

  async unknownKey(): Promise<ExpectedFinding> {
    const { entry } = await this.middleLogin();
    const rogue = deriveKey('tamper', KEY_LABELS.rogueAudit);
    await this.editBoth((e) => (e.seq === entry.seq ? [{ ...e, kid: rogue.kid, sig: rogue.signText('natalia.audit.v1', e.hash) }] : null));
    return this.at(entry.seq, 'audit.unknown_key', 'an entry was re-signed with a key no license or rotation allows', {
      tolerated: ['audit.signature_invalid'],
    });
  }

  async headMissing(): Promise<ExpectedFinding> {
    const all = await this.entries();
    const sensitive = new Set(['phone.reveal', 'erasure.request', 'erasure.execute', 'key.rotate', 'retention.purge', 'clock.anomaly']);
    let k = 0;
    while (k < 3 && !sensitive.has(all[k]!.action)) k++;
    if (k === 0) throw new Error('applyTamper: the log starts with an entry that cannot be removed cleanly');
    const removed = new Set(all.slice(0, k).map((e) => e.seq));
    await this.editBoth((e) => (removed.has(e.seq) ? [] : null));
    const first = all[k]!;
    return this.at(first.seq, 'audit.head_missing', `the first ${k} entries were deleted from both logs`, {
      tolerated: ['audit.tail_mismatch'],
    });
  }

  async tailMismatch(): Promise<ExpectedFinding> {
    const all = await this.entries();
    const last = all[all.length - 1]!;
    await this.editBoth((e) => (e.seq === last.seq ? [] : null));
    const newLast = all[all.length - 2]!;
    return this.at(newLast.seq, 'audit.tail_mismatch', `the last entry (seq ${last.seq}) was deleted from both logs`);
  }

  async csvJsonlMismatch(): Promise<ExpectedFinding> {
    const { entry } = await this.middleLogin();
    await rewriteAuditJsonl(this.p(AUDIT_JSONL), (e) => (e.seq === entry.seq ? [{ ...e, user_agent: 'curl/8.5.0' }] : null));
    const { csvLine, jsonlLine } = await locateEntry(this.p(AUDIT_CSV), this.p(AUDIT_JSONL), entry.seq);
    return {
      code: 'audit.csv_jsonl_mismatch',
      file: AUDIT_JSONL,
      line: jsonlLine,
      seq: entry.seq,
      alsoAt: [{ file: AUDIT_CSV, line: csvLine }],
      alsoExpected: MANIFEST,
      tolerated: ['audit.hash_mismatch'],
      description: "an entry's user_agent was edited in the JSON lines log only",
    };
  }

  private async revealRows(): Promise<{ line: number; cells: string[] }[]> {
    const rows: { line: number; cells: string[] }[] = [];
    let header = true;
    for await (const rec of readCsvRecords(this.p(REVEAL_LOG))) {
      if (header) header = false;
      else rows.push({ line: rec.line, cells: rec.cells });
    }
    return rows;
  }

  async orphanRow(): Promise<ExpectedFinding> {
    const rows = await this.revealRows();
    const all = await this.entries();
    const template = rows[Math.floor(rows.length / 2)];
    if (!template) throw new Error('applyTamper: the reveal register is empty; export with reveals');
    const last = all[all.length - 1]!;
    const col = (name: (typeof REVEAL_COLUMNS)[number]) => template.cells[REVEAL_COLUMNS.indexOf(name)]!;
    const revealId = 'RV-0BADC0FFEE';
    const row = revealCsvRow({
      reveal_id: revealId,
      ts: col('ts'),
      tenant: col('tenant'),
      actor: col('actor'),
      role: col('role'),
      cdr_id: Number(col('cdr_id')),
      extension_id: Number(col('extension_id')),
      field: col('field') === 'caller' ? 'callee' : 'caller',
      phone_pseudonym: sha256Hex('orphan'),
      last4: '4242',
      motive: 'Vérification demandée par téléphone',
      alert_sent_to: col('alert_sent_to') ? col('alert_sent_to').split(';') : [],
      audit_seq: last.seq + 7,
      audit_hash: sha256Hex('no such entry'),
    });
    const text = await readFile(this.p(REVEAL_LOG), 'utf8');
    await writeFile(this.p(REVEAL_LOG), text + row);
    const line = text.split('\n').length;
    return {
      code: 'reveal.orphan_row',
      file: REVEAL_LOG,
      line,
      reveal_id: revealId,
      alsoExpected: MANIFEST,
      description: 'a reveal register row citing no audit entry was appended',
    };
  }

  async revealFieldMismatch(): Promise<ExpectedFinding> {
    const rows = await this.revealRows();
    const target = rows[Math.floor(rows.length / 2)];
    if (!target) throw new Error('applyTamper: the reveal register is empty; export with reveals');
    const i = REVEAL_COLUMNS.indexOf('last4');
    const old = target.cells[i]!;
    const cells = target.cells.slice();
    cells[i] = old === '0000' ? '9999' : '0000';
    // Rows are written cell by cell with csvCell: re-serialising the cells gives the row back, edit included.
    await rewriteCsvRecord(this.p(REVEAL_LOG), target.line, cells.map((c) => csvCell(c)).join(','));
    const revealId = target.cells[0]!;
    return {
      code: 'reveal.field_mismatch',
      file: REVEAL_LOG,
      line: target.line,
      seq: Number(target.cells[REVEAL_COLUMNS.indexOf('audit_seq')]),
      reveal_id: revealId,
      alsoExpected: MANIFEST,
      description: `the last4 of reveal ${revealId} was changed in the register`,
    };
  }

  async certificateSignature(): Promise<ExpectedFinding> {
    const dir = this.p('data/erasure');
    const files = existsSync(dir) ? (await readdir(dir)).filter((f) => f.endsWith('.json')).sort() : [];
    if (files.length === 0) throw new Error('applyTamper: no erasure certificate; export with erasures >= 1');
    const rel = `data/erasure/${files[0]}`;
    const cert = JSON.parse(await readFile(this.p(rel), 'utf8'));
    cert.sig = flipSignature(cert.sig);
    await writeFile(this.p(rel), prettyJson(cert));
    return {
      code: 'erasure.signature_invalid',
      file: rel,
      certificate_id: cert.certificate_id,
      alsoExpected: MANIFEST,
      description: `the signature of certificate ${cert.certificate_id} was altered`,
    };
  }

  async dumpParseError(): Promise<ExpectedFinding> {
    if (!existsSync(this.p(DUMP_FILE))) throw new Error('applyTamper: no database dump; export with a dump');
    // First pass: the cdr data rows (COPY lines or INSERT statements), to pick the middle one.
    let inCdr = false;
    const cdrLines: number[] = [];
    await rewriteLines(this.p(DUMP_FILE), (line, n) => {
      if (line.startsWith('COPY public.cdr ')) inCdr = true;
      else if (inCdr && line === '\\.') inCdr = false;
      else if (inCdr || line.startsWith('INSERT INTO public.cdr ')) cdrLines.push(n);
      return null;
    });
    if (cdrLines.length === 0) throw new Error('applyTamper: the dump holds no call to corrupt');
    const target = cdrLines[Math.floor(cdrLines.length / 2)]!;
    await rewriteLines(this.p(DUMP_FILE), (line, n) => {
      if (n !== target) return null;
      // One value short: a COPY row loses its last field, an INSERT its last value.
      if (line.startsWith('INSERT ')) return line.replace(/, (?:NULL|'[^']*')\);$/, ');');
      return line.slice(0, line.lastIndexOf('\t'));
    });
    return { code: 'dump.parse_error', file: DUMP_FILE, line: target, alsoExpected: MANIFEST, description: 'a call row of the dump lost its last value' };
  }

  async licenseSignature(): Promise<ExpectedFinding> {
    const { envelope, payload } = readLicenseFile(await readFile(this.p(LICENSE_FILE), 'utf8'));
    payload.seats = payload.seats * 10;
    const enc = Buffer.from(canonicalize(payload), 'utf8').toString('base64');
    await writeFile(this.p(LICENSE_FILE), armourEnvelope({ ...envelope, enc }));
    return {
      code: 'license.signature_invalid',
      file: LICENSE_FILE,
      alsoExpected: MANIFEST,
      tolerated: ['audit.unknown_key', 'audit.not_covered', 'bundle.signature_invalid', 'audit.tail_mismatch', 'erasure.signature_invalid'],
      description: 'the seats of the license were raised after signing',
    };
  }
}

/** Options a fault needs on top of the bag's own (erasures, a dump, a lockout...). */
function optionsFor(kind: ApplianceFault, base: Omit<ExportOptions, 'outDir'>): Omit<ExportOptions, 'outDir'> {
  const o: Omit<ExportOptions, 'outDir'> = { ...base, fault: kind, form: 'directory' };
  const needsCalls = kind.startsWith('policy.') || kind.startsWith('reveal.') || kind.startsWith('erasure.') || kind.startsWith('dump.');
  if (needsCalls && (o.cdrs ?? 1) < 200) o.cdrs = 200;
  if ((kind.startsWith('dump.') || kind === 'erasure.incomplete' || kind === 'license.clock_tampering:high_water') && (o.dump ?? 'copy') === 'none') {
    o.dump = 'copy';
  }
  if (kind === 'policy.activity_after_lockout') o.licenseLockout = true;
  if (kind === 'license.clock_tampering:install_before_issue' && !o.licenseHistory && !o.licenseLockout && !o.keyRotation) o.retentionPurge = false;
  if (kind === 'license.expired') {
    o.licenseHistory = false;
    o.licenseLockout = false;
  }
  return o;
}

async function regenerate(dir: string, kind: ApplianceFault): Promise<ExpectedFinding> {
  const base = await exportOptionsOf(dir, basename(dir));
  if (!base) throw new Error(`applyTamper: ${kind} regenerates the bag and needs its export options (the .exporter.json sidecar next to it, or a bag exported in this process)`);
  const opts = optionsFor(kind, base);
  const staging = await mkdtemp(join(tmpdir(), 'natalia-tamper-'));
  try {
    const r = await exportBundle({ ...opts, form: 'directory' as const, outDir: staging });
    if (!r.fault) throw new Error(`internal: ${kind} was not planted`);
    for (const e of await readdir(dir)) await rm(join(dir, e), { recursive: true, force: true });
    for (const e of await readdir(r.bagDir)) await cp(join(r.bagDir, e), join(dir, e), { recursive: true });
    if (existsSync(sidecarPath(dir))) await writeFile(sidecarPath(dir), prettyJson(opts));
    return r.fault;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Replaces the CSV record starting at `line` (CRLF-terminated records). */
async function rewriteCsvRecord(path: string, line: number, replacement: string): Promise<void> {
  const out: string[] = [];
  let found = false;
  for await (const rec of readCsvRecords(path)) {
    if (rec.line === line) {
      out.push(replacement);
      found = true;
    } else out.push(rec.raw);
  }
  if (!found) throw new Error(`no CSV record starts at line ${line}`);
  await writeFile(path, out.map((r) => r + '\r\n').join(''));
}
