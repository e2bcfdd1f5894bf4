// Reveal register against the audit log (spec §3): each register row must
// match exactly one phone.reveal entry, the one at audit_seq whose hash is
// audit_hash, field by field; every successful phone.reveal entry of the
// exported range must have exactly one row. A refused attempt (outcome denied
// or failure) revealed nothing and has no row (clarification 2026-12-07): it
// takes no part in the matching, and a row citing one is an orphan. Runs as SQL over the store with a temporary
// match table, so memory stays flat however many reveals there are.
//
// Matching, so that one edit gives one finding at the edited row:
//  1. rows whose (audit_seq, audit_hash) name an entry exactly are matched
//     first, in file order (a second row naming the same entry is a
//     duplicate: reveal.orphan_row);
//  2. each remaining row is paired with the unmatched entry at its audit_seq,
//     else with the unmatched entry holding its reveal_id (an edited
//     audit_seq or audit_hash cell), and compared: reveal.field_mismatch;
//  3. rows still unpaired are reveal.orphan_row; entries never paired are
//     reveal.missing_row.
import type { RevealRegisterCells } from '../../model/reveal-register.js';
import type { FindingList } from './finding-list.js';
import { parseSeq, REGISTER_FILE, type CheckContext } from './context.js';

interface RowRec extends RevealRegisterCells {
  id: number;
  file: string;
  line: number;
  audit_seq: string;
  audit_hash: string;
}

interface EventRec {
  id: number;
  seq: number;
  ts: string;
  tenant: string;
  actor: string;
  role: string;
  motive: string;
  target: string;
  reveal_id: string | null;
  field: string | null;
  phone_pseudonym: string | null;
  last4: string | null;
  alert_sent_to: string | null;
  extension_id: number | string | null;
  hash: string;
  file: string;
  line: number;
}

export interface FieldDifference {
  field: string;
  register: string;
  audit: string;
}

/** The register's `a;b` cell against the entry's array: compared as ORDERED lists (spec §3 says "equal"; order is part of the value). */
function alertListsEqual(cell: string, json: string | null): boolean {
  let arr: unknown;
  try {
    arr = json === null ? undefined : JSON.parse(json);
  } catch {
    return false;
  }
  if (!Array.isArray(arr) || !arr.every((x) => typeof x === 'string')) return false;
  const cells = cell === '' ? [] : cell.split(';');
  return cells.length === arr.length && cells.every((c, i) => c === arr[i]);
}

function alertText(json: string | null): string {
  try {
    const arr = json === null ? undefined : JSON.parse(json);
    return Array.isArray(arr) ? arr.map(String).join(';') : String(json);
  } catch {
    return String(json);
  }
}

/** Every way a register row and its entry differ (empty when they agree). */
export function compareRowToEntry(r: RowRec, e: EventRec): FieldDifference[] {
  const diffs: FieldDifference[] = [];
  const cmp = (field: string, reg: string, audit: string | null | undefined) => {
    if (reg !== (audit ?? null)) diffs.push({ field, register: reg, audit: audit ?? '(absent)' });
  };
  cmp('reveal_id', r.reveal_id, e.reveal_id);
  cmp('ts', r.ts, e.ts);
  cmp('tenant', r.tenant, e.tenant);
  cmp('actor', r.actor, e.actor);
  cmp('role', r.role, e.role);
  if (e.target !== `cdr:${r.cdr_id}`) diffs.push({ field: 'cdr_id', register: r.cdr_id, audit: e.target });
  cmp('extension_id', r.extension_id, e.extension_id === null ? null : String(e.extension_id));
  cmp('field', r.field, e.field);
  cmp('phone_pseudonym', r.phone_pseudonym, e.phone_pseudonym);
  cmp('last4', r.last4, e.last4);
  cmp('motive', r.motive, e.motive);
  if (!alertListsEqual(r.alert_sent_to, e.alert_sent_to)) {
    diffs.push({ field: 'alert_sent_to', register: r.alert_sent_to, audit: alertText(e.alert_sent_to) });
  }
  cmp('audit_seq', r.audit_seq, String(e.seq));
  cmp('audit_hash', r.audit_hash, e.hash);
  return diffs;
}

