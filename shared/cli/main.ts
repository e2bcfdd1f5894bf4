// natalia-audit: the command-line face of the engine. Each command lives in
// commands/<name>.ts; this file holds the help (general and per command),
// dispatches, and turns errors into exit codes.
import { cliFailureOf } from '../api/engine-errors.js';
import { WORKSTATION_VERSION } from '../engine/version.js';
import { EXIT_UNREADABLE, UsageError } from './cli-error.js';
import { TIME_ARG_FORMS } from './time-arg.js';

/** An option row of a command's help: the flag as typed (with its value), what it does. A plain string is a sub-heading. */
type Option = [flag: string, what: string] | string;

interface Command {
  /** How to call it, without `natalia-audit `; continuation lines start with spaces. The first line is also in the general help. */
  usage: string[];
  /** The general help's line, when the first usage line does not fit it. */
  synopsis?: string;
  summary: string;
  /** The arguments that are not options. */
  args?: [name: string, what: string][];
  options: Option[];
  /** The exit codes, when they are not the common ones. */
  exit?: string;
  more?: string[];
  run: (argv: string[]) => Promise<number>;
}

const TIME = `${TIME_ARG_FORMS}.`;
const T = `${TIME_ARG_FORMS.replace(/^TIME/, 'T')}.`;
const EXIT_VERIFY = 'Exit codes: 0 no finding of medium severity or above, 1 at least one, 2 the input cannot be read or the arguments are wrong.';
const EXIT_COMMON = 'Exit codes: 0 done, 2 the input cannot be read or the arguments are wrong.';

