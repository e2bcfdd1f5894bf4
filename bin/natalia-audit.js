#!/usr/bin/env node
// Entry point of the `natalia-audit` command. The engine is TypeScript compiled
// to dist/ by `npm install` (the prepare script); this file only loads it.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const main = fileURLToPath(new URL('../dist/shared/cli/main.js', import.meta.url));
if (!existsSync(main)) {
  process.stderr.write('natalia-audit: the engine is not built; run `npm install` (or `npm run build`) first.\n');
  process.exit(2);
}
const { runCli } = await import(pathToFileURL(main).href);
process.exitCode = await runCli(process.argv.slice(2));
