// natalia-audit bundle list <case> [--json]
// natalia-audit bundle exclude <case> <bundle-id> --reason TEXT
// natalia-audit bundle include <case> <bundle-id> [--reason TEXT]
// natalia-audit bundle reverify <case> <bundle-id> [--trust FILE] [--json]
// The bundles of a case and which of them count: a bundle that could not be
// verified (no trust roots at import, or tampered) can be excluded so it does
// not weigh on replays and reports, included again, or verified again under
// the trust store of the day. Each is recorded in the chain of custody.
import { BundleStandingError } from '../../engine/case/case-file.js';
import { ReverifyError, reverifyBundle } from '../../engine/case/reverify-bundle.js';
import { isBlocking } from '../../model/findings.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../cli-error.js';
import { formatVerdict } from '../format-verdict.js';
import { terminalProgress } from '../progress.js';
import { openCase, type Out } from '../case-command.js';
import { table } from '../text-table.js';
import { parseCommand, usageOf } from '../command-table.js';

const BUNDLE_USAGE = usageOf('bundle');

function bundleNumber(v: string | undefined): number {
  if (v === undefined || !/^\d+$/.test(v)) throw new UsageError(`expected a bundle id (a number, as bundle list prints it after #), got ${v === undefined ? 'nothing' : JSON.stringify(v)}. Usage: ${BUNDLE_USAGE}`);
  return Number(v);
}

export async function runBundle(argv: string[], out: Out = process.stdout): Promise<number> {
  const { values, positionals } = parseCommand('bundle', argv);
  const [sub, casePath, id, ...rest] = positionals;
  if (rest.length) throw new UsageError(`unexpected ${rest.join(' ')}. Usage: ${BUNDLE_USAGE}`);
  switch (sub) {
    case 'list': {
      if (id !== undefined) throw new UsageError(`bundle list takes only the case file. Usage: ${BUNDLE_USAGE}`);
      const c = openCase(casePath, BUNDLE_USAGE);
      try {
        const bundles = c.bundles();
        if (values.json) {
          out.write(JSON.stringify(bundles.map((b) => ({ id: b.id, name: b.name, installation_id: b.installation_id, exported_at: b.exported_at, verdict: b.verdict, counts: b.excluded === null, excluded: b.excluded })), null, 2) + '\n');
          return EXIT_OK;
        }
        const lines = [`Bundles of ${c.path}: ${bundles.length} (${bundles.filter((b) => b.excluded === null).length} count)`];
        lines.push(
          ...table(
            ['#', 'installation', 'exported', 'verdict', 'counts', 'name'],
            bundles.map((b) => [String(b.id), b.installation_id ?? '(unknown)', b.exported_at ?? '', b.verdict ?? '?', b.excluded ? `EXCLUDED (custody entry ${b.excluded.seq}: ${b.excluded.reason})` : 'yes', b.name]),
          ),
        );
        out.write(lines.join('\n') + '\n');
        return EXIT_OK;
      } finally {
        c.close();
      }
    }
    case 'exclude':
    case 'include': {
      const bundleId = bundleNumber(id);
      if (sub === 'exclude' && (values.reason === undefined || values.reason.trim() === '')) {
        throw new UsageError(`--reason TEXT is required: the chain of custody records why a bundle is excluded. Usage: ${BUNDLE_USAGE}`);
      }
      const c = openCase(casePath, BUNDLE_USAGE);
      try {
        const r = sub === 'exclude' ? c.excludeBundle(bundleId, values.reason!) : c.includeBundle(bundleId, values.reason ?? '');
        out.write(
          sub === 'exclude'
            ? `Bundle #${bundleId} excluded from ${c.path} (custody entry ${r.seq}): its evidence no longer feeds replays or reports.\n`
            : `Bundle #${bundleId} counts again in ${c.path} (custody entry ${r.seq}).\n`,
        );
        return EXIT_OK;
      } catch (e) {
        if (e instanceof BundleStandingError) throw new UsageError(e.message);
        throw e;
      } finally {
        c.close();
      }
    }
    case 'reverify': {
      const bundleId = bundleNumber(id);
      if (!casePath) throw new UsageError(`expected a case file. Usage: ${BUNDLE_USAGE}`);
      openCase(casePath, BUNDLE_USAGE).close(); // its errors as usage errors
      const progress = terminalProgress();
      try {
        const r = await reverifyBundle(casePath, bundleId, { trustPath: values.trust, onProgress: progress }).finally(() => progress.done());
        if (values.json) {
          out.write(JSON.stringify({ bundle_id: r.bundleId, verification_id: r.verificationId, previous_verdict: r.previousVerdict, custody_seq: r.custodySeq, result: r.result }, null, 2) + '\n');
        } else {
          out.write(`Bundle #${bundleId} verified again (custody entry ${r.custodySeq}): was ${r.previousVerdict ?? 'never verified'}, now ${r.result.verdict}\n` + formatVerdict(r.result));
        }
        return r.result.findings.some((f) => isBlocking(f.severity)) ? EXIT_FINDINGS : EXIT_OK;
      } catch (e) {
        if (e instanceof ReverifyError) throw new UsageError(e.message);
        throw e;
      }
    }
    default:
      throw new UsageError(`expected list, exclude, include or reverify. Usage: ${BUNDLE_USAGE}`);
  }
}
