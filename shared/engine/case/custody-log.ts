// The case's chain of custody: every import, verification, report and note,
// with when, which OS user on which host, and which workstation version.
// Append-only (the table's triggers refuse UPDATE and DELETE) and hash
// chained: each entry's hash covers its content and the previous hash, so an
// entry edited, removed or inserted with a database tool breaks the chain at
// that point. (A rewrite of the WHOLE chain is not detectable from inside the
// file; copies of the head hash kept elsewhere, e.g. in reports, detect it.)
import { hostname, userInfo } from 'node:os';
import type Database from 'better-sqlite3';
import { canonicalize } from '../crypto/jcs.js';
import { sha256Hex } from '../crypto/hash.js';
import { storedVerificationDigest } from '../store/evidence-store.js';
import { msOf } from '../store/audit-sink.js';
import { ZERO_HASH } from '../crypto/encoding.js';
import { WORKSTATION_VERSION } from '../version.js';
import { reviewEventProblems } from '../review/review-custody.js';
import { derivedDifferences, derivedDigest, type DerivedDigest } from './derived-digest.js';

export type CustodyAction =
  | 'case.create'
  | 'bundle.import'
  /** Verified again under the trust store of the day; the new result is the bundle's current one. */
  | 'bundle.verify'
  /** Excluded from the case by the auditor (with a reason), or included again: see bundle-standing.ts. */
  | 'bundle.exclude'
  | 'bundle.include'
  | 'report.create'
  | 'note.add'
  | 'tag.add'
  | 'tag.remove'
  /** A CAIQ answer declared in the case's answer library (or imported into it). */
  | 'answer.declare'
  /** Erasure-report data the appliance does not hold: a deadline extension or a review. */
  | 'review.record'
  /** The controller and DPO the case's erasure reports name (case-parties.ts). */
  | 'case.parties'
  /** The auditor's review of a subject (engine/review): a tag, star, comment or decision. */
  | 'review.annotate'
  /** A saved view (a named filter of a screen) saved or deleted. */
  | 'view.save'
  /** The case was exported as a portable case, or a portable case was opened into this file. */
  | 'case.export'
  | 'case.receive'
  /**
   * This file is the part of a case tagged for a colleague (portable/case-part.ts):
   * lists the entries whose content was withheld (WITHHELD_ACTION) and why.
   */
  | 'case.part';

/**
 * The action a custody entry of a tagged part carries when its content was
 * left out (another subject's review, a saved view, a CAIQ answer...): its
 * seq, time, link and hash stay, so the chain still links, but its content
 * cannot be recomputed. Accepted only where a later `case.part` entry lists
 * it; anywhere else it is an edit.
 */
export const WITHHELD_ACTION = 'withheld';