const CHUNK = 1000;

/**
 * A register row `r` and its entry `e` that compareRowToEntry would find
 * equal, told in SQL. Conservative: a pair it does not vouch for is compared
 * in JavaScript, so it may only ever be true where that comparison finds no
 * difference (test/crosscheck/register-prefilter.test.ts checks it against
 * compareRowToEntry on every pair):
 * - text against text (both columns have TEXT affinity) is byte equality, as
 *   the comparison of the strings read back;
 * - extension_id: the register's is the decimal text of a safe integer (the
 *   reader refuses any other); the entry's, cast to text, is the same text
 *   exactly when it is that integer (a real casts with a point or an
 *   exponent), as String() of what is read back would say;
 * - alert_sent_to: the entry's JSON array must be written exactly as
 *   JSON.stringify writes the register's list, and the list must hold only
 *   letters, digits and . _ @ + - (a cell `a","b` would otherwise read as
 *   the two names a and b).
 */
const SAME_PAIR = `r.reveal_id IS e.reveal_id AND r.ts IS e.ts AND r.tenant IS e.tenant AND r.actor IS e.actor
  AND r.role IS e.role AND e.target IS ('cdr:' || r.cdr_id)
  AND r.extension_id IS CAST(e.extension_id AS TEXT)
  AND r.field IS e.field AND r.phone_pseudonym IS e.phone_pseudonym AND r.last4 IS e.last4 AND r.motive IS e.motive
  AND r.alert_sent_to NOT GLOB '*[^-A-Za-z0-9._@+;]*'
  AND e.alert_sent_to IS ('[' || CASE WHEN r.alert_sent_to = '' THEN '' ELSE '"' || replace(r.alert_sent_to, ';', '","') || '"' END || ']')`;

const ROW_COLUMNS = [
  'id', 'file', 'line', 'reveal_id', 'ts', 'tenant', 'actor', 'role', 'cdr_id', 'extension_id', 'field',
  'phone_pseudonym', 'last4', 'motive', 'alert_sent_to', 'audit_seq', 'audit_hash',
] as const satisfies readonly (keyof RowRec)[];
const EVENT_COLUMNS = [
  'id', 'seq', 'ts', 'tenant', 'actor', 'role', 'motive', 'target', 'reveal_id', 'field', 'phone_pseudonym',
  'last4', 'alert_sent_to', 'extension_id', 'hash', 'file', 'line',
] as const satisfies readonly (keyof EventRec)[];

/** The columns of one side of a joined row, without their prefix. */
function pick<T>(row: Record<string, unknown>, prefix: string, columns: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const c of columns) out[c] = row[prefix + c];
  return out as T;
}

export interface RegisterCheckStats {
  rows: number;
  reveals: number;
  matched: number;
}