// Each command's usage and options, as `natalia-audit <command> --help` prints them. The commands
// themselves are loaded only when run; README.md's command table lists the same flags
// (test/cli/help-cli.test.ts keeps the three in step).
const COMMANDS: Record<string, Command> = {
  open: {
    usage: ['open [--demo] [--demo-dir DIR] [--case-dir DIR] [--port N] [--web]'],
    summary: 'open the workstation: Electron where its runtime is installed, else the loopback web mode',
    options: [
      ['--demo', 'open with the reference samples and a fresh demo export (valid and tampered), in a temporary case folder'],
      ['--demo-dir DIR', 'write the demo evidence to DIR (implies --demo; default: a new temporary folder)'],
      ['--case-dir DIR', "the folder of the case files, created if missing (default: cases/ in the workstation's folder)"],
      ['--port N', 'the port of the loopback web mode (default: any free port)'],
      ['--web', 'the loopback web mode, even where the desktop app could run'],
    ],
    more: ['Prints "Workstation ready at <url>" once it can be used; Ctrl+C stops the web mode.'],
    run: async (a) => (await import('./commands/open.js')).runOpen(a),
  },
  verify: {
    usage: ['verify <bundle> [--trust FILE] [--json] [--fast]'],
    summary: 'verify an evidence bundle (directory, .zip or .tar.gz) and print the verdict',
    args: [['<bundle>', 'a bag directory, a .zip or a .tar.gz as the appliance exports it']],
    options: [
      ['--trust FILE', "the vendor's trust roots (natalia.trust-roots.v1); default: the workstation's trust store, empty at first"],
      ['--json', 'the verdict as JSON on stdout'],
      ['--fast', 'chain and seal only (no per-entry hash or signature work); its verdict is never TRUSTED'],
    ],
    exit: EXIT_VERIFY,
    run: async (a) => (await import('./commands/verify.js')).runVerify(a),
  },
  import: {
    usage: ['import <bundle> --case FILE [--trust FILE] [--json]'],
    summary: 'verify a bundle and import it into a case file, in one transaction',
    args: [['<bundle>', 'a bag directory, a .zip or a .tar.gz']],
    options: [
      ['--case FILE', 'the case file to import into (created if missing)'],
      ['--trust FILE', "the vendor's trust roots, as for verify"],
      ['--json', 'the verdict as JSON on stdout'],
    ],
    more: ['Always verifies in full: a case is the evidence its reports cite.'],
    exit: 'Exit codes: 0 imported, no finding of medium severity or above; 1 imported, with at least one; 2 not imported.',
    run: async (a) => (await import('./commands/import.js')).runImport(a),
  },
  trust: {
    usage: ['trust list [--json]', 'trust add <trust-roots.json> [--force]', 'trust remove <kid>'],
    synopsis: 'trust list [--json] | add <trust-roots.json> [--force] | remove <kid>',
    summary: "the workstation's trust store: the vendor roots used when no --trust is given (empty at first)",
    args: [
      ['list', 'each root with its kid, label and fingerprint'],
      ['add <trust-roots.json>', "add the roots of the vendor's file (natalia.trust-roots.v1) not held yet; never from a bundle"],
      ['remove <kid>', 'remove one root'],
    ],
    options: [
      ['--json', 'trust list as JSON on stdout'],
      ['--force', "trust add: also add known test roots (the samples' and the demo's), which prove nothing"],
    ],
    more: ['Check each fingerprint with your vendor by a channel you trust. The store is $NATALIA_AUDIT_HOME/trust-roots.json, else ~/.config/natalia-audit/trust-roots.json.'],
    exit: EXIT_COMMON,
    run: async (a) => (await import('./commands/trust.js')).runTrust(a),
  },
  custody: {
    usage: ['custody <case> [--deep] [--json]'],
    summary: "print the case's chain of custody and check its hash chain",
    options: [
      ['--deep', 'also recompute the rows each import stored (audit entries, register, certificates, dump rows) against the digest its custody entry recorded; reads every row'],
      ['--json', 'the entries and the chain check as JSON on stdout'],
    ],
    exit: "Exit codes: 0 chain intact, 1 an entry, a stored verification or (--deep) an import's rows were edited or deleted, 2 the case cannot be read or the arguments are wrong.",
    run: async (a) => (await import('./commands/custody.js')).runCustody(a),
  },
  bundle: {
    usage: [
      'bundle list <case> [--json]',
      'bundle exclude <case> <bundle-id> --reason TEXT',
      'bundle include <case> <bundle-id> [--reason TEXT]',
      'bundle reverify <case> <bundle-id> [--trust FILE] [--json]',
    ],
    synopsis: 'bundle list|exclude|include|reverify <case> ...',
    summary: 'the bundles of a case and which count: exclude one from replays and reports, include it again, or verify it again under the trust store of the day',
    args: [
      ['list', 'each bundle with its installation, verdict and whether it counts'],
      ['exclude <case> <bundle-id>', 'its evidence no longer feeds replays or reports (its rows stay; recorded in the chain of custody)'],
      ['include <case> <bundle-id>', 'an excluded bundle counts again'],
      ['reverify <case> <bundle-id>', "verify the case's copy of the bundle again; the new result becomes its verdict"],
    ],
    options: [
      ['--reason TEXT', 'why (required to exclude; recorded in the chain of custody)'],
      ['--trust FILE', "reverify: the vendor's trust roots, as for verify (default: the workstation's trust store)"],
      ['--json', 'list, reverify: as JSON on stdout'],
    ],
    exit: 'Exit codes: 0 done (reverify: no finding of medium severity or above), 1 reverify found at least one, 2 the case cannot be read or the arguments are wrong.',
    run: async (a) => (await import('./commands/bundle.js')).runBundle(a),
  },
  replay: {
    usage: ['replay <case> --at T [--json]'],
    summary: 'state at time T: extensions that existed, erasures, reveals that had happened',
    options: [
      ['--at T', 'the time (required)'],
      ['--json', 'the state as JSON on stdout'],
    ],
    more: [T],
    exit: EXIT_COMMON,
    run: async (a) => (await import('./commands/replay.js')).runReplay(a),
  },
  reveals: {
    usage: ['reveals <case> [--actor A] [--tenant T] [--phone PSEUDONYM] [--extension N] [--from T] [--at T] [--json]'],
    summary: 'reveal history with break-the-glass review items',
    options: [
      ['--actor A', 'only the reveals by user A'],
      ['--tenant T', 'only the reveals in tenant T'],
      ['--phone PSEUDONYM', "only the reveals of this phone number's pseudonym (all 64 hex digits, or the first 8 or more, as the tables print them)"],
      ['--extension N', 'only the reveals on extension id N'],
      ['--from T', 'only the reveals at or after time T'],
      ['--at T', 'as of time T: the reveals at or before it'],
      ['--json', 'the reveals and the review items as JSON on stdout'],
    ],
    more: [T],
    exit: EXIT_COMMON,
    run: async (a) => (await import('./commands/reveals.js')).runReveals(a),
  },
  erasures: {
    usage: ['erasures <case> [--json]'],
    summary: 'each erasure request through execution, certificate and dump check, with the GDPR deadline',
    options: [['--json', 'the erasures as JSON on stdout']],
    exit: 'Exit codes: 0 no finding of medium severity or above, 1 at least one, 2 the case cannot be read or the arguments are wrong.',
    run: async (a) => (await import('./commands/erasures.js')).runErasures(a),
  },
  answers: {
    usage: [
      'answers declare <case> <question-id> --answer Yes|No|NA [--ownership OWNER] --description TEXT',
      '    [--customer TEXT] [--leans-on CHECK_ID,...] [--document FILE]... [--author NAME] [--declared-at TIME] [--caiq-version 4.0.3|4.1.0]',
      'answers list <case> [--history] [--json]',
      'answers export <case> --out FILE.json [--force]',
      'answers import <case> FILE.json [--author NAME]',
    ],
    synopsis: 'answers declare|list|export|import <case> ...',
    summary: "the case's CAIQ answer library: declare, list (with history), export to or import from a portable JSON file",
    options: [
      'declare (a new version of the answer, with its custody entry):',
      ['--answer Yes|No|NA', "the answer (the workbook's column C)"],
      ['--ownership OWNER', 'SSRM ownership, as CSA spells it (e.g. "CSP-owned", "Shared CSP and CSC"); needed for Yes and No, none for NA'],
      ['--description TEXT', 'what is in place, or why it does not apply'],
      ['--customer TEXT', "the customer's part (column F)"],
      ['--leans-on CHECK_ID,...', 'checks of the case the answer leans on'],
      ['--document FILE', 'a document it leans on, cited by name and SHA-256 (only read); repeatable'],
      ['--author NAME', 'who declares it (default: the OS user)'],
      ['--declared-at TIME', 'when (default: now)'],
      ['--caiq-version V', 'the CAIQ release whose question it answers: 4.0.3 or 4.1.0 (default: 4.1.0)'],
      'list:',
      ['--history', 'every version, not only the current ones'],
      ['--json', 'the library as JSON on stdout'],
      'export (natalia-audit.caiq-answers.v1, the form caiq --answers reads):',
      ['--out FILE.json', 'the file to write'],
      ['--force', 'replace an existing file'],
      'import (all entries or none):',
      ['--author NAME', "declare the imported statements as NAME's, dated now (the file's author and date are kept)"],
    ],
    more: [TIME],
    exit: EXIT_COMMON,
    run: async (a) => (await import('./commands/answers.js')).runAnswers(a),
  },
  review: {
    usage: [
      'review list <case> [--kind KIND,...] [--undecided | --decision D] [--tag TAG] [--starred] [--min-severity S] [--json]',
      'review decide <case> <subject> --decision D [--reason TEXT] [--reviewer NAME] [--at TIME]',
      'review tag <case> <subject> <tag> [--remove] [--reviewer NAME] [--at TIME]',
      'review star <case> <subject> [--remove] [--reviewer NAME] [--at TIME]',
      'review comment <case> <subject> <text> [--reviewer NAME] [--at TIME]',
      'review history <case> <subject> [--json]',
    ],
    synopsis: 'review list|decide|tag|star|comment|history <case> ...',
    summary: "the auditor's review kept in the case: findings, review items, erasures and entries, tagged, starred, commented, decided",
    args: [
      ['<subject>', 'what is reviewed, by its stable key as review list prints it: finding:…, review:…, erasure:…, entry:INSTALLATION:SEQ'],
    ],
    options: [
      'list (everything to review, with its review):',
      ['--kind KIND,...', 'only finding, review (reveal review items), erasure or entry (annotated audit entries)'],
      ['--undecided', 'only findings and review items without a decision'],
      ['--decision D', 'only those with this decision'],
      ['--tag TAG', 'only those tagged TAG'],
      ['--starred', 'only starred ones'],
      ['--min-severity S', 'only findings and review items at least this severe (critical, high, medium, low, info)'],
      ['--json', 'the subjects and their reviews as JSON on stdout (history: the events)'],
      'decide, tag, star, comment (each recorded with its custody entry):',
      ['--decision D', 'accepted, justified, needs_follow_up or false_positive (findings and review items only)'],
      ['--reason TEXT', 'why; required for justified and false_positive'],
      ['--remove', 'tag, star: take the tag or the star away'],
      ['--reviewer NAME', 'who (default: the OS user)'],
      ['--at TIME', 'when (default: now)'],
    ],
    more: [TIME],
    exit: EXIT_COMMON,
    run: async (a) => (await import('./commands/review.js')).runReview(a),
  },
  views: {
    usage: [
      'views list <case> [--screen audit|reveals] [--json]',
      'views save <case> --screen audit|reveals --name NAME --filter JSON',
      'views delete <case> --screen audit|reveals --name NAME',
    ],
    synopsis: 'views list|save|delete <case> ...',
    summary: 'saved views of the case: named filters of the audit log explorer or the reveals screen',
    options: [
      ['--screen audit|reveals', 'the screen the view filters'],
      ['--name NAME', 'the view\'s name (saving a name again replaces it)'],
      ['--filter JSON', 'the filter, as the screen keeps it, e.g. {"actor":"admin.jdupont","action":"phone.reveal"}'],
      ['--json', 'list: the views as JSON on stdout'],
    ],
    exit: EXIT_COMMON,
    run: async (a) => (await import('./commands/views.js')).runViews(a),
  },
  caiq: {
    usage: ['caiq <case> [--workbook FILE [--overwrite]] [--caiq-version 4.0.3|4.1.0] [--answers FILE] [--name-declarant] [--lang en|fr] --out FILE.xlsx [--force] [--json]'],
    summary: 'answer the CAIQ-Lite questions from the case (fills your official CSA workbook with --workbook)',
    options: [
      ['--workbook FILE', 'your official CSA CAIQ v4.0.x or v4.1 STAR workbook, filled into a new file (it is only read); its release is the one answered; without it, a workbook of our own'],
      ['--overwrite', 'write over the rows you already answered in the workbook (default: keep them, and list them)'],
      ['--caiq-version V', 'the release to answer without a workbook: 4.0.3 or 4.1.0 (default: 4.1.0, the current one)'],
      ['--name-declarant', 'name who declared each answer in the workbook and the CSV (default: no one is named)'],
      ['--answers FILE', "declared answers (natalia-audit.caiq-answers.v1) for this run; they win over the case's"],
      ['--lang en|fr', 'the language of the fill report (rows written, kept, missing) and of the trust lines (default: en); the files are the same in both'],
      ['--out FILE.xlsx', 'the workbook to write; the CSV goes next to it (FILE.csv), each with its .sig.json'],
      ['--force', 'replace existing output files'],
      ['--json', 'the summary, the files written and every answer as JSON on stdout'],
    ],
    exit: EXIT_COMMON,
    run: async (a) => (await import('./commands/caiq.js')).runCaiq(a),
  },
  'erasure-report': {
    usage: [
      'erasure-report <case> <certificate-id|ext:PSEUDONYM> --lang fr|en --out FILE.pdf [--installation ID] [--generated-on DAY]',
      '    [--reviewer NAME --reviewed-at TIME [--note TEXT]]',
      '    [--extension-notified-at TIME --extension-reason TEXT --extension-by NAME [--extension-to TIME]] [--force]',
    ],
    synopsis: 'erasure-report <case> <certificate-id|ext:PSEUDONYM> --lang fr|en --out FILE.pdf [review and extension options] [--force]',
    summary: 'signed GDPR erasure report (PDF and its JSON twin) for a DPO',
    args: [
      ['<certificate-id>', 'one erasure, by its certificate id (e.g. ERC-2026-000017)'],
      ['ext:PSEUDONYM', "every erasure of one data subject, by the extension's pseudonym (64 lowercase hex digits, or the first 8 or more)"],
    ],
    options: [
      ['--lang fr|en', 'the language of the PDF'],
      ['--out FILE.pdf', 'the PDF to write; its JSON twin goes next to it (FILE.json), each with its .sig.json'],
      ['--installation ID', 'the installation the certificate or subject belongs to, when the case holds several that match'],
      ['--generated-on DAY', 'the day printed as the report\'s date, YYYY-MM-DD (default: today, UTC); the same day and case give the same bytes'],
      ['--reviewer NAME', "the DPO's review: who (with --reviewed-at); recorded in the case once the report is written"],
      ['--reviewed-at TIME', 'the review: when'],
      ['--note TEXT', 'the review: a note'],
      ['--extension-notified-at TIME', 'a deadline extension, for one certificate: when the data subject was told of it'],
      ['--extension-reason TEXT', 'the extension: why'],
      ['--extension-by NAME', 'the extension: who decided it'],
      ['--extension-to TIME', 'the extension: the new deadline told to the data subject (optional)'],
      ['--force', 'replace existing output files'],
    ],
    more: ['Without the review and extension flags, those recorded in the case are used. The controller and DPO the report names are the case\'s (natalia-audit parties).', TIME],
    exit: 'Exit codes: 0 every check passed, 1 the report was written but a check failed or could not be made, 2 no report.',
    run: async (a) => (await import('./commands/erasure-report.js')).runErasureReport(a),
  },
  parties: {
    usage: ['parties <case> [--controller NAME] [--dpo NAME] [--dpo-contact TEXT] [--json]'],
    summary: "the controller and DPO a case's erasure reports name: shown, or set once for the case",
    args: [['<case>', 'the case file']],
    options: [
      ['--controller NAME', 'the controller, the organisation responsible for the data ("" clears it)'],
      ['--dpo NAME', 'the data protection officer ("" clears the DPO)'],
      ['--dpo-contact TEXT', "how to reach the DPO: an e-mail address or a phone number (\"\" clears it)"],
      ['--json', 'the parties as JSON on stdout'],
    ],
    more: ['Without an option, prints them. Each change is recorded in the case\'s chain of custody; later erasure reports print the new names.'],
    exit: EXIT_COMMON,
    run: async (a) => (await import('./commands/parties.js')).runParties(a),
  },
  'audit-report': {
    usage: ['audit-report <case> --lang fr|en --out FILE.pdf [--annex-tag TAG] [--force]'],
    summary: "signed findings report (PDF and its JSON twin) for the auditor's client: scope, checks, findings, decisions, reveals, erasures, custody",
    options: [
      ['--lang fr|en', 'the language of the PDF'],
      ['--out FILE.pdf', 'the PDF to write; its JSON twin goes next to it (FILE.json), each with its .sig.json'],
      ['--annex-tag TAG', 'list the items tagged TAG (review tag) in an annex'],
      ['--force', 'replace existing output files'],
    ],
    more: ["Refused when the case's chain of custody does not hold."],
    exit: EXIT_COMMON,
    run: async (a) => (await import('./commands/audit-report.js')).runAuditReport(a),
  },
  'case-export': {
    usage: ['case-export <case> --out FILE.natalia-case [--tag TAG] [--force]'],
    summary: 'the whole case (evidence, bundle bytes, verdicts, review, custody) as one signed file for another auditor',
    options: [
      ['--out FILE.natalia-case', 'the portable case to write; its signature goes next to it (FILE.natalia-case.sig.json)'],
      ['--tag TAG', 'only the part tagged TAG: every bundle and verdict, the review of the items tagged TAG alone'],
      ['--force', 'replace existing output files'],
    ],
    more: ["Refused when the case's chain of custody does not hold. The export is recorded in the case's custody."],
    exit: EXIT_COMMON,
    run: async (a) => (await import('./commands/portable-case.js')).runCaseExport(a),
  },
  'case-receive': {
    usage: ['case-receive <FILE.natalia-case> --case NEW [--key PUBLIC-KEY.json]'],
    summary: 'open a portable case into a new case file, after checking its signature, custody and bundle bytes',
    args: [['<FILE.natalia-case>', 'a portable case, with its .sig.json next to it']],
    options: [
      ['--case NEW', 'the case file to create (never an existing one)'],
      ['--key PUBLIC-KEY.json', "the sender's public key (their verify-report --export-key); without it, only this workstation's key is known"],
    ],
    exit: 'Exit codes: 0 opened, exported by the key you vouched for; 1 opened, exported by a key nobody vouched for; 2 refused (changed file, broken custody, edited bundle bytes) or wrong arguments.',
    run: async (a) => (await import('./commands/portable-case.js')).runCaseReceive(a),
  },
  'verify-report': {
    usage: ['verify-report <file> [--sig FILE] [--key PUBLIC-KEY.json] [--json]', 'verify-report --show-key | --export-key FILE'],
    summary: "check a report against its signature; show or export this workstation's public key",
    args: [['<file>', 'the report (PDF, JSON, .xlsx or .csv); given its .sig.json instead, the report it signs is checked']],
    options: [
      ['--sig FILE', 'the signature (default: <file>.sig.json)'],
      ['--key PUBLIC-KEY.json', "the public key of the workstation that should have signed it (from its --export-key); without it, only this workstation's own key is known"],
      ['--json', 'the verdict as JSON: {verdict, valid, intact, signer_known, signer, kid, fingerprint, kind, sha256, signed_at, notes, ...}'],
      ['--show-key', "print this workstation's public key (made on first use)"],
      ['--export-key FILE', "write it to FILE, for the reports' recipients"],
    ],
    exit:
      'Exit codes: 0 VALID (unchanged, signed by the key of --key or by this workstation), 1 UNKNOWN SIGNER (unchanged as signed, ' +
      'by a key nobody vouched for) or INVALID (changed, bad signature, another key than --key), 2 unreadable or wrong arguments.',
    run: async (a) => (await import('./commands/verify-report.js')).runVerifyReport(a),
  },
  demo: {
    usage: ['demo [--out DIR] [--json]'],
    summary: 'write demo evidence (a valid and a tampered bundle) and verify both',
    options: [
      ['--out DIR', 'where to write it (default: demo-evidence/): a new or empty folder, or an earlier demo, which is replaced'],
      ['--json', 'both verdicts as JSON on stdout'],
    ],
    exit: 'Exit codes: 0 the valid bundle is trusted and the tampered one caught, 1 otherwise, 2 wrong arguments.',
    run: async (a) => (await import('./commands/demo.js')).runDemo(a),
  },
};

