// Re-audits: a later export of an installation the case already holds
// repeats months an earlier import verified. Its entries that are the very
// entries that import verified (same seq, hash, signature and key, the hash
// recomputed from the new export's content) are matched to that verification
// instead of having their signatures verified again (audit/already-verified.ts).
//
// What a match may rest on, and nothing less:
// - the case's chain of custody holds (the stored verifications and bundle
//   rows are those custody recorded);
// - the earlier bundle counts (not excluded), its import recorded a digest of
//   its rows, and the rows the matches read are those rows: the digest of its
//   audit entries is recomputed in the same pass that reads them, and an
//   import whose matches rest on edited rows is refused (rolled back);
// - its current verification was full and found every entry authentic
//   (chain, hashes, keys and signatures passed; every entry verified or
//   itself matched), so an entry whose signature failed there never matches;
// - it was verified under the same trust roots as now, and each matched
//   entry is signed by the same public key it recorded for that key id.
// One earlier import is relied on: the eligible one whose log reaches
// furthest. The others, and why they were not used, are said.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { AuditEntry } from '../../model/audit-entry.js';
import type { ReauditSummary, VerificationResult } from '../../model/verification.js';
import type { AlreadyVerified } from '../audit/already-verified.js';
import type { VerifyingKey } from '../crypto/ed25519.js';
import { rootFingerprint, type TrustStore } from '../license/trust-store.js';
import { excludedBundles } from './bundle-standing.js';
import { readCustody, verifyCustody } from './custody-log.js';
import { digestRow, type DerivedDigest } from './derived-digest.js';
import { EngineError } from '../engine-error.js';

/** The checks that together say every entry of the earlier export was authentic. */
const AUTHENTIC_CHECKS = ['audit.chain', 'audit.hashes', 'audit.keys', 'audit.signatures'] as const;
const PAGE_ROWS = 2048;
const MAX_RUNS = 100;

/** The earlier import's rows no longer match its custody digest: matches would rest on edited rows. */
export class EarlierRowsEditedError extends EngineError {
  constructor(message: string) {
    super('CASE_INTEGRITY', message);
    this.name = 'EarlierRowsEditedError';
  }
}

interface Candidate {
  bundle_id: number;
  name: string;
  exported_at: string | null;
  last_seq: number;
}

interface Source extends Candidate {
  verification_id: number;
  custody_seq: number;
  recorded: { rows: number; sha256: string };
  keys: Map<string, string>;
}

export interface Reaudit {
  /** The verifier's hook, when an earlier import can be relied on. */
  readonly hook: (AlreadyVerified & { finish(): ReauditSummary['matched'] }) | undefined;
  readonly notUsed: ReauditSummary['not_used'];
}

function trustFingerprints(t: { roots: { fingerprint?: string }[] }): string[] | undefined {
  const f = t.roots.map((r) => r.fingerprint);
  return f.every((x): x is string => typeof x === 'string') ? [...new Set(f)].sort() : undefined;
}

/** Why an earlier verification cannot vouch for its entries, or null when it can. */
function unusable(result: VerificationResult, trust: TrustStore): string | null {
  if (result.stats.mode !== 'full') return 'its verification was not a full one';
  if (result.verdict === 'unverifiable') return 'its verification could not verify it (no trusted key)';
  const failed = AUTHENTIC_CHECKS.filter((id) => result.checks.find((c) => c.id === id)?.status !== 'passed');
  if (failed.length) return `its verification did not find every entry authentic (${failed.join(', ')} did not pass)`;
  const vouched = (result.stats.signatures_verified ?? 0) + (result.stats.signatures_matched ?? 0);
  if (vouched !== result.stats.audit_entries) return `its verification vouched for ${vouched} of its ${result.stats.audit_entries} entries`;
  const then = trustFingerprints(result.trust);
  if (!then) return 'it was verified before the workstation recorded its trust roots\u2019 fingerprints';
  const now = [...new Set(trust.roots.map(rootFingerprint))].sort();
  if (then.join() !== now.join()) return `it was verified under other trust roots (${result.trust.roots.map((r) => r.kid).join(', ') || 'none'}; now ${trust.roots.map((r) => r.kid).join(', ') || 'none'})`;
  if (result.audit_keys.some((k) => k.public_key === undefined)) return 'it was verified before the workstation recorded its audit keys';
  return null;
}

