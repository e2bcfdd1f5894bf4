// Child process of the import benchmark: imports one bundle into a case
// (the product's defaults: full verification, bundle bytes kept in the case;
// into an existing case, a re-audit when it holds an earlier export)
// and reports how long importBundle took, process start-up excluded.
//   node --import tsx test/bench/import-child.ts <case file> <bundle path> <trust path>
import { importBundle } from '../../shared/engine/case/import-bundle.js';
import { reportToParent } from './child.js';

export interface ImportChildResult {
  ms: number;
  verdict: string;
  findingCodes: string[];
  entries: number;
  dumpRows: Record<string, number>;
  /** When each verification stage started, ms after the call; 'end' when the call returned. */
  stages: Record<string, number>;
  /** Entry signatures verified by this import, and matched to an earlier import of the case instead (a re-audit). */
  signaturesVerified: number;
  signaturesMatched: number;
  /** CPU of the whole process (all threads) during the call, ms. */
  cpuMs: number;
}

const [casePath, bundlePath, trustPath] = process.argv.slice(2);
if (!casePath || !bundlePath || !trustPath) throw new Error('usage: import-child.ts <case file> <bundle> <trust-roots.json>');

const cpu0 = process.cpuUsage();
const t0 = performance.now();
const stages: Record<string, number> = {};
const onProgress = ({ stage }: { stage: string }) => {
  stages[stage] ??= Math.round(performance.now() - t0);
};
const r = await importBundle(casePath, bundlePath, { trustPath, onProgress });
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
stages.end = Math.round(ms);
await reportToParent({
  ms,
  verdict: r.result.verdict,
  findingCodes: [...new Set(r.result.findings.map((f) => f.code))],
  entries: r.result.stats.audit_entries,
  dumpRows: r.result.stats.dump_rows ?? {},
  stages,
  signaturesVerified: r.result.stats.signatures_verified ?? 0,
  signaturesMatched: r.result.stats.signatures_matched ?? 0,
  cpuMs: (cpu.user + cpu.system) / 1000,
} satisfies ImportChildResult);
