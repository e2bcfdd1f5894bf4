// CPU time of the calling thread alone (the main thread, in a bench child):
// the serial part of a verification, apart from its worker threads.
// process.threadCpuUsage where Node has it (v23.9+); else, on Linux, the
// thread's own utime + stime from /proc/self/task/<tid>/stat (the main
// thread's tid is the pid), in clock ticks (10 ms at the usual 100 Hz).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    const n = Number(r.stdout?.trim());
    ticksPerSecond = Number.isInteger(n) && n > 0 ? n : 100;
  }
  return ticksPerSecond;
}

/** Fields 14 and 15 (utime, stime) of a /proc stat line; the command name in parentheses may hold spaces. */
export function statCpuTicks(stat: string): number | null {
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? utime + stime : null;
}

export interface ThreadCpu {
  ms: number;
  source: 'process.threadCpuUsage' | '/proc/self/task/<tid>/stat';
}

/** CPU milliseconds the main thread has used so far; null where neither source exists. */
export function mainThreadCpu(): ThreadCpu | null {
  if (!isMainThread) throw new Error('mainThreadCpu() measures the main thread: call it there');
  const f = (process as unknown as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage;
  if (typeof f === 'function') {
    const u = f.call(process);
    return { ms: (u.user + u.system) / 1000, source: 'process.threadCpuUsage' };
  }
  try {
    const ticks = statCpuTicks(readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8'));
    return ticks === null ? null : { ms: (ticks * 1000) / clockTicks(), source: '/proc/self/task/<tid>/stat' };
  } catch {
    return null;
  }
}
