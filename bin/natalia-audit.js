#!/usr/bin/env node
// Entry point of the `natalia-audit` command. The engine is TypeScript compiled
// to dist/ by `npm install` (the prepare script); this file only loads it, and
// runs the bulk commands under the workstation's heap budget
// (shared/engine/memory-budget.ts explains why).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = (p) => fileURLToPath(new URL(`../dist/shared/${p}`, import.meta.url));
if (!existsSync(dist('cli/main.js'))) {
  process.stderr.write('natalia-audit: the engine is not built; run `npm install` (or `npm run build`) first.\n');
  process.exit(2);
}
const args = process.argv.slice(2);
const { BULK_COMMANDS, BULK_NODE_FLAGS } = await import(pathToFileURL(dist('engine/memory-budget.js')).href);
const missing = BULK_NODE_FLAGS.filter((f) => !process.execArgv.includes(f));
if (BULK_COMMANDS.has(args[0]) && missing.length > 0) {
  // The 'ipc' channel closes when this process dies, however it dies: the child ends with it (shared/cli/parent-watch.ts).
  const child = spawn(process.execPath, [...process.execArgv, ...missing, fileURLToPath(import.meta.url), ...args], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('close', (code, signal) => {
    process.exitCode = code ?? (signal ? 130 : 2);
  });
} else {
  const { endWithParent } = await import(pathToFileURL(dist('cli/parent-watch.js')).href);
  endWithParent();
  const { runCli } = await import(pathToFileURL(dist('cli/main.js')).href);
  process.exitCode = await runCli(args);
}
