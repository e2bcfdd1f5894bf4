// Receives audit entries in chain order from the audit verifier and stores
// them. A plain verification keeps only what cross-checks and replay read; a
// case import keeps every entry for the audit explorer. Either way the range
// summary (first/last seq, count) covers every entry seen.
import type Database from 'better-sqlite3';
import type { AuditEntry, EntryLocation } from '../../model/audit-entry.js';
import { canonicalize } from '../crypto/jcs.js';
import { isRfc3339Ms, toMs } from '../time/rfc3339.js';
import { BatchInserter } from './batch-inserter.js';
import { deferIndexes } from './deferred-indexes.js';

/**
 * Actions whose entries the cross-checks read from audit_entries, kept even
 * when not every entry is. phone.reveal is not among them: the reveal checks
 * read reveal_events, which holds every reveal with what they compare, and
 * storing reveals twice was a quarter of a plain verification's storage time.
 */
export function isKeptAction(action: string): boolean {
  return (
    action === 'key.rotate' ||
    action === 'clock.anomaly' ||
    action === 'retention.purge' ||
    action === 'audit.export' ||
    action.startsWith('erasure.') ||
    action.startsWith('license.') ||
    action.startsWith('user.')
  );
}

export interface AuditSinkOptions {
  /** Keep every entry (case import), not only the kept actions. */
  all: boolean;
}

export interface AuditSink {
  add(entry: AuditEntry, loc: EntryLocation): void;
  /** Writes what is buffered and the range summary. Call once, after the last entry. */
  flush(): void;
}

const AUDIT_SQL = `INSERT INTO audit_entries (bundle_id, ord, seq, ts, ts_ms, tenant, actor, role, action, target, outcome,
  motive, source_ip, user_agent, request_id, details, prev_hash, hash, kid, sig, file, line)
  VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`;

const REVEAL_SQL = `INSERT INTO reveal_events (bundle_id, seq, ts, ts_ms, tenant, actor, role, outcome, motive, target,
  reveal_id, field, phone_pseudonym, last4, alert_sent_to, extension_id, hash, file, line)
  VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`;

/** Epoch ms of a well-formed RFC 3339 time, else null (malformed times are findings elsewhere). */
export function msOf(ts: unknown): number | null {
  return isRfc3339Ms(ts) ? toMs(ts) : null;
}

/** Canonical text of the details object; a value JCS refuses (a float) falls back to plain JSON. */
function detailsText(details: unknown): string {
  try {
    return canonicalize(details ?? {});
  } catch {
    return JSON.stringify(details ?? {});
  }
}

/** A detail value as stored: strings as they are, other values as JSON text, absent as NULL. */
export function detailText(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** A top-level field as text: the verifier hands typed entries, but a stored row must never be NULL. */
function t(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

function detailInt(v: unknown): number | string | null {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  return detailText(v);
}

export function createAuditSink(db: Database.Database, bundleId: number, opts: AuditSinkOptions): AuditSink {
  const rebuild = [deferIndexes(db, 'audit_entries'), deferIndexes(db, 'reveal_events')];
  const entries = new BatchInserter(db, AUDIT_SQL);
  const reveals = new BatchInserter(db, REVEAL_SQL);
  let ord = 0;
  let first: AuditEntry | undefined;
  let last: AuditEntry | undefined;
  let flushed = false;
  return {
    add(e, loc) {
      ord++;
      first ??= e;
      last = e;
      const action = String(e.action);
      if (opts.all || isKeptAction(action)) {
        entries.add([
          bundleId, ord, e.seq, t(e.ts), msOf(e.ts), t(e.tenant), t(e.actor), t(e.role), action, t(e.target), t(e.outcome),
          t(e.motive), t(e.source_ip), t(e.user_agent), t(e.request_id), detailsText(e.details), t(e.prev_hash), t(e.hash),
          t(e.kid), t(e.sig), loc.file, loc.line,
        ]);
      }
      if (action === 'phone.reveal') {
        const d = (e.details ?? {}) as Record<string, unknown>;
        reveals.add([
          bundleId, e.seq, t(e.ts), msOf(e.ts), t(e.tenant), t(e.actor), t(e.role), t(e.outcome), t(e.motive), t(e.target),
          detailText(d.reveal_id), detailText(d.field), detailText(d.phone_pseudonym), detailText(d.last4),
          d.alert_sent_to === undefined ? null : JSON.stringify(d.alert_sent_to), detailInt(d.extension_id),
          t(e.hash), loc.file, loc.line,
        ]);
      }
    },
    flush() {
      if (flushed) throw new Error('audit sink flushed twice');
      flushed = true;
      entries.flush();
      reveals.flush();
      for (const r of rebuild) r();
      db.prepare(
        `INSERT INTO audit_ranges (bundle_id, first_seq, last_seq, entry_count, stored_count, all_entries, first_ts, last_ts)
         VALUES (?,?,?,?,?,?,?,?)`,
      ).run(bundleId, first?.seq ?? null, last?.seq ?? null, ord, entries.count, opts.all ? 1 : 0, first?.ts ?? null, last?.ts ?? null);
    },
  };
}