/** Runs the register comparison; findings go to `out`. */
export function checkRegister(ctx: CheckContext, out: FindingList): RegisterCheckStats {
  const { db, bundleId } = ctx;
  const range = ctx.range;
  db.exec('DROP TABLE IF EXISTS temp.register_match');
  db.exec('CREATE TEMP TABLE register_match (row_id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL UNIQUE)');
  try {
    // 1. Exact pairs by (audit_seq, audit_hash), first row in file order wins.
    db.prepare(
      `INSERT OR IGNORE INTO temp.register_match (row_id, event_id)
       SELECT r.id, e.id FROM reveal_rows r
       JOIN reveal_events e ON e.bundle_id = r.bundle_id AND e.seq = CAST(r.audit_seq AS INTEGER) AND e.hash = r.audit_hash
       AND e.outcome = 'success'
       WHERE r.bundle_id = ? AND CAST(CAST(r.audit_seq AS INTEGER) AS TEXT) = r.audit_seq
       ORDER BY r.line, e.id`,
    ).run(bundleId);

    const eventAtSeq = db.prepare(
      `SELECT e.* FROM reveal_events e WHERE e.bundle_id = ? AND e.seq = ? AND e.outcome = 'success'
       AND NOT EXISTS (SELECT 1 FROM temp.register_match m WHERE m.event_id = e.id) ORDER BY e.id LIMIT 1`,
    );
    const eventByRevealId = db.prepare(
      `SELECT e.* FROM reveal_events e WHERE e.bundle_id = ? AND e.reveal_id = ? AND e.outcome = 'success'
       AND NOT EXISTS (SELECT 1 FROM temp.register_match m WHERE m.event_id = e.id) ORDER BY e.id LIMIT 1`,
    );
    const anyEventAtSeq = db.prepare('SELECT id, outcome FROM reveal_events WHERE bundle_id = ? AND seq = ? ORDER BY id LIMIT 1');
    const matchOfEvent = db.prepare(
      `SELECT r.line FROM temp.register_match m JOIN reveal_rows r ON r.id = m.row_id
       JOIN reveal_events e ON e.id = m.event_id WHERE e.bundle_id = ? AND e.seq = ? ORDER BY r.line LIMIT 1`,
    );
    const entryAtSeq = db.prepare('SELECT action FROM audit_entries WHERE bundle_id = ? AND seq = ? LIMIT 1');
    const unmatchedRows = db.prepare(
      `SELECT r.* FROM reveal_rows r WHERE r.bundle_id = ? AND r.line > ?
       AND NOT EXISTS (SELECT 1 FROM temp.register_match m WHERE m.row_id = r.id) ORDER BY r.line LIMIT ${CHUNK}`,
    );
    const insertMatch = db.prepare('INSERT INTO temp.register_match (row_id, event_id) VALUES (?, ?)');

    const orphanReason = (seq: number | null): string => {
      if (seq === null) return 'that is not a sequence number, and no phone.reveal entry holds its reveal_id.';
      if (!range || range.first_seq === null || range.last_seq === null) return 'the bundle holds no readable audit log to match it.';
      if (seq < range.first_seq || seq > range.last_seq) {
        return `the exported audit log covers seq ${range.first_seq} to ${range.last_seq} only, and no phone.reveal entry in it holds this reveal_id.`;
      }
      const atSeq = anyEventAtSeq.get(bundleId, seq) as { outcome: string } | undefined;
      if (atSeq && atSeq.outcome !== 'success') {
        return `the phone.reveal entry at that seq records a refused attempt (outcome ${JSON.stringify(atSeq.outcome)}), which revealed nothing and has no register row.`;
      }
      if (atSeq) {
        const dup = matchOfEvent.get(bundleId, seq) as { line: number } | undefined;
        return `the phone.reveal entry at that seq already has its register row${dup ? ` (line ${dup.line})` : ''}: this row is a duplicate.`;
      }
      const a = entryAtSeq.get(bundleId, seq) as { action: string } | undefined;
      return a ? `the entry at that seq is a ${a.action}, not a phone.reveal.` : 'the entry at that seq is not a phone.reveal.';
    };

    // 2 and 3: rows without an exact pair, in chunks (reads, then writes).
    let lastLine = 0;
    for (;;) {
      const rows = unmatchedRows.all(bundleId, lastLine) as RowRec[];
      if (rows.length === 0) break;
      lastLine = rows[rows.length - 1]!.line;
      for (const r of rows) {
        const seq = parseSeq(r.audit_seq);
        const e =
          ((seq !== null ? eventAtSeq.get(bundleId, seq) : undefined) as EventRec | undefined) ??
          ((r.reveal_id !== '' ? eventByRevealId.get(bundleId, r.reveal_id) : undefined) as EventRec | undefined);
        if (e) {
          insertMatch.run(r.id, e.id);
          reportMismatch(out, r, e);
          continue;
        }
        out.add({
          code: 'reveal.orphan_row',
          file: r.file,
          line: r.line,
          seq: seq ?? undefined,
          reveal_id: r.reveal_id || undefined,
          message: `Register row ${r.reveal_id || '(no reveal_id)'} cites audit seq ${r.audit_seq || '(empty)'}, but ${orphanReason(seq)}`,
          details: { audit_seq: r.audit_seq, audit_hash: r.audit_hash },
        });
      }
    }

    // Exact pairs can still differ in fields the hash does not name (the register is not signed).
    // Both sides of a pair come in one row (one query per chunk, not two per pair), and only
    // the pairs SQL cannot show to agree (SAME_PAIR): nearly all agree, and reading them into
    // objects to compare was most of the check's time.
    const exact = db.prepare(
      // Driven by the rowid range (`+` keeps the planner off the bundle_id index), so each chunk
      // reads only its own rows: the index scan sorted the whole register again for every chunk.
      `SELECT ${ROW_COLUMNS.map((c) => `r.${c} AS r_${c}`).join(', ')}, ${EVENT_COLUMNS.map((c) => `e.${c} AS e_${c}`).join(', ')}
       FROM reveal_rows r JOIN temp.register_match m ON m.row_id = r.id
       JOIN reveal_events e ON e.id = m.event_id WHERE r.id > ? AND +r.bundle_id = ? AND r.audit_hash = e.hash
       AND r.audit_seq = CAST(e.seq AS TEXT) AND NOT (${SAME_PAIR}) ORDER BY r.id LIMIT ${CHUNK}`,
    );
    let lastId = 0;
    for (;;) {
      const pairs = exact.all(lastId, bundleId) as Record<string, unknown>[];
      if (pairs.length === 0) break;
      lastId = pairs[pairs.length - 1]!.r_id as number;
      for (const p of pairs) reportMismatch(out, pick<RowRec>(p, 'r_', ROW_COLUMNS), pick<EventRec>(p, 'e_', EVENT_COLUMNS));
    }

    // Entries no row matched.
    const missing = db.prepare(
      `SELECT e.* FROM reveal_events e WHERE e.bundle_id = ? AND e.outcome = 'success'
       AND NOT EXISTS (SELECT 1 FROM temp.register_match m WHERE m.event_id = e.id) ORDER BY e.seq, e.id`,
    );
    for (const e of missing.iterate(bundleId) as IterableIterator<EventRec>) {
      out.add({
        code: 'reveal.missing_row',
        file: e.file,
        line: e.line,
        seq: e.seq,
        reveal_id: e.reveal_id ?? undefined,
        message: `Audit entry seq ${e.seq} records reveal ${e.reveal_id ?? '(no reveal_id)'} by ${e.actor} at ${e.ts} (${e.target}), but the reveal register (${ctx.files.register ?? REGISTER_FILE}) has no row for it.`,
        details: { actor: e.actor, ts: e.ts, target: e.target },
      });
    }

    const count = (sql: string) => (db.prepare(sql).get(bundleId) as { n: number }).n;
    return {
      rows: count('SELECT count(*) AS n FROM reveal_rows WHERE bundle_id = ?'),
      reveals: count("SELECT count(*) AS n FROM reveal_events WHERE bundle_id = ? AND outcome = 'success'"),
      matched: (db.prepare('SELECT count(*) AS n FROM temp.register_match').get() as { n: number }).n,
    };
  } finally {
    db.exec('DROP TABLE IF EXISTS temp.register_match');
  }
}

function reportMismatch(out: FindingList, r: RowRec, e: EventRec) {
  const diffs = compareRowToEntry(r, e);
  if (diffs.length === 0) return;
  const what = diffs.map((d) => `${d.field} (register "${d.register}", audit "${d.audit}")`).join('; ');
  out.add({
    code: 'reveal.field_mismatch',
    file: r.file,
    line: r.line,
    seq: e.seq,
    reveal_id: e.reveal_id ?? (r.reveal_id || undefined),
    message: `Register row for reveal ${e.reveal_id ?? r.reveal_id} disagrees with its audit entry (seq ${e.seq}, ${e.file} line ${e.line}) on ${what}.`,
    details: { differences: diffs, audit_file: e.file, audit_line: e.line },
  });
}
