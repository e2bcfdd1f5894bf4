#!/usr/bin/env node
// `npm run bench [-- options]`: runs the TypeScript benchmark driver
// (test/bench/run.ts) through tsx, from the repository root, and passes its
// exit code on. `npm run bench -- --help` lists the options.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const driver = fileURLToPath(new URL('../test/bench/run.ts', import.meta.url));
// The measured children run the compiled engine (dist/), as the installed CLI
// does: build it first so the numbers are those of this tree.
const build = spawnSync('npm', ['run', '--silent', 'build:node'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  process.stderr.write('bench: the engine does not build; fix `npm run build:node` first.\n');
  process.exit(2);
}
const child = spawn(process.execPath, ['--import', 'tsx', driver, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NATALIA_BENCH_COMPILED: '1' },
});
// Ctrl-C reaches the driver too (same process group); it removes its temporary files and exits.
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('error', (e) => {
  process.stderr.write(`bench: cannot start the driver: ${e.message}\n`);
  process.exitCode = 2;
});
child.on('close', (code, signal) => {
  process.exitCode = code ?? (signal ? 130 : 1);
});
