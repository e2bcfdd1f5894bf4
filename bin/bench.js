#!/usr/bin/env node
// `npm run bench [-- options]`: runs the TypeScript benchmark driver
// (test/bench/run.ts) through tsx, from the repository root, and passes its
// exit code on. `npm run bench -- --help` lists the options.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const driver = fileURLToPath(new URL('../test/bench/run.ts', import.meta.url));
const child = spawn(process.execPath, ['--import', 'tsx', driver, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
// Ctrl-C reaches the driver too (same process group); it removes its temporary files and exits.
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('error', (e) => {
  process.stderr.write(`bench: cannot start the driver: ${e.message}\n`);
  process.exitCode = 2;
});
child.on('close', (code, signal) => {
  process.exitCode = code ?? (signal ? 130 : 1);
});
