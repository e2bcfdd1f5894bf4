import { readFileSync, readdirSync } from 'node:fs';
const f = readdirSync('/tmp/prof').filter(x=>x.endsWith('.cpuprofile')).sort()[+process.argv[2]];
const p = JSON.parse(readFileSync('/tmp/prof/' + f));
const self = new Map(); const byId = new Map(p.nodes.map(n => [n.id, n]));
const dt = new Map(); for (let i = 0; i < p.samples.length; i++) dt.set(p.samples[i], (dt.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
let total = 0;
for (const n of p.nodes) { const t = dt.get(n.id) ?? 0; total += t; const key = n.callFrame.functionName + ' ' + n.callFrame.url.split('/').pop() + ':' + n.callFrame.lineNumber; self.set(key, (self.get(key) ?? 0) + t); }
console.log('total ms', total / 1000 | 0);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log((v / 1000 | 0).toString().padStart(6), k);
