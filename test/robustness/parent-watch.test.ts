// The bulk commands' child ends when the wrapper that started it is killed,
// with SIGKILL too (which the wrapper cannot intercept to pass on).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CHILD = join(import.meta.dirname, 'watched-child.ts');

/** Gone, or a zombie nobody reaped yet (in a container, PID 1 may not): either way it no longer runs. */
function runs(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function until(test: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (test()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return test();
}

describe('the child of the CLI wrapper', () => {
  it('ends when its parent is killed with SIGKILL', async () => {
    // The parent spawns the child exactly as bin/natalia-audit.js does: stdio inherited plus an 'ipc' channel.
    const parentCode = `
      const { spawn } = require('node:child_process');
      spawn(process.execPath, ['--import', 'tsx', ${JSON.stringify(CHILD)}], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
      setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['-e', parentCode], { stdio: ['ignore', 'pipe', 'inherit'] });
    const childPid = await new Promise<number>((resolve, reject) => {
      let out = '';
      parent.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /CHILD (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      parent.on('exit', () => reject(new Error('the parent ended first')));
    });
    expect(runs(childPid)).toBe(true);
    parent.kill('SIGKILL');
    expect(await until(() => !runs(childPid), 10_000)).toBe(true);
  }, 30_000);
});
