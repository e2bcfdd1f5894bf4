// natalia-audit erasures <case> [--json]
// Each erasure of a case: request → execution → certificate → dump check,
// with the time between steps and the GDPR art. 12(3) one-month deadline.
// The deadline, the dump's mark and the requests not executed are the
// erasure view the Erasures screen shows (engine/replay/erasure-view.ts);
// the steps' own facts come from the replay's record.
import { listErasures, pendingErasures } from '../../engine/replay/erasure-history.js';
import { erasureView, pendingErasureView } from '../../engine/replay/erasure-view.js';
import { replayScope } from '../../engine/replay/scope.js';
import type { ErasureRecord } from '../../engine/replay/types.js';
import type { ErasurePath } from '../../model/erasure-view.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../cli-error.js';
import { place } from '../format-verdict.js';
import { openCase, type Out } from '../case-command.js';
import { pendingTable } from '../pending-table.js';
import { short } from '../text-table.js';
import { isBlocking } from '../../model/findings.js';
import { caseCaveat, warnOnStderr } from '../case-caveat.js';
import { parseCommand, usageOf } from '../command-table.js';

const ERASURES_USAGE = usageOf('erasures');

function duration(ms: number | undefined): string {
  if (ms === undefined) return '?';
  const sign = ms < 0 ? '-' : '';
  const a = Math.abs(ms);
  const d = Math.floor(a / 86_400_000);
  const h = Math.floor((a % 86_400_000) / 3_600_000);
  const m = Math.floor((a % 3_600_000) / 60_000);
  const s = Math.round((a % 60_000) / 1000);
  if (d > 0) return `${sign}${d} d ${h} h`;
  if (h > 0) return `${sign}${h} h ${m} min`;
  if (m > 0) return `${sign}${m} min`;
  return `${sign}${s} s`;
}

function describe(e: ErasureRecord, v: ErasurePath): string[] {
  const subject = `extension ${e.subject.extensionId ?? '?'}${e.subject.label ? ` (${e.subject.label})` : ''} of ${e.tenant ?? '?'}, ext:${short(e.subject.pseudonym)}`;
  const lines = [`${e.certificateId ?? '(no certificate)'}: ${subject}, installation ${e.installationId ?? '(unknown)'}`];
  const r = e.request;
  lines.push(
    `  request      ${r?.purged ? `seq ${r.seq} (purged by audit retention)` : r?.ts ? `seq ${r.seq} at ${r.ts}` : 'no erasure.request entry'}` +
      `${r?.reference ? `, ${r.reference}` : ''}${r?.channel ? ` by ${r.channel}` : ''}${r?.receivedAt ? `, received ${r.receivedAt}` : ''}`,
  );
  const x = e.execution;
  lines.push(
    `  execution    ${x?.ts ? `seq ${x.seq ?? '?'} at ${x.ts} by ${x.actor ?? '?'}` : 'no erasure.execute entry'}` +
      `${x?.cdrDeleted !== undefined ? `, ${x.cdrDeleted} CDRs and ${x.revealsDeleted ?? '?'} reveals deleted` : ''}` +
      `  (${duration(e.timings.requestToExecutionMs)} after the request entry, ${duration(e.timings.receivedToExecutionMs)} after receipt)`,
  );
  lines.push(
    `  certificate  ${e.certificate ? `${e.certificate.file}, signature ${e.certificate.signature}${e.certificate.issuedAt ? `, issued ${duration(e.timings.executionToCertificateMs)} after execution` : ''}` : 'none in the bundle'}`,
  );
  const d = v.dump;
  const row = e.dump.erasuresRow;
  lines.push(
    `  dump         ${d.status === 'not_checked' ? 'no dump to check' : d.status === 'ok' ? 'no trace left' : `STILL HOLDS ${d.remaining!.extension} extension, ${d.remaining!.cdr} CDR, ${d.remaining!.reveals} reveal row(s)`}` +
      `${row === 'missing' ? '; no erasures row for this certificate' : row === 'present' ? '; erasures row present' : ''}`,
  );
  const due = v.deadline;
  lines.push(
    `  deadline     ${due.dueBefore ? `due before ${due.dueBefore} (GDPR art. 12(3)): ${due.status === 'late' ? 'LATE' : 'on time'}` : 'cannot be computed (receipt or execution time unknown)'}`,
  );
  for (const f of e.findings) lines.push(`  [${f.severity}] ${f.code} at ${place(f)}: ${f.message}`);
  return lines;
}

export async function runErasures(argv: string[], out: Out = process.stdout): Promise<number> {
  const { values, positionals } = parseCommand('erasures', argv);
  if (positionals.length !== 1) throw new UsageError(`expected one case file. Usage: ${ERASURES_USAGE}`);
  const c = openCase(positionals[0], ERASURES_USAGE);
  try {
    const scope = replayScope(c.store);
    const list = listErasures(c.store, scope);
    const pending = pendingErasures(c.store, scope, undefined, list);
    const pendingViews = pending.map(pendingErasureView);
    const blocking = [...list.map((e) => e.findings), ...pending.map((p) => p.findings)].some((fs) => fs.some((f) => isBlocking(f.severity)));
    const caveat = caseCaveat(c);
    if (values.json) {
      warnOnStderr(caveat);
      out.write(JSON.stringify({ erasures: list, pending }, null, 2) + '\n');
    } else {
      const lines = [...caveat.lines, `Erasures in ${c.path}: ${list.length}`];
      for (const e of list) lines.push('', ...describe(e, erasureView(e)));
      const overdue = pendingViews.filter((p) => p.status === 'overdue').length;
      lines.push('', `Requests not executed at export (${pending.length}${overdue ? `, ${overdue} OVERDUE` : ''}): the one-month deadline of GDPR art. 12(3) counts from receipt`);
      if (pending.length) lines.push(...pendingTable(pendingViews));
      for (const p of pending) for (const f of p.findings) lines.push(`  [${f.severity}] ${f.code} at ${place(f)}: ${f.message}`);
      out.write(lines.join('\n') + '\n');
    }
    return caveat.custodyBroken || blocking || pendingViews.some((p) => p.status === 'overdue') ? EXIT_FINDINGS : EXIT_OK;
  } finally {
    c.close();
  }
}
