import { readFileSync } from 'node:fs';
import { verifyAuditLog } from './shared/engine/audit/verify-audit-log.ts';
import { importPublicKey } from './shared/engine/crypto/ed25519.ts';
import { createSignaturePool, SignatureBatch } from './shared/engine/audit/signature-pool.ts';
import { readJsonl } from './test/audit/helpers.ts';
const bag = '/tmp/bigbag';
const k = importPublicKey(JSON.parse(readFileSync(bag + '/key.json', 'utf8')).pub); if (!('key' in k)) throw 0;
const grants = [{ key: k.key, notBefore: '2000-01-01T00:00:00.000Z', licenseId: 'L' }];
const which = process.argv[2] ?? 'both';
// raw: pool with pre-made batches (items from jsonl)
if (which === 'raw' || which === 'both') {
  const es = readJsonl(bag + '/data/audit/audit-log.jsonl').slice(0, 100000);
  const pool = await createSignaturePool(); const ki = pool.keyIndex(k.key);
  const batches: SignatureBatch[] = []; let b = new SignatureBatch(1024);
  for (const e of es) { b.add(ki, e.hash, e.sig); if (b.full) { batches.push(b); b = new SignatureBatch(1024); } } batches.push(b);
  const t = performance.now(); const ps = batches.map((x) => pool.verify(x)); let ok = 0; for (const p of ps) for (const r of await p) ok += r;
  const dt = performance.now() - t; await pool.close();
  console.log('raw pool', ok, (es.length / dt * 1000) | 0, '/s');
}
for (const files of [{ csv: 'data/audit/audit-log.csv' }, { csv: 'data/audit/audit-log.csv', jsonl: 'data/audit/audit-log.jsonl' }]) {
  if (which === 'raw') break;
  const t = performance.now();
  const out = await verifyAuditLog({ bagRoot: bag, ...files, seal: 'data/audit/seal.json', grants, installationId: 'NAT-TEST', exportedAt: '2030-01-01T00:00:00.000Z', mode: 'full' });
  const dt = performance.now() - t;
  console.log(Object.keys(files).join('+'), out.stats.entries, (out.stats.entries / dt * 1000) | 0, '/s', out.findings.length, out.stats.verifier, process.memoryUsage().rss >> 20, 'MB');
}
const t = performance.now();
const out = await verifyAuditLog({ bagRoot: bag, csv: 'data/audit/audit-log.csv', seal: 'data/audit/seal.json', grants, mode: 'fast' });
console.log('fast', out.stats.entries, ((performance.now() - t) | 0), 'ms', out.findings.length);
