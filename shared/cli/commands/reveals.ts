// natalia-audit reveals <case> [--actor A] [--tenant T] [--phone P] [--extension N] [--from T] [--at T] [--json]
// Reveal history of a case, then the break-the-glass review items (advice
// for a reviewer, not findings).
import { listReveals } from '../../engine/replay/reveal-history.js';
import { computeReviewItems } from '../../engine/replay/review-items.js';
import type { RevealFilter } from '../../engine/replay/types.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../cli-error.js';
import { timeArg } from '../time-arg.js';
import { openCase, type Out } from '../case-command.js';
import { short, table } from '../text-table.js';
import { caseCaveat, warnOnStderr } from '../case-caveat.js';
import { checkPseudonymText, resolvePseudonym } from '../pseudonym-arg.js';
import { parseCommand, usageOf } from '../command-table.js';

const REVEALS_USAGE = usageOf('reveals');

export async function runReveals(argv: string[], out: Out = process.stdout): Promise<number> {
  const { values, positionals } = parseCommand('reveals', argv);
  if (positionals.length !== 1) throw new UsageError(`expected one case file. Usage: ${REVEALS_USAGE}`);
  let extensionId: number | undefined;
  if (values.extension !== undefined) {
    if (!/^\d+$/.test(values.extension)) throw new UsageError(`--extension takes an extension id (a number), got "${values.extension}"`);
    extensionId = Number(values.extension);
  }
  // Both bounds as the instants used (UTC, milliseconds), so the output names them as queried.
  const from = timeArg('from', values.from);
  const at = timeArg('at', values.at);
  if (values.phone !== undefined) checkPseudonymText(values.phone, '--phone');
  const c = openCase(positionals[0], REVEALS_USAGE);
  try {
    // A prefix as the tables print it names the one pseudonym it starts (or is refused).
    const phone = values.phone !== undefined ? resolvePseudonym(c.db, 'phone', values.phone, '--phone') : undefined;
    const filter: RevealFilter = {
      actor: values.actor,
      tenant: values.tenant,
      phonePseudonym: phone,
      extensionId,
      from,
      at,
    };
    const reveals = listReveals(c.store, filter);
    const review = computeReviewItems(c.store, { at, filter: { actor: filter.actor, tenant: filter.tenant, phonePseudonym: filter.phonePseudonym, extensionId, from: filter.from } });
    const caveat = caseCaveat(c);
    const exit = caveat.custodyBroken ? EXIT_FINDINGS : EXIT_OK;
    if (values.json) {
      warnOnStderr(caveat);
      out.write(JSON.stringify({ reveals, review }, null, 2) + '\n');
      return exit;
    }
    const lines = [...caveat.lines, `Reveals in ${c.path}${describe(filter)}: ${reveals.length}`];
    if (reveals.length) {
      lines.push(
        ...table(
          ['ts', 'installation', 'seq', 'tenant', 'actor', 'cdr', 'ext', 'field', 'phone', 'last4', 'alerted', 'register', 'motive'],
          reveals.map((r) => [
            r.ts,
            r.installationId ?? '(unknown)',
            String(r.seq),
            r.tenant,
            r.actor,
            r.cdrId ?? '',
            String(r.extensionId ?? ''),
            r.field ?? '',
            short(r.phonePseudonym, 10),
            r.last4 ?? '',
            r.alertSentTo.join(';'),
            r.registerLine === null ? 'NO ROW' : `line ${r.registerLine}`,
            short(r.motive, 60),
          ]),
        ),
      );
    }
    lines.push('', `Review items (advice for a reviewer, not findings): ${review.length}`);
    for (const i of review) lines.push(`  [${i.severity}] ${i.title} — ${i.installationId ?? '(unknown installation)'} seq ${i.seq}, ${i.ts}`, `      ${i.message}`);
    out.write(lines.join('\n') + '\n');
    return exit;
  } finally {
    c.close();
  }
}

function describe(f: RevealFilter): string {
  const parts = [
    f.actor && `actor ${f.actor}`,
    f.tenant && `tenant ${f.tenant}`,
    f.phonePseudonym && `phone ${short(f.phonePseudonym)}`,
    f.extensionId !== undefined && `extension ${f.extensionId}`,
    f.from && `from ${f.from}`,
    f.at && `as of ${f.at}`,
  ].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}
