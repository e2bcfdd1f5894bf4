// The pending erasure requests as `replay` and `erasures` both print them.
import type { PendingErasure } from '../engine/replay/types.js';
import { short, table } from './text-table.js';

/** Pending erasure requests with their deadline: one table for `replay` and `erasures`. */
export function pendingTable(list: PendingErasure[]): string[] {
  return table(
    ['installation', 'seq', 'recorded', 'received', 'reference', 'deadline', 'as of', 'subject'],
    list.map((p) => [
      p.installationId ?? '(unknown)',
      String(p.seq),
      p.ts,
      p.receivedAt ?? 'unknown',
      p.reference ?? '',
      p.dueBefore === undefined ? 'unknown (no receipt time)' : p.overdue ? `OVERDUE by ${-(p.daysLeft ?? 0)} d (due before ${p.dueBefore})` : `${p.daysLeft} d left (due before ${p.dueBefore})`,
      p.asOf,
      short(p.target, 16),
    ]),
  );
}
