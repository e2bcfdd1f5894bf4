// reveal.after_erasure: a successful phone.reveal of a CDR of an extension
// (details.extension_id) after that extension's erasure. "After" is chain
// order when the erasure.execute is in the exported range (seq), and time
// when only its certificate remains (the entry was purged by retention).
import type { CheckContext } from './context.js';
import type { FindingList } from './finding-list.js';
import type { ErasureSubject } from './erasure-facts.js';

interface RevealHit {
  seq: number;
  ts: string;
  actor: string;
  target: string;
  reveal_id: string | null;
  file: string;
  line: number;
}

export function checkRevealsAfterErasure(ctx: CheckContext, subjects: ErasureSubject[], out: FindingList): void {
  const { db, bundleId } = ctx;
  const bySeq = db.prepare(
    `SELECT seq, ts, actor, target, reveal_id, file, line FROM reveal_events
     WHERE bundle_id = ? AND extension_id = ? AND outcome = 'success' AND seq > ? ORDER BY seq`,
  );
  const byTime = db.prepare(
    `SELECT seq, ts, actor, target, reveal_id, file, line FROM reveal_events
     WHERE bundle_id = ? AND extension_id = ? AND outcome = 'success' AND ts_ms > ? ORDER BY seq`,
  );
  for (const s of subjects) {
    if (s.extension_id === undefined) continue;
    if (s.execute && s.execute.outcome !== 'success') continue;
    let hits: RevealHit[];
    let when: string;
    if (s.execute) {
      hits = bySeq.all(bundleId, s.extension_id, s.execute.seq) as RevealHit[];
      when = `its erasure.execute at seq ${s.execute.seq} (${s.execute.ts})`;
    } else if (s.executed_ms !== null) {
      hits = byTime.all(bundleId, s.extension_id, s.executed_ms) as RevealHit[];
      when = `its erasure at ${new Date(s.executed_ms).toISOString()} (certificate ${s.certificate_id ?? '?'})`;
    } else {
      continue;
    }
    for (const h of hits) {
      out.add({
        code: 'reveal.after_erasure',
        file: h.file,
        line: h.line,
        seq: h.seq,
        reveal_id: h.reveal_id ?? undefined,
        certificate_id: s.certificate_id,
        message: `${h.actor} revealed a number of ${h.target} (extension ${s.extension_id}) at ${h.ts}, after ${when}: the erased extension's data was still reachable.`,
        details: { extension_id: s.extension_id, erasure_seq: s.execute?.seq },
      });
    }
  }
}
