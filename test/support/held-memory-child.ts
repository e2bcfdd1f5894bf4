// Runs one verification in a process of its own and reports the most memory
// it held at once: the heap after a full collection, sampled as it runs.
// Tests use it to show that something growing with the evidence (unreadable
// records, broken register rows) is not kept until the end of the file.
//   held-memory-child.ts audit <bagRoot> <csv>         verifyAuditLog of one CSV, inline signatures
//   held-memory-child.ts bundle <bagDir> <trust.json>  verifyBundle, full mode
import { verifyAuditLog } from '../../shared/engine/audit/verify-audit-log.js';
import { verifyBundle } from '../../shared/engine/verify/verify-bundle.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const [what, a, b] = process.argv.slice(2) as [string, string, string];
gc();
const base = process.memoryUsage().heapUsed;
let held = 0;
const timer = setInterval(() => {
  gc();
  held = Math.max(held, process.memoryUsage().heapUsed - base);
}, 100);
const result =
  what === 'audit'
    ? await verifyAuditLog({ bagRoot: a, csv: b, grants: [], mode: 'full', signatureThreads: 0 })
    : await verifyBundle(a, { trustPath: b, mode: 'full' });
clearInterval(timer);
process.stdout.write(JSON.stringify({ heldMb: held / 1e6, checks: result.checks, findings: result.findings }) + '\n');
