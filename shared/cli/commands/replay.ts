// natalia-audit replay <case> --at T [--json]
// The state of the installation(s) in a case at time T: extensions that
// existed, extensions erased, erasure requests pending, users, reveals so far.
// Also holds the small helpers the other case commands share.
import { parseArgs } from 'node:util';
import { CaseFile, CaseNotFoundError } from '../../engine/case/case-file.js';
import { CaseFormatError } from '../../engine/store/migrate.js';
import { ReplayInputError } from '../../engine/replay/reveal-history.js';
import { stateAt } from '../../engine/replay/state-at.js';
import type { PendingErasure } from '../../engine/replay/types.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../cli-error.js';
import { terminalSafe } from '../terminal-text.js';
import { timeArg } from '../time-arg.js';
import { caseCaveat, warnOnStderr } from '../case-caveat.js';

export const REPLAY_USAGE = 'natalia-audit replay <case> --at T [--json]';

export interface Out {
  write(s: string): unknown;
}

/** Opens an existing case for a read command; its errors become usage errors (exit 2). */
export function openCase(path: string | undefined, usage: string): CaseFile {
  if (!path) throw new UsageError(`expected a case file. Usage: ${usage}`);
  try {
    return CaseFile.open(path);
  } catch (e) {
    if (e instanceof CaseNotFoundError || e instanceof CaseFormatError) throw new UsageError(e.message);
    throw e;
  }
}

/** Runs a query, turning bad times into usage errors. */
export function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ReplayInputError) throw new UsageError(e.message);
    throw e;
  }
}

/** Left-aligned columns, each as wide as its widest cell. */
export function table(header: string[], rows: string[][]): string[] {
  const safe = rows.map((r) => r.map(terminalSafe));
  const widths = header.map((h, i) => Math.max(h.length, ...safe.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => '  ' + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(header), ...safe.map(line)];
}

export function short(s: string | null | undefined, n = 12): string {
  if (!s) return '';
  const t = terminalSafe(s);
  return t.length > n ? `${t.slice(0, n)}…` : t;
}

/** Pending erasure requests with their deadline: one table for `replay` and `erasures`. */
export function pendingTable(list: PendingErasure[]): string[] {
  return table(
    ['installation', 'seq', 'recorded', 'received', 'reference', 'deadline', 'as of', 'subject'],
    list.map((p) => [
      p.installationId ?? '(unknown)',
      String(p.seq),
      p.ts,
      p.receivedAt ?? 'unknown',
      p.reference ?? '',
      p.dueBefore === undefined ? 'unknown (no receipt time)' : p.overdue ? `OVERDUE by ${-(p.daysLeft ?? 0)} d (due before ${p.dueBefore})` : `${p.daysLeft} d left (due before ${p.dueBefore})`,
      p.asOf,
      short(p.target, 16),
    ]),
  );
}

export async function runReplay(argv: string[], out: Out = process.stdout): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { at: { type: 'string' }, json: { type: 'boolean' } } });
  if (positionals.length !== 1) throw new UsageError(`expected one case file. Usage: ${REPLAY_USAGE}`);
  if (!values.at) throw new UsageError(`--at T is required (RFC 3339 with a zone, e.g. 2026-02-28T12:00:00Z, or a date, 00:00 UTC). Usage: ${REPLAY_USAGE}`);
  // The instant used, not the text given: the state and its JSON name it in UTC.
  const at = timeArg('at', values.at)!;
  const c = openCase(positionals[0], REPLAY_USAGE);
  try {
    const s = guard(() => stateAt(c.store, at));
    const caveat = caseCaveat(c);
    const exit = caveat.custodyBroken ? EXIT_FINDINGS : EXIT_OK;
    if (values.json) {
      warnOnStderr(caveat);
      out.write(JSON.stringify(s, null, 2) + '\n');
      return exit;
    }
    const lines: string[] = [...caveat.lines, `State at ${s.at} (case ${c.path}, bundles ${s.bundleIds.join(', ') || 'none'})`];
    for (const n of s.notes) lines.push(`  note: ${n}`);
    const inst = (i: string | null) => i ?? '(unknown)';
    lines.push('', `Extensions that existed (${s.extensions.length})`);
    lines.push(
      ...table(
        ['installation', 'id', 'tenant', 'label', 'last4', 'created', 'pseudonym'],
        s.extensions.map((x) => [inst(x.installationId), String(x.id ?? '?'), x.tenant ?? '', x.label ?? '', x.last4 ?? '', x.createdAt ?? (x.certificateId ? 'unknown (erased since)' : 'unknown'), short(x.pseudonym)]),
      ),
    );
    lines.push('', `Erased by then (${s.erased.length})`);
    if (s.erased.length) {
      lines.push(...table(['installation', 'id', 'tenant', 'label', 'erased at', 'certificate'], s.erased.map((x) => [inst(x.installationId), String(x.id ?? '?'), x.tenant ?? '', x.label ?? '', x.erasedAt ?? '', x.certificateId ?? ''])));
    }
    lines.push('', `Erasure requests pending (${s.pendingErasures.length})`);
    if (s.pendingErasures.length) lines.push(...pendingTable(s.pendingErasures));
    lines.push('', `Users (${s.users.length})`);
    if (s.users.length) {
      lines.push(
        ...table(
          ['installation', 'tenant', 'username', 'role', 'state', 'known from'],
          s.users.map((u) => [inst(u.installationId), u.tenant || '(installation)', u.username, u.role ?? '?', u.disabled ? 'disabled' : 'active', u.source === 'dump' ? 'database users table' : 'audit log']),
        ),
      );
    }
    const who = (a: { installationId: string | null; actor: string; count: number }) => `${a.actor}${s.reveals.byActor.some((b) => b.installationId !== a.installationId) ? ` @${inst(a.installationId)}` : ''} ${a.count}`;
    lines.push('', `Reveals so far: ${s.reveals.count}${s.reveals.byActor.length ? ` (${s.reveals.byActor.map(who).join(', ')})` : ''}`);
    if (s.reveals.latest.length) {
      lines.push(`Latest ${s.reveals.latest.length}:`);
      lines.push(
        ...table(
          ['ts', 'installation', 'seq', 'actor', 'cdr', 'ext', 'field', 'last4'],
          s.reveals.latest.map((r) => [r.ts, inst(r.installationId), String(r.seq), r.actor, r.cdrId ?? '', String(r.extensionId ?? ''), r.field ?? '', r.last4 ?? '']),
        ),
      );
    }
    out.write(lines.join('\n') + '\n');
    return exit;
  } finally {
    c.close();
  }
}