const HELP_OPTION: [string, string] = ['-h, --help', 'this help'];

function help(): string {
  const lines = [`natalia-audit ${WORKSTATION_VERSION}: the Natalia auditor workstation's command line`, '', 'Usage:'];
  for (const c of Object.values(COMMANDS)) lines.push(`  natalia-audit ${c.synopsis ?? c.usage[0]}`, `      ${c.summary}`);
  lines.push('', 'Run natalia-audit <command> --help (or natalia-audit help <command>) for its arguments and options.');
  lines.push('', 'Exit codes: 0 no finding of medium severity or above, 1 at least one, 2 the input cannot be read or the arguments are wrong.');
  return lines.join('\n') + '\n';
}

/** Two columns, the second aligned; a flag too long for the column puts its text on the next line. */
function rows(list: [string, string][], indent: string, width: number): string[] {
  return list.map(([f, what]) => (f.length > width ? `${indent}${f}\n${indent}${' '.repeat(width + 2)}${what}` : `${indent}${f.padEnd(width + 2)}${what}`));
}

function widthOf(list: [string, string][]): number {
  return Math.min(26, Math.max(...list.map(([f]) => f.length)));
}

/** What `natalia-audit <name> --help` prints, or undefined for an unknown command. */
export function commandHelp(name: string): string | undefined {
  const c = COMMANDS[name];
  if (!c) return undefined;
  const lines = ['Usage:', ...c.usage.map((u) => `  ${u.startsWith(' ') ? ' '.repeat('natalia-audit '.length) : 'natalia-audit '}${u}`), '', c.summary[0]!.toUpperCase() + c.summary.slice(1) + '.'];
  if (c.args?.length) lines.push('', 'Arguments:', ...rows(c.args, '  ', widthOf(c.args)));
  const flags = [...c.options.filter((o): o is [string, string] => typeof o !== 'string'), HELP_OPTION];
  const width = widthOf(flags);
  // Options under sub-headings (answers' subcommands) are indented one step more.
  const indent = c.options.some((o) => typeof o === 'string') ? '    ' : '  ';
  lines.push('', 'Options:');
  for (const o of c.options) lines.push(...(typeof o === 'string' ? [`  ${o}`] : rows([o], indent, width)));
  lines.push(...rows([HELP_OPTION], '  ', width + indent.length - 2));
  if (c.more?.length) lines.push('', ...c.more);
  lines.push('', c.exit ?? EXIT_COMMON);
  return lines.join('\n') + '\n';
}

/** The options each command's help names (`--out`, `--json`…), for tests and docs that must stay in step. */
export function commandFlags(name: string): string[] {
  const c = COMMANDS[name];
  if (!c) return [];
  return [...new Set(c.options.filter((o): o is [string, string] => typeof o !== 'string').flatMap(([f]) => f.match(/--[a-z][a-z-]*/g) ?? []))];
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
      process.stdout.write(help());
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
  const cmd = COMMANDS[name];
  if (!cmd) {
    process.stderr.write(`natalia-audit: unknown command "${name}". Run natalia-audit --help.\n`);
    return EXIT_UNREADABLE;
  }
  if (asksForHelp(rest)) {
    process.stdout.write(commandHelp(name)!);
    return 0;
  }
  try {
    return await cmd.run(rest);
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
