// Child process of the import benchmark: imports one bundle into a new case
// (the product's defaults: full verification, bundle bytes kept in the case)
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
}

const [casePath, bundlePath, trustPath] = process.argv.slice(2);
if (!casePath || !bundlePath || !trustPath) throw new Error('usage: import-child.ts <case file> <bundle> <trust-roots.json>');

const t0 = performance.now();
const stages: Record<string, number> = {};
const onProgress = ({ stage }: { stage: string }) => {
  stages[stage] ??= Math.round(performance.now() - t0);
};
const r = await importBundle(casePath, bundlePath, { trustPath, onProgress });
const ms = performance.now() - t0;
stages.end = Math.round(ms);
await reportToParent({
  ms,
  verdict: r.result.verdict,
  findingCodes: [...new Set(r.result.findings.map((f) => f.code))],
  entries: r.result.stats.audit_entries,
  dumpRows: r.result.stats.dump_rows ?? {},
  stages,
} satisfies ImportChildResult);
