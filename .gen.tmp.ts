import { writeFileSync, mkdirSync, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { newKey, relink, readJsonl, csvLine, writeSeal, extractSample } from './test/audit/helpers.ts';
import { AUDIT_FIELDS } from './shared/model/audit-entry.ts';
import { ZERO_HASH } from './shared/engine/crypto/encoding.ts';
const N = Number(process.argv[2] ?? 200000);
const src = readJsonl(join(extractSample('full').bag, 'data/audit/audit-log.jsonl')).filter((e) => e.action !== 'key.rotate' && e.action !== 'retention.purge' && e.action !== 'clock.anomaly');
const k = newKey();
const bag = '/tmp/bigbag'; mkdirSync(join(bag, 'data/audit'), { recursive: true });
const csv = createWriteStream(join(bag, 'data/audit/audit-log.csv')); const jl = createWriteStream(join(bag, 'data/audit/audit-log.jsonl'));
csv.write(AUDIT_FIELDS.join(',') + '\r\n');
let prev = ZERO_HASH; let ts = Date.parse('2024-01-01T00:00:00.000Z'); let last: any;
for (let i = 1; i <= N; i++) {
  const e = { ...src[i % src.length]!, seq: i, ts: new Date(ts += 1000).toISOString(), prev_hash: prev };
  relink([e], k); prev = e.hash; last = e;
  const ok1 = csv.write(csvLine(e) + '\r\n'); const ok2 = jl.write(JSON.stringify(e) + '\n');
  if (!ok1) await new Promise((r) => csv.once('drain', r)); if (!ok2) await new Promise((r) => jl.once('drain', r));
}
await new Promise((r) => csv.end(r)); await new Promise((r) => jl.end(r));
writeSeal(bag, [{ seq: 1 } as any, ...Array(N - 2), last], k, 'NAT-TEST', '2030-01-01T00:00:00.000Z');
writeFileSync(join(bag, 'key.json'), JSON.stringify({ pub: k.publicB64 }));
console.log('done', last.ts);
