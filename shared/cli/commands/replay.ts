// natalia-audit replay <case> --at T [--json]
// The state of the installation(s) in a case at time T: extensions that
// existed, extensions erased, erasure requests pending, users, reveals so far.
import { pendingErasureView } from '../../engine/replay/erasure-view.js';
import { stateAt } from '../../engine/replay/state-at.js';
import { openCase, type Out } from '../case-command.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../cli-error.js';
import { pendingTable } from '../pending-table.js';
import { short, table } from '../text-table.js';
import { timeArg } from '../time-arg.js';
import { caseCaveat, warnOnStderr } from '../case-caveat.js';
import { parseCommand, usageOf } from '../command-table.js';

const REPLAY_USAGE = usageOf('replay');

export async function runReplay(argv: string[], out: Out = process.stdout): Promise<number> {
  const { values, positionals } = parseCommand('replay', argv);
  if (positionals.length !== 1) throw new UsageError(`expected one case file. Usage: ${REPLAY_USAGE}`);
  if (!values.at) throw new UsageError(`--at T is required (RFC 3339 with a zone, e.g. 2026-02-28T12:00:00Z, or a date, 00:00 UTC). Usage: ${REPLAY_USAGE}`);
  // The instant used, not the text given: the state and its JSON name it in UTC.
  const at = timeArg('at', values.at)!;
  const c = openCase(positionals[0], REPLAY_USAGE);
  try {
    const s = stateAt(c.store, at);
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
    if (s.pendingErasures.length) lines.push(...pendingTable(s.pendingErasures.map(pendingErasureView)));
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
