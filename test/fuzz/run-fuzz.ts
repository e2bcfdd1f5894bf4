// npm run fuzz [-- --seconds N] [--seed S]: runs the harness (fuzz.ts) for a
// bounded time and prints its counts; exit 1 when an invariant did not hold.
import { parseArgs } from 'node:util';
import { runFuzz } from './fuzz.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '180' }, seed: { type: 'string', default: String(Date.now()) } } });
const seconds = Number(values.seconds);
if (!Number.isFinite(seconds) || seconds <= 0) {
  process.stderr.write('fuzz: --seconds must be a positive number\n');
  process.exit(2);
}
const started = Date.now();
const counts = await runFuzz({ seconds, seed: values.seed, log: (l) => process.stderr.write(l + '\n') });
const lines = [
  `fuzz: seed ${values.seed}, ${Math.round((Date.now() - started) / 1000)} s, ${counts.runs} mutated bundles verified`,
  `  by mutation: ${Object.entries(counts.byMutation).sort().map(([k, v]) => `${k} ${v}`).join(', ')}`,
  `  verdicts:    ${Object.entries(counts.verdicts).sort().map(([k, v]) => `${k} ${v}`).join(', ')}`,
  `  violations:  ${counts.violations.length}`,
  ...counts.violations.slice(0, 20).map((v) => `    ${v.invariant}: ${v.mutation}: ${v.detail}`),
];
process.stdout.write(lines.join('\n') + '\n');
process.exitCode = counts.violations.length ? 1 : 0;
