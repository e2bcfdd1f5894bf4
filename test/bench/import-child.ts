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
}

const [casePath, bundlePath, trustPath] = process.argv.slice(2);
if (!casePath || !bundlePath || !trustPath) throw new Error('usage: import-child.ts <case file> <bundle> <trust-roots.json>');

const t0 = performance.now();
const r = await importBundle(casePath, bundlePath, { trustPath });
const ms = performance.now() - t0;
await reportToParent({
  ms,
  verdict: r.result.verdict,
  findingCodes: [...new Set(r.result.findings.map((f) => f.code))],
  entries: r.result.stats.audit_entries,
  dumpRows: r.result.stats.dump_rows ?? {},
} satisfies ImportChildResult);
