// seal.json (spec §2.5): signed with the audit key in force at export, it
// binds the end of the log, so entries removed or added at the tail show.
import { readFile, stat } from 'node:fs/promises';
import { parseStrictJson } from '../crypto/strict-json.js';
import { finding, type Finding } from '../../model/findings.js';
import { isKid, isSha256Hex } from '../crypto/encoding.js';
import { verifySignedObject } from '../crypto/signed-object.js';
import type { KeySchedule } from './key-schedule.js';
import { isRfc3339Ms } from '../time/rfc3339.js';

export interface AuditSeal {
  format: 'natalia.audit-seal.v1';
  installation_id: string;
  first_seq: number;
  last_seq: number;
  last_hash: string;
  entry_count: number;
  exported_at: string;
  kid: string;
  sig: string;
}

const SEAL_MEMBERS = [
  'format',
  'installation_id',
  'first_seq',
  'last_seq',
  'last_hash',
  'entry_count',
  'exported_at',
  'kid',
  'sig',
] as const;

const MAX_SEAL_BYTES = 64 * 1024;

const isCount = (v: unknown, min: number): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;

/** Reads seal.json strictly: exactly its nine members, each of the right type and form. */
export async function readSeal(absPath: string): Promise<{ seal: AuditSeal } | { problem: string }> {
  let text: string;
  try {
    const size = (await stat(absPath)).size;
    if (size > MAX_SEAL_BYTES) return { problem: `seal.json is ${size} bytes, far more than a seal holds` };
    text = await readFile(absPath, 'utf8');
  } catch (e) {
    return { problem: `seal.json cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  let v: unknown;
  try {
    v = parseStrictJson(text);
  } catch (e) {
    return { problem: `seal.json is not valid JSON (${(e as Error).message})` };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { problem: 'seal.json is not a JSON object' };
  const o = v as Record<string, unknown>;
  const extra = Object.keys(o).filter((k) => !(SEAL_MEMBERS as readonly string[]).includes(k));
  const missing = SEAL_MEMBERS.filter((k) => !(k in o));
  if (extra.length || missing.length) {
    return {
      problem: `seal.json does not have exactly the seal members (${[
        missing.length ? `missing ${missing.join(', ')}` : '',
        extra.length ? `unexpected ${extra.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; ')})`,
    };
  }
  const bad: string[] = [];
  if (o.format !== 'natalia.audit-seal.v1') bad.push('format is not natalia.audit-seal.v1');
  if (typeof o.installation_id !== 'string') bad.push('installation_id is not a string');
  if (!isCount(o.first_seq, 1)) bad.push('first_seq is not an integer >= 1');
  if (!isCount(o.last_seq, 0)) bad.push('last_seq is not an integer >= 0');
  if (!isSha256Hex(o.last_hash)) bad.push('last_hash is not a SHA-256 hex');
  if (!isCount(o.entry_count, 0)) bad.push('entry_count is not an integer >= 0');
  if (!isRfc3339Ms(o.exported_at)) bad.push('exported_at is not RFC 3339 UTC with milliseconds');
  if (!isKid(o.kid)) bad.push('kid is not a key id');
  if (typeof o.sig !== 'string') bad.push('sig is not a string');
  if (bad.length) return { problem: `seal.json is malformed: ${bad.join('; ')}` };
  return { seal: o as unknown as AuditSeal };
}

export interface SealContext {
  sealFile: string;
  logFile: string;
  schedule: KeySchedule;
  installationId?: string;
  exportedAt?: string;
  /** Entry slots read in the log (readable or not). */
  count: number;
  first?: { seq: number };
  last?: { seq: number; hash: string; line: number };
  /** The log's head is unaccounted for (head_missing): the seal's first_seq/entry_count may then differ by exactly the missing part. */
  headMissing?: boolean;
  /** The chain has seq gaps or duplicates: a different count is already reported there. */
  chainDisorder?: boolean;
  /** The log file could not be read at all: only the seal's own validity is checked. */
  logUnreadable?: boolean;
}

export interface SealOutcome {
  findings: Finding[];
  seal?: AuditSeal;
  /** Key that verified the seal. */
  kid?: string;
  /** The seal agrees, except for a head that the head check already reports: how many entries it says are missing there. */
  headShortfall?: number;
}

/** Verifies the seal's signature with the key in force at export, then compares it with the log's ends. */
export function checkSeal(parsed: { seal: AuditSeal } | { problem: string }, ctx: SealContext): SealOutcome {
  const sealFinding = (message: string, details?: Record<string, unknown>) =>
    finding({ code: 'audit.tail_mismatch', file: ctx.sealFile, message, ...(details ? { details } : {}) });
  if ('problem' in parsed) return { findings: [sealFinding(`The end of the log cannot be checked: ${parsed.problem}.`)] };
  const seal = parsed.seal;
  const key = ctx.schedule.inForceAt(seal.exported_at).find((k) => k.kid === seal.kid);
  if (!key) {
    const c = ctx.schedule.check(seal.kid, seal.exported_at);
    const why = 'reason' in c ? c.reason : `it was not allowed at ${seal.exported_at}`;
    return {
      seal,
      findings: [sealFinding(`seal.json is signed with key ${seal.kid}, which is not the audit key in force at export: ${why}.`)],
    };
  }
  if (!verifySignedObject('natalia.seal.v1', seal as unknown as Record<string, unknown>, key)) {
    return { seal, findings: [sealFinding(`The signature of seal.json does not verify with key ${seal.kid}: the seal was altered or forged.`)] };
  }
  const out: SealOutcome = { seal, kid: key.kid, findings: [] };

  const sealOnly: string[] = [];
  if (ctx.installationId !== undefined && seal.installation_id !== ctx.installationId) {
    sealOnly.push(`it names installation ${seal.installation_id}, the bundle ${ctx.installationId}`);
  }
  if (ctx.exportedAt !== undefined && seal.exported_at !== ctx.exportedAt) {
    sealOnly.push(`it was made at ${seal.exported_at}, the bundle says it was exported at ${ctx.exportedAt}`);
  }
  if (sealOnly.length) out.findings.push(sealFinding(`seal.json does not belong to this export: ${sealOnly.join('; ')}.`));

  if (ctx.logUnreadable) return out;
  const tail: string[] = [];
  const details: Record<string, unknown> = {};
  const last = ctx.last;
  if (!last) {
    if (seal.entry_count !== 0) tail.push(`the log holds no entry, the seal covers ${seal.entry_count}`);
  } else {
    if (last.seq !== seal.last_seq) tail.push(`the log ends at seq ${last.seq}, the seal at seq ${seal.last_seq}`);
    if (last.hash !== seal.last_hash) tail.push(`the last entry's hash is ${last.hash}, the seal's last_hash ${seal.last_hash}`);
  }
  let headDiff = false;
  if (ctx.first && ctx.first.seq !== seal.first_seq) headDiff = true;
  if (ctx.count !== seal.entry_count && !ctx.chainDisorder) headDiff = true;
  if (headDiff) {
    const shortfall = ctx.first ? ctx.first.seq - seal.first_seq : 0;
    if (tail.length === 0 && ctx.headMissing && shortfall > 0 && seal.entry_count === ctx.count + shortfall) {
      out.headShortfall = shortfall;
    } else {
      if (ctx.first && ctx.first.seq !== seal.first_seq) tail.push(`the log starts at seq ${ctx.first.seq}, the seal at seq ${seal.first_seq}`);
      if (ctx.count !== seal.entry_count && !ctx.chainDisorder) tail.push(`the log holds ${ctx.count} entries, the seal counts ${seal.entry_count}`);
    }
  }
  if (tail.length) {
    Object.assign(details, {
      seal_first_seq: seal.first_seq,
      seal_last_seq: seal.last_seq,
      seal_last_hash: seal.last_hash,
      seal_entry_count: seal.entry_count,
      log_entry_count: ctx.count,
      ...(last ? { log_last_seq: last.seq, log_last_hash: last.hash } : {}),
    });
    out.findings.push(
      finding({
        code: 'audit.tail_mismatch',
        file: last ? ctx.logFile : ctx.sealFile,
        ...(last ? { line: last.line, seq: last.seq } : {}),
        message: `The log does not match its seal (${ctx.sealFile}): ${tail.join('; ')}. Entries were removed or added at the end after export.`,
        details,
      }),
    );
  }
  return out;
}
