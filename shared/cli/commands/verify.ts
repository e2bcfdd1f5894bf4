// natalia-audit verify <bundle> [--trust FILE] [--json] [--fast]
import { isBlocking } from '../../model/findings.js';
import { verifyBundle } from '../../engine/verify/verify-bundle.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../cli-error.js';
import { formatVerdict } from '../format-verdict.js';
import { terminalProgress } from '../progress.js';
import { parseCommand, usageOf } from '../command-table.js';

const VERIFY_USAGE = usageOf('verify');

export async function runVerify(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand('verify', argv);
  if (positionals.length !== 1) throw new UsageError(`expected one bundle path. Usage: ${VERIFY_USAGE}`);
  const progress = terminalProgress();
  const result = await verifyBundle(positionals[0]!, {
    trustPath: values.trust,
    mode: values.fast ? 'fast' : 'full',
    onProgress: progress,
  }).finally(() => progress.done());
  process.stdout.write(values.json ? JSON.stringify(result, null, 2) + '\n' : formatVerdict(result));
  return result.findings.some((f) => isBlocking(f.severity)) ? EXIT_FINDINGS : EXIT_OK;
}