/**
 * Which earlier import of `installationId` the new bundle's entries may be
 * matched to, and a hook over its stored entries. `newBundleId` is the bundle
 * being imported.
 */
export function earlierVerification(db: Database.Database, newBundleId: number, installationId: string | undefined, trust: TrustStore): Reaudit {
  if (installationId === undefined) return { hook: undefined, notUsed: [] };
  const candidates = db
    .prepare(
      `SELECT b.id AS bundle_id, b.name, b.exported_at, a.last_seq FROM bundles b JOIN audit_ranges a ON a.bundle_id = b.id
       WHERE b.installation_id = ? AND b.id != ? AND a.all_entries = 1 AND a.entry_count > 0
       ORDER BY a.last_seq DESC, b.id DESC`,
    )
    .all(installationId, newBundleId) as Candidate[];
  if (candidates.length === 0) return { hook: undefined, notUsed: [] };
  const notUsed: ReauditSummary['not_used'] = [];
  const custody = verifyCustody(db);
  if (!custody.ok) {
    const why = `the case's chain of custody does not hold (${custody.problems[0]!.message})`;
    return { hook: undefined, notUsed: candidates.map((c) => ({ bundle_id: c.bundle_id, name: c.name, reason: why })) };
  }
  const imports = new Map<number, { seq: number; derived?: DerivedDigest }>();
  // Which verifications custody bound to the bytes of their stored result (result_sha256).
  const hashed = new Set<number>();
  // The last time this case arrived from a workstation whose key this one does not know:
  // everything recorded before it was written there, and custody cannot show from inside
  // the file that it was not rewritten whole (custody-log.ts), so no match rests on it.
  let lastForeign: { seq: number; kid: string } | undefined;
  for (const r of readCustody(db)) {
    if (r.action === 'bundle.import' && typeof r.details.bundle_id === 'number') {
      imports.set(r.details.bundle_id, { seq: r.seq, derived: r.details.derived as DerivedDigest | undefined });
    }
    if ((r.action === 'bundle.import' || r.action === 'bundle.verify') && typeof r.details.verification_id === 'number' && typeof r.details.result_sha256 === 'string') {
      hashed.add(r.details.verification_id);
    }
    if (r.action === 'case.receive' && r.details.signer_known !== true) lastForeign = { seq: r.seq, kid: String(r.details.signed_by) };
  }
  const excluded = excludedBundles(db);
  const latest = db.prepare('SELECT id, result FROM verifications WHERE bundle_id = ? ORDER BY id DESC LIMIT 1');
  let source: Source | undefined;
  for (const c of candidates) {
    const say = (reason: string) => notUsed.push({ bundle_id: c.bundle_id, name: c.name, reason });
    if (source) {
      say(`bundle #${source.bundle_id}, whose log reaches further, was relied on instead`);
      continue;
    }
    const imp = imports.get(c.bundle_id);
    const recorded = imp?.derived?.tables?.audit_entries;
    const v = latest.get(c.bundle_id) as { id: number; result: string } | undefined;
    const ex = excluded.get(c.bundle_id);
    if (ex) say(`it is excluded from the case (${ex.reason})`);
    else if (!imp || !v) say('no import of it is recorded in the chain of custody');
    else if (!recorded) say('its import recorded no digest of its rows, so they cannot be shown unchanged');
    else if (lastForeign && imp.seq < lastForeign.seq) {
      say(`it was imported before the case was received from key ${lastForeign.kid}, which this workstation does not know, so its verification was not made here`);
    } else if (!hashed.has(v.id)) say('custody did not record the digest of its verification\u2019s result, so the result cannot be shown unchanged');
    else {
      const result = JSON.parse(v.result) as VerificationResult;
      const why = unusable(result, trust);
      if (why) say(why);
      else {
        const keys = new Map(result.audit_keys.map((k) => [k.kid, k.public_key!]));
        source = { ...c, verification_id: v.id, custody_seq: imp.seq, recorded, keys };
      }
    }
  }
  return { hook: source ? storedEntries(db, source) : undefined, notUsed };
}

