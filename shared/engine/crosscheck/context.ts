// What every cross-check reads: the store holding one bundle's evidence and
// which of the bundle's inputs were loaded.
import type Database from 'better-sqlite3';
import type { AuditRange } from '../store/evidence-store.js';

export const REGISTER_FILE = 'data/reveal/reveal-log.csv';
export const DUMP_FILE = 'data/db/natalia.sql';
export const CERTIFICATE_RE = /^data\/erasure\/[^/]+\.json$/;

export interface CheckContext {
  db: Database.Database;
  bundleId: number;
  /** The audit log pass; undefined or empty when the bundle had no readable audit log. */
  range: AuditRange | undefined;
  /** Natalia-Exported-At in epoch ms, when bag-info gives a well-formed one. */
  exportedMs: number | null;
  installationId: string | undefined;
  /** Inputs loaded into the store (bag-relative paths). */
  files: {
    register?: string;
    dump?: string;
    certificates: string[];
  };
}

export function hasAudit(ctx: CheckContext): boolean {
  return (ctx.range?.entry_count ?? 0) > 0;
}

/** A register or CSV cell that holds a seq: canonical decimal (no sign, no leading zero), else null. */
export function parseSeq(text: string | null | undefined): number | null {
  if (typeof text !== 'string' || !/^[1-9][0-9]{0,15}$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}
