// natalia-audit: the command-line face of the engine. Each command lives in
// commands/<name>.ts; this file only dispatches and turns errors into exit codes.
import { BundleUnreadableError } from '../engine/verify/verify-bundle.js';
import { CaseNotFoundError } from '../engine/case/case-file.js';
import { InputFileError } from '../engine/input-file.js';
import { CaseFormatError } from '../engine/store/migrate.js';
import { TrustStoreError } from '../engine/license/trust-store.js';
import { WORKSTATION_VERSION } from '../engine/version.js';
import { EXIT_UNREADABLE, UsageError } from './cli-error.js';

type Command = { usage: string; summary: string; run: (argv: string[]) => Promise<number> };

const COMMANDS: Record<string, Command> = {
  open: {
    usage: 'open [--demo] [--demo-dir DIR] [--case-dir DIR] [--port N] [--web]',
    summary: 'open the workstation: Electron where its runtime is installed, else the loopback web mode',
    run: async (a) => (await import('./commands/open.js')).runOpen(a),
  },
  verify: {
    usage: 'verify <bundle> [--trust FILE] [--json] [--fast]',
    summary: 'verify an evidence bundle (directory, .zip or .tar.gz) and print the verdict',
    run: async (a) => (await import('./commands/verify.js')).runVerify(a),
  },
  import: {
    usage: 'import <bundle> --case FILE [--trust FILE] [--json] [--fast]',
    summary: 'verify a bundle and import it into a case file, in one transaction',
    run: async (a) => (await import('./commands/import.js')).runImport(a),
  },
  custody: {
    usage: 'custody <case> [--json]',
    summary: "print the case's chain of custody and check its hash chain",
    run: async (a) => (await import('./commands/custody.js')).runCustody(a),
  },
  replay: {
    usage: 'replay <case> --at T [--json]',
    summary: 'state at time T: extensions that existed, erasures, reveals that had happened',
    run: async (a) => (await import('./commands/replay.js')).runReplay(a),
  },
  reveals: {
    usage: 'reveals <case> [--actor A] [--tenant T] [--phone P] [--extension N] [--from T] [--at T] [--json]',
    summary: 'reveal history with break-the-glass review items',
    run: async (a) => (await import('./commands/reveals.js')).runReveals(a),
  },
  erasures: {
    usage: 'erasures <case> [--json]',
    summary: 'each erasure request through execution, certificate and dump check, with the GDPR deadline',
    run: async (a) => (await import('./commands/erasures.js')).runErasures(a),
  },
  answers: {
    usage: 'answers declare|list|export|import <case> ...',
    summary: "the case's CAIQ answer library: declare, list (with history), export to or import from a portable JSON file",
    run: async (a) => (await import('./commands/answers.js')).runAnswers(a),
  },
  caiq: {
    usage: 'caiq <case> [--workbook FILE] [--answers FILE] --out FILE.xlsx [--force] [--json]',
    summary: 'answer the CAIQ-Lite questions from the case (fills your official CSA workbook with --workbook)',
    run: async (a) => (await import('./commands/caiq.js')).runCaiq(a),
  },
  'erasure-report': {
    usage: 'erasure-report <case> <certificate-id|ext:PSEUDONYM> --lang fr|en --out FILE.pdf',
    summary: 'signed GDPR erasure report (PDF and its JSON twin) for a DPO',
    run: async (a) => (await import('./commands/erasure-report.js')).runErasureReport(a),
  },
  'verify-report': {
    usage: 'verify-report <file> [--sig FILE] [--key PUB.json] | --show-key | --export-key FILE',
    summary: "check a report against its signature; show or export this workstation's public key",
    run: async (a) => (await import('./commands/verify-report.js')).runVerifyReport(a),
  },
  demo: {
    usage: 'demo [--out DIR] [--json]',
    summary: 'write demo evidence (a valid and a tampered bundle) and verify both',
    run: async (a) => (await import('./commands/demo.js')).runDemo(a),
  },
};

function help(): string {
  const lines = [`natalia-audit ${WORKSTATION_VERSION}: the Natalia auditor workstation's command line`, '', 'Usage:'];
  for (const c of Object.values(COMMANDS)) lines.push(`  natalia-audit ${c.usage}`, `      ${c.summary}`);
  lines.push('', 'Exit codes: 0 no finding of medium severity or above, 1 at least one, 2 the input cannot be read or the arguments are wrong.');
  return lines.join('\n') + '\n';
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(WORKSTATION_VERSION + '\n');
    return 0;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    process.stderr.write(`natalia-audit: unknown command "${name}". Run natalia-audit --help.\n`);
    return EXIT_UNREADABLE;
  }
  try {
    return await cmd.run(rest);
  } catch (e) {
    const err = e as Error & { code?: string };
    if (e instanceof UsageError || e instanceof BundleUnreadableError || e instanceof TrustStoreError || e instanceof InputFileError || e instanceof CaseFormatError || e instanceof CaseNotFoundError || err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      process.stderr.write(`natalia-audit ${name}: ${err.message}\n`);
      return EXIT_UNREADABLE;
    }
    if (err.code === 'SQLITE_BUSY' || err.code === 'SQLITE_LOCKED') {
      process.stderr.write(`natalia-audit ${name}: the case file is busy: another program (an import?) is writing to it. Try again when it has finished.\n`);
      return EXIT_UNREADABLE;
    }
    process.stderr.write(`natalia-audit ${name}: unexpected error: ${err.stack ?? err.message}\n`);
    return EXIT_UNREADABLE;
  }
}
