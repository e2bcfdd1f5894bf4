// natalia-audit import <bundle> --case FILE [--trust FILE] [--json]
// Verifies a bundle and imports it into a case (created if it does not
// exist), in one transaction: on any error the case is left as it was.
// Exit codes as verify: 0 no finding of medium or above, 1 some, 2 not imported.
import { isBlocking } from '../../model/findings.js';
import { ImportRefusedError, importBundle } from '../../engine/case/import-bundle.js';
import { engineErrorCode } from '../../engine/engine-error.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, UsageError } from '../cli-error.js';
import { formatVerdict, place } from '../format-verdict.js';
import { terminalProgress } from '../progress.js';
import { parseCommand, usageOf } from '../command-table.js';
import type { Out } from '../case-command.js';
import type { ReauditSummary } from '../../model/verification.js';

const IMPORT_USAGE = usageOf('import');

export async function runImport(argv: string[], out: Out = process.stdout): Promise<number> {
  const { values, positionals } = parseCommand('import', argv);
  if (positionals.length !== 1) throw new UsageError(`expected one bundle path. Usage: ${IMPORT_USAGE}`);
  if (values.fast) {
    // A case is the evidence its reports cite: what it holds must have been verified in full.
    throw new UsageError('import always verifies in full (a case is the evidence its reports cite); for a quick look, use verify --fast');
  }
  if (!values.case) throw new UsageError(`--case FILE is required (the case file to import into; created if missing). Usage: ${IMPORT_USAGE}`);
  const progress = terminalProgress();
  const ac = new AbortController();
  // Ctrl-C cancels: the transaction rolls back and the case stays as it was.
  const onSigint = () => ac.abort(new Error('import cancelled (Ctrl-C); the case was left as it was'));
  process.once('SIGINT', onSigint);
  try {
    const r = await importBundle(values.case, positionals[0]!, {
      trustPath: values.trust,
      onProgress: progress,
      signal: ac.signal,
    }).finally(() => progress.done());
    if (values.json) {
      out.write(
        JSON.stringify({ case: values.case, case_id: r.caseId, bundle_id: r.bundleId, verification_id: r.verificationId, custody_seq: r.custodySeq, result: r.result }, null, 2) +
          '\n',
      );
    } else {
      const head = [`Case         ${values.case} (case ${r.caseId})`, `Imported as  bundle #${r.bundleId} (custody entry ${r.custodySeq})`];
      head.push(...reauditLines(r.result.reaudit));
      for (const f of r.historyFindings) head.push(`History      [${f.severity}] ${f.code} at ${place(f)}: ${f.message}`);
      out.write(head.join('\n') + '\n' + formatVerdict(r.result));
    }
    return r.result.findings.some((f) => isBlocking(f.severity)) ? EXIT_FINDINGS : EXIT_OK;
  } catch (e) {
    if (e instanceof ImportRefusedError) {
      out.write(values.json ? JSON.stringify({ imported: false, result: e.result }, null, 2) + '\n' : formatVerdict(e.result));
      process.stderr.write(`natalia-audit import: ${e.message}\n`);
      return EXIT_UNREADABLE;
    }
    // Not imported, for a reason the user can act on: one line, exit 2.
    const code = engineErrorCode(e);
    if (code === 'BUNDLE_DUPLICATE' || code === 'CASE_FORMAT' || code === 'SOURCE_CHANGED') throw new UsageError((e as Error).message);
    throw e;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/** A re-audit in the user's words: what was matched to which earlier import, what was verified now, what was not relied on. */
function reauditLines(r: ReauditSummary | undefined): string[] {
  if (!r) return [];
  const lines: string[] = [];
  for (const m of r.matched) {
    const runs = m.seqs.map(([a, b]) => (a === b ? `${a}` : `${a} to ${b}`));
    const shown = runs.length > 5 ? `${runs.slice(0, 5).join(', ')} and ${runs.length - 5} more runs` : runs.join(', ');
    lines.push(
      `Re-audit     ${m.entries} entr${m.entries === 1 ? 'y' : 'ies'} (seq ${shown}) matched to bundle #${m.bundle_id} ${m.name} (${m.exported_at ? `exported ${m.exported_at}, ` : ''}imported by custody entry ${m.custody_seq}): not verified again; ${r.verified_now} verified now`,
    );
  }
  for (const u of r.not_used) lines.push(`Re-audit     bundle #${u.bundle_id} ${u.name} not relied on: ${u.reason}`);
  if (r.matched.length === 0 && r.not_used.length) lines.push(`Re-audit     every entry was verified now (${r.verified_now} signatures)`);
  return lines;
}
