// The project folder (the one whose package.json is natalia-audit), found by
// walking up from this module: works from sources and from the compiled dist/.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function projectRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const p = join(dir, 'package.json');
    if (existsSync(p)) {
      const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: string };
      if (pkg.name === 'natalia-audit') return (cached = dir);
    }
    dir = dirname(dir);
  }
  throw new Error('Cannot find the natalia-audit project folder from ' + fileURLToPath(import.meta.url));
}
