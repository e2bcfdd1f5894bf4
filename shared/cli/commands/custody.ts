// natalia-audit custody <case> [--json]
// Prints the case's chain of custody and checks it: exit 0 when every entry
// recomputes and links, 1 when the chain is broken (the entry is named).
import { parseArgs } from 'node:util';
import type { CustodyRecord } from '../../engine/case/custody-log.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../cli-error.js';
import { openCase, type Out } from '../case-command.js';
import { table } from '../text-table.js';

export const CUSTODY_USAGE = 'natalia-audit custody <case> [--json]';

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
      return `bundle #${String(d.bundle_id)} verified again; verdict ${String(d.verdict)}`;
    case 'report.create':
      return `${String(d.kind)} report ${String(d.file)} (sha256 ${String(d.sha256)})`;
    case 'note.add':
      return `note on ${String(d.target) || 'the case'}: ${String(d.text)}`;
    case 'tag.add':
    case 'tag.remove':
      return `tag "${String(d.tag)}" ${r.action === 'tag.add' ? 'added to' : 'removed from'} ${String(d.target) || 'the case'}`;
    default:
      return JSON.stringify(d);
  }
}

export async function runCustody(argv: string[], out: Out = process.stdout): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' } } });
  if (positionals.length !== 1) throw new UsageError(`expected one case file. Usage: ${CUSTODY_USAGE}`);
  const c = openCase(positionals[0], CUSTODY_USAGE);
  try {
    const entries = c.custody();
    const check = c.checkCustody();
    if (values.json) {
      out.write(JSON.stringify({ case_id: c.id, path: c.path, chain: check, entries }, null, 2) + '\n');
    } else {
      const lines = [
        `Chain of custody of ${c.path} (case ${c.id}): ${check.entries} entr${check.entries === 1 ? 'y' : 'ies'}, ` +
          (check.ok ? `chain intact (head ${check.headHash})` : 'CHAIN BROKEN'),
      ];
      for (const p of check.problems) lines.push(`  ! ${p.message}`);
      lines.push(
        ...table(
          ['#', 'when (UTC)', 'who', 'workstation', 'action', 'what'],
          entries.map((e) => [String(e.seq), e.ts, `${e.os_user}@${e.host}`, e.workstation_version, e.action, summary(e)]),
        ),
      );
      out.write(lines.join('\n') + '\n');
    }
    return check.ok ? EXIT_OK : EXIT_FINDINGS;
  } finally {
    c.close();
  }
}
