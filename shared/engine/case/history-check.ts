// Successive exports of one installation in a case: the appliance only
// appends to its audit log, so a newer export must extend the older one. Every
// seq both exports hold must be the same entry, field for field; the older
// export's last (sealed) entry must still be there, unless audit retention
// (spec §2.4) purged it, in which case the newer export's first entry must
// still link to the entry before it when the older export holds that one.
// Any difference is case.history_rewritten at the first seq that differs.
import { finding, type Finding } from '../../model/findings.js';
import type { EvidenceStore } from '../store/evidence-store.js';

interface Side {
  id: number;
  name: string;
  exported_at: string | null;
  exported_ms: number | null;
  first_seq: number;
  last_seq: number;
}

/** Every field of an entry: two stored entries are the same entry when all are equal. */
const FIELDS = ['ts', 'tenant', 'actor', 'role', 'action', 'target', 'outcome', 'motive', 'source_ip', 'user_agent', 'request_id', 'details', 'prev_hash', 'hash', 'kid', 'sig'] as const;
const SAME = FIELDS.map((c) => `n.${c} IS o.${c}`).join(' AND ');

/** Export order: by export time, then by how far the log goes. */
function older(a: Side, b: Side): number {
  return (a.exported_ms ?? 0) - (b.exported_ms ?? 0) || a.last_seq - b.last_seq || a.id - b.id;
}

export function exportsOf(store: EvidenceStore, installationId: string): Side[] {
  return (
    store.db
      .prepare(
        `SELECT b.id, b.name, b.exported_at, b.exported_ms, a.first_seq, a.last_seq FROM bundles b
         JOIN audit_ranges a ON a.bundle_id = b.id
         WHERE b.installation_id = ? AND a.all_entries = 1 AND a.entry_count > 0`,
      )
      .all(installationId) as Side[]
  ).sort(older);
}

/** Checks a bundle against the exports of its installation just before and after it. */
export function checkHistory(store: EvidenceStore, bundleId: number): Finding[] {
  const b = store.bundle(bundleId);
  if (!b?.installation_id) return [];
  const sides = exportsOf(store, b.installation_id);
  const i = sides.findIndex((s) => s.id === bundleId);
  if (i < 0) return [];
  const out: Finding[] = [];
  if (i > 0) out.push(...comparePair(store, sides[i - 1]!, sides[i]!, b.installation_id));
  if (i < sides.length - 1) out.push(...comparePair(store, sides[i]!, sides[i + 1]!, b.installation_id));
  return out;
}

/** The fields in which the two bundles' entries at `seq` differ, in entry order. */
function differingFields(store: EvidenceStore, oldId: number, newId: number, seq: number): string[] {
  const row = (id: number) =>
    store.db.prepare(`SELECT ${FIELDS.join(', ')} FROM audit_entries WHERE bundle_id = ? AND seq = ? ORDER BY ord LIMIT 1`).get(id, seq) as
      | Record<string, unknown>
      | undefined;
  const a = row(oldId);
  const b = row(newId);
  return a && b ? FIELDS.filter((f) => a[f] !== b[f]) : [];
}

function comparePair(store: EvidenceStore, o: Side, n: Side, installation: string): Finding[] {
  const db = store.db;
  const lo = Math.max(o.first_seq, n.first_seq);
  const hi = o.last_seq;
  const label = (s: Side) => `${s.name}${s.exported_at ? ` (exported ${s.exported_at})` : ''}`;
  // Two copies of one export (same name and export time, say a zip and an edited folder): not two points in time.
  const sameExport = o.name === n.name && o.exported_at === n.exported_at;
  const between = sameExport
    ? `Installation ${installation}: two copies of the same export ${label(o)} (bundles #${o.id} and #${n.id}); one of them was changed after export.`
    : `Installation ${installation}: earlier export ${label(o)}, later export ${label(n)}.`;
  const at = (seq: number, message: string, details: Record<string, unknown>): Finding => {
    const loc = db.prepare('SELECT file, line FROM audit_entries WHERE bundle_id = ? AND seq = ? ORDER BY ord LIMIT 1').get(n.id, seq) as
      | { file: string; line: number }
      | undefined;
    return finding({
      code: 'case.history_rewritten',
      seq,
      ...(loc ? { file: loc.file, line: loc.line } : {}),
      message: `${message} ${between}`,
      details: { older_bundle_id: o.id, newer_bundle_id: n.id, ...details },
    });
  };

  // 1. Seqs both hold (the older's seal included, when the newer still has it).
  if (lo <= hi) {
    const diff = db
      .prepare(
        `SELECT o.seq, o.hash AS old_hash, n.hash AS new_hash, n.seq AS present FROM audit_entries o
         LEFT JOIN audit_entries n ON n.bundle_id = ? AND n.seq = o.seq
         WHERE o.bundle_id = ? AND o.seq BETWEEN ? AND ? AND (n.seq IS NULL OR NOT (${SAME}))
         ORDER BY o.seq LIMIT 1`,
      )
      .get(n.id, o.id, lo, Math.min(hi, n.last_seq)) as { seq: number; old_hash: string; new_hash: string | null; present: number | null } | undefined;
    if (diff) {
      const fields = diff.present === null ? [] : differingFields(store, o.id, n.id, diff.seq);
      const what = fields.length ? ` in ${fields.join(', ')}` : '';
      return [
        at(
          diff.seq,
          diff.present === null
            ? `Seq ${diff.seq} is in the ${sameExport ? 'first copy' : 'earlier export'} but missing from the ${sameExport ? 'second' : 'later one'}.`
            : sameExport
              ? `The entry at seq ${diff.seq} differs between the two copies${what}.`
              : `The entry at seq ${diff.seq} differs between the two exports${what}: history was rewritten from here.`,
          { old_hash: diff.old_hash, new_hash: diff.new_hash, ...(fields.length ? { fields } : {}) },
        ),
      ];
    }
  }
  // 2. The later export ends before the earlier one's sealed end.
  if (n.last_seq < o.last_seq) {
    return [
      at(
        n.last_seq + 1,
        `The earlier export was sealed at seq ${o.last_seq}, the later one ends at seq ${n.last_seq}: entries ${n.last_seq + 1} to ${o.last_seq} disappeared.`,
        { older_last_seq: o.last_seq, newer_last_seq: n.last_seq },
      ),
    ];
  }
  // 3. Retention purged the earlier export's tail from the later one: the later export's first entry must link to it.
  if (n.first_seq > o.first_seq && n.first_seq - 1 <= o.last_seq && n.first_seq - 1 >= o.first_seq) {
    const link = db
      .prepare(
        `SELECT o.hash AS old_hash, n.prev_hash AS new_prev FROM audit_entries o JOIN audit_entries n ON n.bundle_id = ? AND n.seq = ?
         WHERE o.bundle_id = ? AND o.seq = ? LIMIT 1`,
      )
      .get(n.id, n.first_seq, o.id, n.first_seq - 1) as { old_hash: string; new_prev: string } | undefined;
    if (link && link.old_hash !== link.new_prev) {
      return [
        at(
          n.first_seq,
          `The later export starts at seq ${n.first_seq}, but its prev_hash does not link to the earlier export's entry ${n.first_seq - 1}.`,
          { old_hash: link.old_hash, new_prev_hash: link.new_prev },
        ),
      ];
    }
  }
  return [];
}
