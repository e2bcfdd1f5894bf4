import { verifyAuditLog } from './shared/engine/audit/verify-audit-log.ts';
import { extractSample, grantsFromBag, MINIMAL_BAG, SAMPLES } from './test/audit/helpers.ts';
import { join } from 'node:path';
for (const [name, bag] of [['minimal', MINIMAL_BAG], ['full', extractSample('full').bag], ['inserts', extractSample('inserts').bag]] as const) {
  const grants = grantsFromBag(bag, join(SAMPLES, name, 'trust-roots.json'));
  for (const mode of ['full', 'fast'] as const) {
    const t = performance.now();
    const out = await verifyAuditLog({ bagRoot: bag, csv: 'data/audit/audit-log.csv', jsonl: 'data/audit/audit-log.jsonl', seal: 'data/audit/seal.json', grants, installationId: bag.match(/NAT-[0-9A-Z]{4}-[0-9A-Z]{4}/)![0], exportedAt: '2026-03-02T09:14:07.512Z', mode });
    console.log(name, mode, (performance.now() - t).toFixed(0), 'ms', JSON.stringify(out.stats));
    for (const f of out.findings) console.log('  ', f.severity, f.code, f.file, f.line, f.seq, f.message.slice(0, 200));
    for (const c of out.checks) console.log('   check', c.id, c.status, c.summary.slice(0, 160));
    if (mode === 'full') console.log(out.keySchedule.summary());
  }
}
