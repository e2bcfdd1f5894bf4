// The reference for the fast path: GNU coreutils `sha256sum` reading the
// same file, timed from spawn to exit (the median of three runs, all with the
// file in the page cache like the verification that is compared with it).
import { spawn, spawnSync } from 'node:child_process';

export function hasSha256sum(): boolean {
  return spawnSync('sha256sum', ['--version'], { stdio: 'ignore' }).status === 0;
}

function once(file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn('sha256sum', [file], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`sha256sum ${file} failed: ${err.trim()}`))));
  });
}

/** Milliseconds, median of `runs`. */
export async function timeSha256sum(file: string, runs = 3): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once(file));
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
