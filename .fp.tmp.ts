import { readFileSync } from 'node:fs';
import { jsonlLineMatches } from './shared/engine/audit/export-compare.ts';
import { readJsonl } from './test/audit/helpers.ts';
const lines = readFileSync('/tmp/bigbag/data/audit/audit-log.jsonl', 'utf8').split('\n').slice(0, 50000);
const es = lines.map((l) => JSON.parse(l));
let ok = 0; let t = performance.now();
for (let i = 0; i < es.length; i++) if (jsonlLineMatches(es[i], lines[i]!)) ok++;
console.log('fast', ok, ((performance.now() - t) * 1000 / es.length).toFixed(2), 'µs');
t = performance.now(); for (const l of lines) JSON.parse(l); console.log('parse', ((performance.now() - t) * 1000 / es.length).toFixed(2));
