// natalia-audit: the command-line face of the engine. Each command is
// declared in command-table.ts and lives in commands/<name>.ts; this file
// answers help, dispatches, and turns errors into exit codes.
import { cliFailureOf } from '../api/engine-errors.js';
import { WORKSTATION_VERSION } from '../engine/version.js';
import { EXIT_UNREADABLE, UsageError } from './cli-error.js';
import { commandFlags as flagsOf, commandHelp as helpOf, generalHelp } from './command-help.js';
import { COMMANDS, isCommandName } from './command-table.js';

/** What `natalia-audit <name> --help` prints, or undefined for an unknown command. */
export function commandHelp(name: string): string | undefined {
  return isCommandName(name) ? helpOf(name, COMMANDS[name]) : undefined;
}

/** The options each command's help names (`--out`, `--json`…), for tests and docs that must stay in step. */
export function commandFlags(name: string): string[] {
  return isCommandName(name) ? flagsOf(COMMANDS[name]) : [];
}

export const COMMAND_NAMES: readonly string[] = Object.keys(COMMANDS);

/** `--help` or `-h` among a command's arguments (before a `--` that ends the options). */
function asksForHelp(argv: string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

/** node:util parseArgs' own words for a bad option, as one line that names the option and where the options are listed. */
function argumentProblem(name: string, err: Error & { code?: string }): string {
  const see = `Run 'natalia-audit ${name} --help' for its options.`;
  const m = err.message;
  let q: RegExpMatchArray | null;
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && (q = m.match(/^Unknown option '([^']*)'/))) {
    return `unknown option '${q[1]}'. ${see}`;
  }
  if ((q = m.match(/^Option '(-[^' ]*)(?: <value>)?' argument missing/))) return `option '${q[1]}' needs a value. ${see}`;
  if ((q = m.match(/^Option '(-[^']*)' argument is ambiguous/))) {
    return `option '${q[1]}' is followed by another option, not by its value (for a value starting with a dash, write ${q[1]}=-VALUE). ${see}`;
  }
  if ((q = m.match(/^Option '(-[^']*)' does not take an argument/))) return `option '${q[1]}' takes no value. ${see}`;
  if ((q = m.match(/^Unexpected argument '([^']*)'/))) return `unexpected argument '${q[1]}': this command takes none. ${see}`;
  return `${m.replace(/\s*\n\s*/g, ' ')} ${see}`;
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    // `help <command>` (and `--help <command>`): that command's help.
    const about = rest[0];
    if (about === undefined) {
      process.stdout.write(generalHelp(COMMANDS, WORKSTATION_VERSION));
      return 0;
    }
    const text = commandHelp(about);
    if (text === undefined) {
      process.stderr.write(`natalia-audit: unknown command "${about}". Run natalia-audit --help.\n`);
      return EXIT_UNREADABLE;
    }
    process.stdout.write(text);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(WORKSTATION_VERSION + '\n');
    return 0;
  }
  if (!isCommandName(name)) {
    process.stderr.write(`natalia-audit: unknown command "${name}". Run natalia-audit --help.\n`);
    return EXIT_UNREADABLE;
  }
  if (asksForHelp(rest)) {
    process.stdout.write(commandHelp(name)!);
    return 0;
  }
  try {
    return await COMMANDS[name].run(rest);
  } catch (e) {
    const err = e as Error & { code?: string };
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      process.stderr.write(`natalia-audit ${name}: ${argumentProblem(name, err)}\n`);
      return EXIT_UNREADABLE;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`natalia-audit ${name}: ${err.message}\n`);
      return EXIT_UNREADABLE;
    }
    // Engine errors by their code, in the words of the one table (shared/api/engine-errors.ts).
    const failure = cliFailureOf(e);
    if (failure) {
      process.stderr.write(`natalia-audit ${name}: ${failure.line}\n`);
      return failure.exit;
    }
    process.stderr.write(`natalia-audit ${name}: unexpected error: ${err.stack ?? err.message}\n`);
    return EXIT_UNREADABLE;
  }
}