export interface CustodyRecord {
  seq: number;
  ts: string;
  os_user: string;
  host: string;
  workstation_version: string;
  action: string;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

export interface CustodyCheck {
  ok: boolean;
  entries: number;
  headHash: string;
  /**
   * Whether each import's derived rows (audit entries, register, certificates,
   * dump rows and CDR summary) were recomputed against the digest its custody
   * entry recorded (derived-digest.ts): slow on a big case, so on request.
   */
  deep: boolean;
  /** Imports whose rows were recomputed and match (deep only). */
  rowsChecked?: { bundle_id: number; seq: number; name: string }[];
  /** Imports whose custody entry recorded no digest of their rows (made before it existed): not checked (deep only). */
  rowsUncheckable?: { bundle_id: number; seq: number; name: string }[];
  /** First problem found, located at its custody seq. */
  problems: { seq: number; message: string }[];
}

/** The OS account running the workstation (never a secret: a name the auditor can recognise). */
export function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

export function custodyHash(r: Omit<CustodyRecord, 'hash'>): string {
  return sha256Hex(
    canonicalize({
      seq: r.seq,
      ts: r.ts,
      os_user: r.os_user,
      host: r.host,
      workstation_version: r.workstation_version,
      action: r.action,
      details: r.details,
      prev_hash: r.prev_hash,
    }),
  );
}

/** Appends an entry in the caller's transaction (an import's entry commits or rolls back with it). */
export function appendCustody(db: Database.Database, action: CustodyAction, details: Record<string, unknown>, now = new Date()): CustodyRecord {
  const last = db.prepare('SELECT seq, hash FROM custody_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  const base = {
    seq: (last?.seq ?? 0) + 1,
    ts: now.toISOString(),
    os_user: osUser(),
    host: hostname(),
    workstation_version: WORKSTATION_VERSION,
    action,
    details: JSON.parse(JSON.stringify(details)) as Record<string, unknown>,
    prev_hash: last?.hash ?? ZERO_HASH,
  };
  const rec: CustodyRecord = { ...base, hash: custodyHash(base) };
  db.prepare(
    'INSERT INTO custody_log (seq, ts, os_user, host, workstation_version, action, details, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)',
  ).run(rec.seq, rec.ts, rec.os_user, rec.host, rec.workstation_version, rec.action, canonicalize(rec.details), rec.prev_hash, rec.hash);
  return rec;
}

export function readCustody(db: Database.Database): CustodyRecord[] {
  const rows = db.prepare('SELECT * FROM custody_log ORDER BY seq').all() as (Omit<CustodyRecord, 'details'> & { details: string })[];
  return rows.map((r) => {
    let details: Record<string, unknown>;
    try {
      details = JSON.parse(r.details) as Record<string, unknown>;
    } catch {
      details = { unreadable: r.details };
    }
    return { ...r, details };
  });
}

/**
 * Each stored verification against what the custody entry of its import
 * recorded: its verdict, and (cases from 0.1.0 on) the SHA-256 of the stored
 * result. Reports cite these results, so a verdict or finding edited in the
 * case file with a database tool must show here, as an edited custody entry
 * does; and a verification no custody entry records was not made by the
 * workstation.
 */
function verificationProblems(db: Database.Database, records: CustodyRecord[]): CustodyCheck['problems'] {
  const problems: CustodyCheck['problems'] = [];
  const recorded = new Set<number>();
  for (const r of records) {
    // An import's verification, or a later one made under the trust store of the day (reverify-bundle.ts).
    if ((r.action !== 'bundle.import' && r.action !== 'bundle.verify') || typeof r.details.verification_id !== 'number') continue;
    const id = r.details.verification_id;
    recorded.add(id);
    const row = storedVerificationDigest(db, id);
    const what = `verification #${id} of bundle #${String(r.details.bundle_id)}`;
    const edited = `: the case file was edited`;
    if (!row) {
      problems.push({ seq: r.seq, message: `${what}, recorded by custody entry ${r.seq}, is missing from the case` });
    } else if (row.bundle_id !== r.details.bundle_id) {
      problems.push({ seq: r.seq, message: `${what} is stored as bundle #${row.bundle_id}'s, not the bundle custody entry ${r.seq} recorded${edited}` });
    } else if (row.verdict !== r.details.verdict) {
      problems.push({ seq: r.seq, message: `${what} says "${row.verdict}" where custody entry ${r.seq} recorded "${String(r.details.verdict)}"${edited}` });
    } else if (typeof r.details.result_sha256 === 'string' && row.result_sha256 !== r.details.result_sha256) {
      problems.push({ seq: r.seq, message: `${what} is not the result custody entry ${r.seq} recorded (its findings or facts were changed)${edited}` });
    } else if (!row.findings_agree) {
      problems.push({ seq: r.seq, message: `the findings listed for ${what} are not those of its result (rows were added, removed or changed)${edited}` });
    }
  }
  for (const { id } of db.prepare('SELECT id FROM verifications ORDER BY id').all() as { id: number }[]) {
    if (!recorded.has(id)) problems.push({ seq: 0, message: `verification #${id} is in the case but no custody entry records it: it was not made by the workstation` });
  }
  return problems;
}

/** The bundle facts an import's custody entry records, as the bundles row holds them (the history check orders exports by them). */
const BUNDLE_FACTS = ['name', 'form', 'installation_id', 'exported_at'] as const;

/**
 * Each imported bundle's row against its custody entry: which installation
 * it is and when it was exported decide which exports the history check
 * compares, and in which order. Cheap (one row per bundle), so the plain
 * check does it too; the derived digest (deep) covers the rest of the row.
 */
function bundleRowProblems(db: Database.Database, records: CustodyRecord[]): CustodyCheck['problems'] {
  const problems: CustodyCheck['problems'] = [];
  const row = db.prepare('SELECT name, form, installation_id, exported_at, exported_ms FROM bundles WHERE id = ?');
  for (const r of records) {
    if (r.action !== 'bundle.import' || typeof r.details.bundle_id !== 'number') continue;
    const b = row.get(r.details.bundle_id) as Record<(typeof BUNDLE_FACTS)[number] | 'exported_ms', string | number | null> | undefined;
    const what = `bundle #${r.details.bundle_id}`;
    if (!b) {
      problems.push({ seq: r.seq, message: `${what}, imported by custody entry ${r.seq}, is missing from the case: the case file was edited` });
      continue;
    }
    const said = BUNDLE_FACTS.filter((k) => k in r.details && (r.details[k] ?? null) !== b[k]).map(
      (k) => `${k} ${JSON.stringify(b[k])} where custody entry ${r.seq} recorded ${JSON.stringify(r.details[k] ?? null)}`,
    );
    // The history check orders exports by exported_ms: it must be the time exported_at names.
    if (b.exported_ms !== msOf(b.exported_at)) said.push(`exported_ms ${JSON.stringify(b.exported_ms)}, which is not the time its exported_at names`);
    if (said.length) problems.push({ seq: r.seq, message: `${what} is stored with ${said.join(', ')}: the case file was edited` });
  }
  return problems;
}

/**
 * Each import's derived rows against the digest its custody entry recorded.
 * Imports from before this version recorded none: they are named as not
 * checkable, never as matching.
 */
function derivedRowProblems(
  db: Database.Database,
  records: CustodyRecord[],
): { problems: CustodyCheck['problems']; checked: NonNullable<CustodyCheck['rowsChecked']>; uncheckable: NonNullable<CustodyCheck['rowsUncheckable']> } {
  const problems: CustodyCheck['problems'] = [];
  const checked: NonNullable<CustodyCheck['rowsChecked']> = [];
  const uncheckable: NonNullable<CustodyCheck['rowsUncheckable']> = [];
  for (const r of records) {
    if (r.action !== 'bundle.import' || typeof r.details.bundle_id !== 'number') continue;
    const recorded = r.details.derived as DerivedDigest | undefined;
    const name = String(r.details.name ?? '');
    const what = `the rows the case derived from bundle #${r.details.bundle_id} (${name}, imported by custody entry ${r.seq})`;
    if (!recorded || typeof recorded.sha256 !== 'string' || typeof recorded.tables !== 'object') {
      uncheckable.push({ bundle_id: r.details.bundle_id, seq: r.seq, name });
      continue;
    }
    const now = derivedDigest(db, r.details.bundle_id, Object.keys(recorded.tables));
    if (now.sha256 === recorded.sha256) {
      checked.push({ bundle_id: r.details.bundle_id, seq: r.seq, name });
      continue;
    }
    const diff = derivedDifferences(recorded, now);
    problems.push({ seq: r.seq, message: `${what} no longer match what the import stored (${diff.join('; ') || 'their digest differs'}): the case file was edited` });
  }
  return { problems, checked, uncheckable };
}

/** The seqs a later `case.part` entry lists as withheld (an entry can only list earlier ones). */
function withheldSeqs(records: readonly CustodyRecord[]): Set<number> {
  const out = new Set<number>();
  for (const r of records) {
    if (r.action !== 'case.part' || !Array.isArray(r.details.withheld)) continue;
    for (const s of r.details.withheld) if (typeof s === 'number' && s < r.seq) out.add(s);
  }
  return out;
}

/**
 * Recomputes every hash and link of the chain, and checks the stored
 * verifications against it; `deep` also recomputes each import's derived rows.
 */
export function verifyCustody(db: Database.Database, opts: { deep?: boolean } = {}): CustodyCheck {
  const problems: CustodyCheck['problems'] = [];
  let prev = ZERO_HASH;
  let expectedSeq = 1;
  let n = 0;
  const records = readCustody(db);
  const withheld = withheldSeqs(records);
  for (const r of records) {
    n++;
    if (r.seq !== expectedSeq) problems.push({ seq: r.seq, message: `custody entry ${r.seq} follows ${expectedSeq - 1}: entries are missing` });
    if (r.prev_hash !== prev) problems.push({ seq: r.seq, message: `custody entry ${r.seq} does not link to the entry before it` });
    const { hash, ...rest } = r;
    if (r.action === WITHHELD_ACTION) {
      // Its hash is bound by the next entry's link; its content is not in this file.
      if (!withheld.has(r.seq)) problems.push({ seq: r.seq, message: `custody entry ${r.seq}'s content was removed, and no part export lists it as withheld` });
    } else if (custodyHash(rest) !== hash) problems.push({ seq: r.seq, message: `custody entry ${r.seq} was altered: its content no longer matches its hash` });
    prev = hash;
    expectedSeq = r.seq + 1;
  }
  problems.push(...verificationProblems(db, records));
  problems.push(...bundleRowProblems(db, records));
  problems.push(...reviewEventProblems(db, records));
  if (!opts.deep) return { ok: problems.length === 0, entries: n, headHash: prev, problems, deep: false };
  const rows = derivedRowProblems(db, records);
  problems.push(...rows.problems);
  return { ok: problems.length === 0, entries: n, headHash: prev, problems, deep: true, rowsChecked: rows.checked, rowsUncheckable: rows.uncheckable };
}
