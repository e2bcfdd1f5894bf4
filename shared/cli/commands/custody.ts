// natalia-audit custody <case> [--deep] [--json]
// Prints the case's chain of custody and checks it: exit 0 when every entry
// recomputes and links, 1 when the chain is broken (the entry is named).
// --deep also recomputes the rows each import derived (case/derived-digest.ts).
import { WITHHELD_ACTION, type CustodyRecord } from '../../engine/case/custody-log.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../cli-error.js';
import { openCase, type Out } from '../case-command.js';
import { table } from '../text-table.js';
import { parseCommand, usageOf } from '../command-table.js';

const CUSTODY_USAGE = usageOf('custody');

function summary(r: CustodyRecord): string {
  const d = r.details;
  switch (r.action) {
    case 'case.create':
      return `case ${String(d.case_id)} created`;
    case 'bundle.import': {
      const files = Array.isArray(d.files) ? (d.files as { path: string; sha256: string }[]) : [];
      const hash = files.length === 1 ? `, sha256 ${files[0]!.sha256}` : `, ${files.length} files hashed`;
      return `bundle #${String(d.bundle_id)} ${String(d.name)} imported from ${String(d.source_path)}${hash}; verdict ${String(d.verdict)}`;
    }
    case 'bundle.verify':
      return `bundle #${String(d.bundle_id)} verified again under ${String(d.trust ?? 'the trust store')}; verdict ${String(d.previous_verdict ?? '?')} before, ${String(d.verdict)} now`;
    case 'bundle.exclude':
      return `bundle #${String(d.bundle_id)} ${String(d.name)} excluded from the case: ${String(d.reason)}`;
    case 'bundle.include':
      return `bundle #${String(d.bundle_id)} ${String(d.name)} counts again${d.reason ? `: ${String(d.reason)}` : ''}`;
    case 'report.create':
      return `${String(d.kind)} report ${String(d.file)} (sha256 ${String(d.sha256)})`;
    case 'note.add':
      return `note on ${String(d.target) || 'the case'}: ${String(d.text)}`;
    case 'tag.add':
    case 'tag.remove':
      return `tag "${String(d.tag)}" ${r.action === 'tag.add' ? 'added to' : 'removed from'} ${String(d.target) || 'the case'}`;
    case 'review.annotate':
      return `${String(d.kind)} on ${String(d.subject)} by ${String(d.reviewer)}${d.value !== null && d.value !== undefined ? `: ${String(d.value)}` : ''}${d.reason ? ` (${String(d.reason)})` : ''}`;
    case 'case.export':
      return `exported for a colleague${d.tag ? ` (the part tagged "${String(d.tag)}")` : ''}: ${String(d.file)} (sha256 ${String(d.sha256)})`;
    case 'case.part':
      return `the part tagged "${String(d.tag)}": the review of ${Array.isArray(d.subjects) ? d.subjects.length : 0} item(s); entries ${Array.isArray(d.withheld) && d.withheld.length ? d.withheld.join(', ') : '(none)'} withheld`;
    case 'case.receive':
      return `opened from ${String(d.file)} (sha256 ${String(d.sha256)}), exported by key ${String(d.signed_by)}${d.signer_known ? ', vouched for' : ', which nobody vouched for'}`;
    case WITHHELD_ACTION:
      return "withheld: left out of the part handed on; only its time and hash are kept";
    default:
      return JSON.stringify(d);
  }
}

export async function runCustody(argv: string[], out: Out = process.stdout): Promise<number> {
  const { values, positionals } = parseCommand('custody', argv);
  if (positionals.length !== 1) throw new UsageError(`expected one case file. Usage: ${CUSTODY_USAGE}`);
  const c = openCase(positionals[0], CUSTODY_USAGE);
  try {
    const entries = c.custody();
    const check = c.checkCustody({ deep: values.deep === true });
    if (values.json) {
      out.write(JSON.stringify({ case_id: c.id, path: c.path, chain: check, entries }, null, 2) + '\n');
    } else {
      const lines = [
        `Chain of custody of ${c.path} (case ${c.id}): ${check.entries} entr${check.entries === 1 ? 'y' : 'ies'}, ` +
          (check.ok ? `chain intact (head ${check.headHash})` : 'CHAIN BROKEN'),
      ];
      for (const p of check.problems) lines.push(`  ! ${p.message}`);
      if (!check.deep) lines.push('  (the rows each import derived were not recomputed: run with --deep to check them too)');
      else for (const r of check.rowsChecked ?? []) lines.push(`  rows of bundle #${r.bundle_id} ${r.name} match what its import stored (custody entry ${r.seq})`);
      for (const r of check.rowsUncheckable ?? []) lines.push(`  rows of bundle #${r.bundle_id} ${r.name} were not checked: its import (custody entry ${r.seq}) recorded no digest of them (imported by an earlier version)`);
      lines.push(
        ...table(
          ['#', 'when (UTC)', 'who', 'workstation', 'action', 'what'],
          entries.map((e) => [String(e.seq), e.ts, e.os_user ? `${e.os_user}@${e.host}` : "—", e.workstation_version || "—", e.action, summary(e)]),
        ),
      );
      out.write(lines.join('\n') + '\n');
    }
    return check.ok ? EXIT_OK : EXIT_FINDINGS;
  } finally {
    c.close();
  }
}
