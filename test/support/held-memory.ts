// Spawns held-memory-child.ts (see there) and returns what it reported.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Finding } from '../../shared/model/findings.js';
import type { CheckResult } from '../../shared/model/verification.js';

export function heldMemory(args: ['audit' | 'bundle', string, string]): { heldMb: number; checks: CheckResult[]; findings: Finding[] } {
  const child = join(import.meta.dirname, 'held-memory-child.ts');
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', child, ...args], { encoding: 'utf8', timeout: 180_000, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`held-memory-child exited with ${r.status}: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout) as { heldMb: number; checks: CheckResult[]; findings: Finding[] };
}
