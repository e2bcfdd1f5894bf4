// The pending erasure requests as `replay` and `erasures` both print them:
// the erasure view the screens show (engine/replay/erasure-view.ts).
import type { PendingErasureView } from '../model/erasure-view.js';
import { short, table } from './text-table.js';

/** Pending erasure requests with their deadline: one table for `replay` and `erasures`. */
export function pendingTable(list: PendingErasureView[]): string[] {
  return table(
    ['installation', 'seq', 'recorded', 'received', 'reference', 'deadline', 'as of', 'subject'],
    list.map((p) => [
      p.installationId ?? '(unknown)',
      String(p.seq),
      p.recordedAt,
      p.receivedAt ?? 'unknown',
      p.reference ?? '',
      p.dueBefore === undefined ? 'unknown (no receipt time)' : p.status === 'overdue' ? `OVERDUE by ${-(p.daysLeft ?? 0)} d (due before ${p.dueBefore})` : `${p.daysLeft} d left (due before ${p.dueBefore})`,
      p.asOf,
      short(p.target, 16),
    ]),
  );
}
