// How the engine starts a worker thread, from dist/ or from sources.
//
// Compiled to dist/*.js, the worker file runs as is. Under vitest or tsx the
// engine is TypeScript source: the worker must load through tsx too, and Node
// 20 does not apply `--import tsx` to a worker's entry module, so a two-line
// bootstrap registers tsx's ESM hooks first.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface WorkerScript {
  code: string | URL;
  eval: boolean;
}

/**
 * The script for `new Worker(script.code, { eval: script.eval })` of the
 * worker module `name` (without extension) next to the module at `callerUrl`
 * (its import.meta.url).
 */
export function workerScript(callerUrl: string, name: string): WorkerScript {
  if (!callerUrl.endsWith('.ts')) return { code: new URL(`./${name}.js`, callerUrl), eval: false };
  const worker = new URL(`./${name}.ts`, callerUrl).href;
  return {
    code: `import(${JSON.stringify(resolveTsxApi())}).then((m) => { m.register(); return import(${JSON.stringify(worker)}); });`,
    eval: true,
  };
}

function resolveTsxApi(): string {
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
    return pathToFileURL(join(dirname(pkg), 'dist/esm/api/index.mjs')).href;
  }
}
