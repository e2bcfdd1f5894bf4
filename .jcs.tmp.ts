import { hash, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { coreJcs } from './shared/engine/audit/entry-hash.ts';
import { canonicalize } from './shared/engine/crypto/jcs.ts';
const es = readFileSync('/tmp/bigbag/data/audit/audit-log.jsonl', 'utf8').split('\n').slice(0, 50000).map((l) => JSON.parse(l));
const ds = es.map((e) => canonicalize(e.details));
const q = JSON.stringify;
const buf = Buffer.allocUnsafe(1 << 16);
function viaBuf(e: any, d: string): string {
  let o = 0;
  o += buf.write('{"action":', o, 'latin1'); o += buf.write(q(e.action), o);
  o += buf.write(',"actor":', o, 'latin1'); o += buf.write(q(e.actor), o);
  o += buf.write(',"details":', o, 'latin1'); o += buf.write(d, o);
  o += buf.write(',"motive":', o, 'latin1'); o += buf.write(q(e.motive), o);
  o += buf.write(',"outcome":', o, 'latin1'); o += buf.write(q(e.outcome), o);
  o += buf.write(',"prev_hash":"', o, 'latin1'); o += buf.write(e.prev_hash, o, 'latin1'); o += buf.write('"', o, 'latin1');
  o += buf.write(',"request_id":', o, 'latin1'); o += buf.write(q(e.request_id), o);
  o += buf.write(',"role":', o, 'latin1'); o += buf.write(q(e.role), o);
  o += buf.write(',"seq":' + e.seq, o, 'latin1');
  o += buf.write(',"source_ip":', o, 'latin1'); o += buf.write(q(e.source_ip), o);
  o += buf.write(',"target":', o, 'latin1'); o += buf.write(q(e.target), o);
  o += buf.write(',"tenant":', o, 'latin1'); o += buf.write(q(e.tenant), o);
  o += buf.write(',"ts":', o, 'latin1'); o += buf.write(q(e.ts), o);
  o += buf.write(',"user_agent":', o, 'latin1'); o += buf.write(q(e.user_agent), o);
  o += buf.write('}', o, 'latin1');
  return hash('sha256', buf.subarray(0, o), 'hex');
}
for (let r = 0; r < 3; r++) {
  let t = performance.now(); let ok = 0;
  for (let i = 0; i < es.length; i++) if (hash('sha256', coreJcs(es[i], ds[i]!), 'hex') === es[i].hash) ok++;
  console.log('concat+hash', ok, ((performance.now() - t) * 1000 / es.length).toFixed(2));
  t = performance.now(); ok = 0;
  for (let i = 0; i < es.length; i++) if (coreJcs(es[i], ds[i]!).length > 0) ok++;
  console.log('concat only', ((performance.now() - t) * 1000 / es.length).toFixed(2));
  t = performance.now(); ok = 0;
  for (let i = 0; i < es.length; i++) if (viaBuf(es[i], ds[i]!) === es[i].hash) ok++;
  console.log('buf+hash', ok, ((performance.now() - t) * 1000 / es.length).toFixed(2));
  t = performance.now(); ok = 0;
  for (let i = 0; i < es.length; i++) if (createHash('sha256').update(coreJcs(es[i], ds[i]!)).digest('hex') === es[i].hash) ok++;
  console.log('createHash', ok, ((performance.now() - t) * 1000 / es.length).toFixed(2));
}
