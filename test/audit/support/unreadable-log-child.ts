// Child of unreadable-log-memory.test.ts: verifies an audit CSV whose records
// are all unreadable and reports the most memory the verification held at
// once (the heap after a full collection, sampled as it runs).
import { verifyAuditLog } from '../../../shared/engine/audit/verify-audit-log.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const [bagRoot, csv] = process.argv.slice(2);
gc();
const base = process.memoryUsage().heapUsed;
let held = 0;
const sample = () => {
  gc();
  held = Math.max(held, process.memoryUsage().heapUsed - base);
};
const timer = setInterval(sample, 100);
const r = await verifyAuditLog({ bagRoot: bagRoot!, csv: csv!, grants: [], mode: 'full', signatureThreads: 0 });
clearInterval(timer);
process.stdout.write(JSON.stringify({ summary: r.checks.find((c) => c.id === 'audit.chain')!.summary, heldMb: held / 1e6 }) + '\n');
