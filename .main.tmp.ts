import { verifyAuditLog } from './shared/engine/audit/verify-audit-log.ts';
const bag = '/tmp/bigbag';
for (const files of [{ csv: 'data/audit/audit-log.csv' }, { csv: 'data/audit/audit-log.csv', jsonl: 'data/audit/audit-log.jsonl' }, { jsonl: 'data/audit/audit-log.jsonl' }]) {
  for (let r = 0; r < 2; r++) {
    const c0 = process.cpuUsage(); const t = performance.now();
    const out = await verifyAuditLog({ bagRoot: bag, ...files, seal: 'data/audit/seal.json', grants: [], mode: 'full', signatureThreads: 0 });
    const cpu = process.cpuUsage(c0);
    console.log(Object.keys(files).join('+'), 'cpu µs/entry', ((cpu.user + cpu.system) / out.stats.entries).toFixed(2), 'wall', ((performance.now() - t) * 1000 / out.stats.entries).toFixed(2), out.findings.length);
  }
}