/**
 * The source's stored entries, read once in rowid order (its import wrote
 * them in chain order, every seq once: its chain check passed), a page at a
 * time as the new export's entries reach them, each row added to the digest
 * of its audit entries as read. finish() reads the rest and compares that
 * digest with what custody recorded.
 */
function storedEntries(db: Database.Database, s: Source): AlreadyVerified & { finish(): ReauditSummary['matched'] } {
  const range = db.prepare('SELECT min(rowid) AS lo, max(rowid) AS hi FROM audit_entries WHERE bundle_id = ?').get(s.bundle_id) as { lo: number | null; hi: number | null };
  const page = db.prepare(`SELECT * FROM audit_entries NOT INDEXED WHERE rowid > ? AND rowid <= ? AND bundle_id = ? ORDER BY rowid LIMIT ${PAGE_ROWS}`).raw(true);
  const cols = page.columns().map((c) => c.name);
  const at = (name: string) => cols.indexOf(name);
  const [ID, SEQ, HASH, SIG, KID] = [at('id'), at('seq'), at('hash'), at('sig'), at('kid')];
  const digest = createHash('sha256');
  let digested = 0;
  let after = (range.lo ?? 1) - 1;
  const hi = range.hi ?? 0;
  let rows: unknown[][] = [];
  let done = range.lo === null;
  const keyOk = new Map<string, boolean>();
  const runs: [number, number][] = [];
  let matched = 0;

  const next = (): boolean => {
    if (done) return false;
    rows = page.all(after, hi, s.bundle_id) as unknown[][];
    if (rows.length === 0) {
      done = true;
      return false;
    }
    for (const r of rows) digestRow(digest, r);
    digested += rows.length;
    after = rows[rows.length - 1]![ID] as number;
    return true;
  };
  const label = `bundle #${s.bundle_id}'s verification (${s.name}, imported by custody entry ${s.custody_seq})`;
  return {
    label,
    matches(e: AuditEntry, key: VerifyingKey): boolean {
      let same = keyOk.get(e.kid);
      if (same === undefined) {
        same = s.keys.get(e.kid) === Buffer.from(key.raw).toString('base64');
        keyOk.set(e.kid, same);
      }
      if (!same) return false;
      // Forward only: entries of the new export come in chain order; one out of order is simply verified.
      while (rows.length === 0 || (rows[rows.length - 1]![SEQ] as number) < e.seq) if (!next()) return false;
      const i = e.seq - (rows[0]![SEQ] as number);
      const r = rows[i];
      if (r === undefined || r[SEQ] !== e.seq || r[HASH] !== e.hash || r[SIG] !== e.sig || r[KID] !== e.kid) return false;
      matched++;
      const last = runs[runs.length - 1];
      if (last && last[1] === e.seq - 1) last[1] = e.seq;
      else runs.push([e.seq, e.seq]);
      return true;
    },
    finish() {
      if (matched === 0) return [];
      while (next());
      const sha = digest.digest('hex');
      if (digested !== s.recorded.rows || sha !== s.recorded.sha256) {
        throw new EarlierRowsEditedError(
          `the audit entries the case stored for bundle #${s.bundle_id} (${s.name}) no longer match what its import recorded (custody entry ${s.custody_seq}): the case file was edited, so this export's entries cannot be matched to them. Nothing was imported; see natalia-audit custody --deep.`,
        );
      }
      return [
        {
          bundle_id: s.bundle_id,
          verification_id: s.verification_id,
          custody_seq: s.custody_seq,
          name: s.name,
          ...(s.exported_at ? { exported_at: s.exported_at } : {}),
          entries: matched,
          seqs: runs.slice(0, MAX_RUNS),
        },
      ];
    },
  };
}
