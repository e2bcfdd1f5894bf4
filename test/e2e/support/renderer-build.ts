// The browser tests run against the built renderer (dist-renderer/), exactly
// what web mode and the desktop app serve. It is (re)built here when missing
// or older than a renderer source file, once even when several test files
// start together (a lock folder serialises the build).
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';

const root = process.cwd();
const out = join(root, 'dist-renderer', 'index.html');
const lock = join(tmpdir(), `natalia-renderer-build-${createHash('sha256').update(root).digest('hex').slice(0, 12)}.lock`);

async function newestSource(): Promise<number> {
  let newest = 0;
  const walk = async (dir: string) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else newest = Math.max(newest, (await stat(p)).mtimeMs);
    }
  };
  await walk(join(root, 'renderer'));
  for (const f of ['vite.config.ts', join('shared', 'api', 'contract.ts'), join('shared', 'api', 'result.ts'), join('shared', 'model', 'findings.ts')]) {
    newest = Math.max(newest, (await stat(join(root, f))).mtimeMs);
  }
  return newest;
}

async function upToDate(): Promise<boolean> {
  return existsSync(out) && statSync(out).mtimeMs >= (await newestSource());
}

export async function ensureRendererBuilt(): Promise<void> {
  if (await upToDate()) return;
  for (let i = 0; ; i++) {
    try {
      await mkdir(lock);
      break;
    } catch {
      // Another test file is building; a lock older than 5 minutes is a leftover.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000) await rm(lock, { recursive: true, force: true });
      if (i > 600) throw new Error('timed out waiting for another renderer build');
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (!(await upToDate())) await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
