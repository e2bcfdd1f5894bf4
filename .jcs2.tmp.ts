import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { canonicalize } from './shared/engine/crypto/jcs.ts';
const es = readFileSync('/tmp/bigbag/data/audit/audit-log.jsonl', 'utf8').split('\n').slice(0, 50000).map((l) => JSON.parse(l));
const ds = es.map((e) => canonicalize(e.details));
const q = JSON.stringify;
const SAFE = /["\\\u0000-\u001f\ud800-\udfff]/;
const qs = (s: string) => (SAFE.test(s) ? q(s) : '"' + s + '"');
function tpl(e: any, d: string) {
  return `{"action":${q(e.action)},"actor":${q(e.actor)},"details":${d},"motive":${q(e.motive)},"outcome":${q(e.outcome)},"prev_hash":${q(e.prev_hash)},"request_id":${q(e.request_id)},"role":${q(e.role)},"seq":${e.seq},"source_ip":${q(e.source_ip)},"target":${q(e.target)},"tenant":${q(e.tenant)},"ts":${q(e.ts)},"user_agent":${q(e.user_agent)}}`;
}
function tplSafe(e: any, d: string) {
  return `{"action":${qs(e.action)},"actor":${qs(e.actor)},"details":${d},"motive":${qs(e.motive)},"outcome":${qs(e.outcome)},"prev_hash":${qs(e.prev_hash)},"request_id":${qs(e.request_id)},"role":${qs(e.role)},"seq":${e.seq},"source_ip":${qs(e.source_ip)},"target":${qs(e.target)},"tenant":${qs(e.tenant)},"ts":${qs(e.ts)},"user_agent":${qs(e.user_agent)}}`;
}
function joined(e: any, d: string) {
  const s = SAFE.test(e.action + e.actor + e.motive + e.outcome + e.prev_hash + e.request_id + e.role + e.source_ip + e.target + e.tenant + e.ts + e.user_agent);
  if (s) return tpl(e, d);
  return `{"action":"${e.action}","actor":"${e.actor}","details":${d},"motive":"${e.motive}","outcome":"${e.outcome}","prev_hash":"${e.prev_hash}","request_id":"${e.request_id}","role":"${e.role}","seq":${e.seq},"source_ip":"${e.source_ip}","target":"${e.target}","tenant":"${e.tenant}","ts":"${e.ts}","user_agent":"${e.user_agent}"}`;
}
for (const [name, f] of [['tpl', tpl], ['tplSafe', tplSafe], ['joined', joined], ['tpl', tpl], ['tplSafe', tplSafe], ['joined', joined]] as const) {
  const t = performance.now(); let ok = 0;
  for (let i = 0; i < es.length; i++) if (hash('sha256', f(es[i], ds[i]!), 'hex') === es[i].hash) ok++;
  console.log(name, ok, ((performance.now() - t) * 1000 / es.length).toFixed(2));
}
