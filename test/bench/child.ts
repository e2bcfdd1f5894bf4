// Runs one measured operation in its own Node process, so that its peak RSS
// is the operation's alone (not the driver's, which generated the bundle).
// The child is an entry under test/bench/ (compiled to dist/ for npm run bench); it
// times the operation itself and writes a JSON result to the file named by
// NATALIA_BENCH_RESULT. Peak RSS comes from GNU time (-v) when the machine
// has it, else from the child's own getrusage at exit: both are the
// kernel's high-water mark of the process's resident memory.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BULK_NODE_FLAGS } from '../../shared/engine/memory-budget.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GNU_TIME = '/usr/bin/time';

export interface ChildRun<T> {
  result: T & ChildBase;
  /** Peak resident set size of the child process, bytes. */
  peakRssBytes: number;
  rssSource: 'GNU time -v' | 'process.resourceUsage().maxRSS';
  wallMs: number;
}

/** What every child writes besides its own fields. */
export interface ChildBase {
  /** process.resourceUsage().maxRSS at exit, KiB. */
  maxRssKiB: number;
}

let gnuTimeWorks: boolean | undefined;
function hasGnuTime(): boolean {
  if (gnuTimeWorks === undefined) {
    const r = spawnSync(GNU_TIME, ['-v', 'true'], { stdio: 'ignore' });
    gnuTimeWorks = r.status === 0;
  }
  return gnuTimeWorks;
}

/** Runs test/bench/<script> with args; rejects with the child's stderr when it fails. */
export async function runChild<T extends object>(script: string, args: string[], opts: { timeoutMs?: number } = {}): Promise<ChildRun<T>> {
  const dir = await mkdtemp(join(tmpdir(), 'natalia-bench-child-'));
  const resultFile = join(dir, 'result.json');
  const timeFile = join(dir, 'time.txt');
  // npm run bench measures the compiled engine, as users run it (no tsx loader in
  // the process or its workers); tests of the bench itself run the sources.
  const compiled = join(REPO_ROOT, 'dist/test/bench', script.replace(/\.ts$/, '.js'));
  const useCompiled = process.env.NATALIA_BENCH_COMPILED === '1' && existsSync(compiled);
  const entry = useCompiled ? compiled : fileURLToPath(new URL(`./${script}`, import.meta.url));
  // Under the heap budget the CLI gives its bulk commands, so the numbers are the product's.
  const nodeArgs = useCompiled ? [...BULK_NODE_FLAGS, entry, ...args] : [...BULK_NODE_FLAGS, '--import', 'tsx', entry, ...args];
  const useTime = hasGnuTime();
  const [cmd, argv] = useTime ? [GNU_TIME, ['-v', '-o', timeFile, process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  const started = performance.now();
  try {
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(cmd, argv, {
        cwd: REPO_ROOT,
        env: { ...process.env, NATALIA_BENCH_RESULT: resultFile },
        stdio: ['ignore', 'inherit', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (d: Buffer) => {
        // Keep the end: that is where an error is.
        err = (err + d.toString('utf8')).slice(-8000);
      });
      const timer = opts.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs) : undefined;
      child.on('error', reject);
      child.on('close', (c) => {
        if (timer) clearTimeout(timer);
        resolve({ code: c, stderr: err });
      });
    });
    const wallMs = performance.now() - started;
    if (code !== 0) throw new Error(`${script} exited with code ${code}: ${stderr.trim().split('\n').slice(-12).join('\n')}`);
    const result = JSON.parse(await readFile(resultFile, 'utf8')) as T & ChildBase;
    if (useTime) {
      const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(await readFile(timeFile, 'utf8'));
      if (m) return { result, peakRssBytes: Number(m[1]) * 1024, rssSource: 'GNU time -v', wallMs };
    }
    return { result, peakRssBytes: result.maxRssKiB * 1024, rssSource: 'process.resourceUsage().maxRSS', wallMs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Child side: writes the result (with the process's peak RSS) where the driver reads it. */
export async function reportToParent(result: object): Promise<void> {
  const file = process.env.NATALIA_BENCH_RESULT;
  const body = JSON.stringify({ ...result, maxRssKiB: process.resourceUsage().maxRSS });
  if (!file) {
    process.stdout.write(body + '\n');
    return;
  }
  const { writeFile } = await import('node:fs/promises');
  await writeFile(file, body);
}
