// Every command of natalia-audit, declared once: its name, usage forms,
// arguments, options (type, default, help line) and exit codes. The general
// help, each `<command> --help`, each command's parsing (parseCommand), the
// usage its errors quote (usageOf) and README.md's check
// (test/cli/help-cli.test.ts) are derived from here. Adding an option is one
// line in its command's `options`: it is parsed, shown in the help and added
// to the usage line. The commands themselves (commands/<name>.ts) are loaded
// only when run.
import { CURRENT_CAIQ_VERSION } from '../engine/reports/caiq/caiq-versions.js';
import { command, parseWith, type CommandSpec, type ValuesOf } from './command-spec.js';
import { usageText } from './command-help.js';
import { TIME_ARG_FORMS } from './time-arg.js';

const TIME = `${TIME_ARG_FORMS}.`;
const T = `${TIME_ARG_FORMS.replace(/^TIME/, 'T')}.`;
const EXIT_VERIFY = 'Exit codes: 0 no finding of medium severity or above, 1 at least one, 2 the input cannot be read or the arguments are wrong.';
const JSON_OUT = { help: 'the verdict as JSON on stdout' } as const;
const FORCE = { help: 'replace existing output files' } as const;
const LANG = { value: 'fr|en', help: 'the language of the PDF' } as const;
const REPORT_OUT = { value: 'FILE.pdf', help: 'the PDF to write; its JSON twin goes next to it (FILE.json), each with its .sig.json' } as const;

export const COMMANDS = {
  open: command({
    usage: [''],
    summary: 'open the workstation: Electron where its runtime is installed, else the loopback web mode',
    options: {
      demo: { help: 'open with the reference samples and a fresh demo export (valid and tampered), in a temporary case folder' },
      'demo-dir': { value: 'DIR', help: 'write the demo evidence to DIR (implies --demo; default: a new temporary folder)' },
      'case-dir': { value: 'DIR', help: "the folder of the case files, created if missing (default: cases/ in the workstation's folder)" },
      port: { value: 'N', help: 'the port of the loopback web mode (default: any free port)' },
      web: { help: 'the loopback web mode, even where the desktop app could run' },
    },
    more: ['Prints "Workstation ready at <url>" once it can be used; Ctrl+C stops the web mode.'],
    run: async (a) => (await import('./commands/open.js')).runOpen(a),
  }),
  verify: command({
    usage: ['<bundle>'],
    summary: 'verify an evidence bundle (directory, .zip or .tar.gz) and print the verdict',
    args: [['<bundle>', 'a bag directory, a .zip or a .tar.gz as the appliance exports it']],
    options: {
      trust: { value: 'FILE', help: "the vendor's trust roots (natalia.trust-roots.v1); default: the workstation's trust store, empty at first" },
      json: JSON_OUT,
      fast: { help: 'chain and seal only (no per-entry hash or signature work); its verdict is never TRUSTED' },
    },
    exit: EXIT_VERIFY,
    run: async (a) => (await import('./commands/verify.js')).runVerify(a),
  }),
  import: command({
    usage: ['<bundle> --case'],
    summary: 'verify a bundle and import it into a case file, in one transaction',
    args: [['<bundle>', 'a bag directory, a .zip or a .tar.gz']],
    options: {
      case: { value: 'FILE', help: 'the case file to import into (created if missing)' },
      trust: { value: 'FILE', help: "the vendor's trust roots, as for verify" },
      json: JSON_OUT,
      fast: { hidden: true, help: 'refused: a case is verified in full' },
    },
    more: ['Always verifies in full: a case is the evidence its reports cite.'],
    exit: 'Exit codes: 0 imported, no finding of medium severity or above; 1 imported, with at least one; 2 not imported.',
    run: async (a) => (await import('./commands/import.js')).runImport(a),
  }),
  trust: command({
    usage: ['list', 'add <trust-roots.json>', 'remove <kid>'],
    summary: "the workstation's trust store: the vendor roots used when no --trust is given (empty at first)",
    args: [
      ['list', 'each root with its kid, label and fingerprint'],
      ['add <trust-roots.json>', "add the roots of the vendor's file (natalia.trust-roots.v1) not held yet; never from a bundle"],
      ['remove <kid>', 'remove one root'],
    ],
    options: {
      json: { for: ['list'], help: 'trust list as JSON on stdout' },
      force: { for: ['add'], help: "trust add: also add known test roots (the samples' and the demo's), which prove nothing" },
    },
    more: ['Check each fingerprint with your vendor by a channel you trust. The store is $NATALIA_AUDIT_HOME/trust-roots.json, else ~/.config/natalia-audit/trust-roots.json.'],
    run: async (a) => (await import('./commands/trust.js')).runTrust(a),
  }),
  custody: command({
    usage: ['<case>'],
    summary: "print the case's chain of custody and check its hash chain",
    options: {
      deep: { help: 'also recompute the rows each import stored (audit entries, register, certificates, dump rows) against the digest its custody entry recorded; reads every row' },
      json: { help: 'the entries and the chain check as JSON on stdout' },
    },
    exit: "Exit codes: 0 chain intact, 1 an entry, a stored verification or (--deep) an import's rows were edited or deleted, 2 the case cannot be read or the arguments are wrong.",
    run: async (a) => (await import('./commands/custody.js')).runCustody(a),
  }),
  bundle: command({
    usage: ['list <case>', 'exclude <case> <bundle-id> --reason', 'include <case> <bundle-id>', 'reverify <case> <bundle-id>'],
    summary: 'the bundles of a case and which count: exclude one from replays and reports, include it again, or verify it again under the trust store of the day',
    args: [
      ['list', 'each bundle with its installation, verdict and whether it counts'],
      ['exclude <case> <bundle-id>', 'its evidence no longer feeds replays or reports (its rows stay; recorded in the chain of custody)'],
      ['include <case> <bundle-id>', 'an excluded bundle counts again'],
      ['reverify <case> <bundle-id>', "verify the case's copy of the bundle again; the new result becomes its verdict"],
    ],
    options: {
      reason: { value: 'TEXT', for: ['exclude', 'include'], help: 'why (required to exclude; recorded in the chain of custody)' },
      trust: { value: 'FILE', for: ['reverify'], help: "reverify: the vendor's trust roots, as for verify (default: the workstation's trust store)" },
      json: { for: ['list', 'reverify'], help: 'list, reverify: as JSON on stdout' },
    },
    exit: 'Exit codes: 0 done (reverify: no finding of medium severity or above), 1 reverify found at least one, 2 the case cannot be read or the arguments are wrong.',
    run: async (a) => (await import('./commands/bundle.js')).runBundle(a),
  }),
  replay: command({
    usage: ['<case> --at'],
    summary: 'state at time T: extensions that existed, erasures, reveals that had happened',
    options: {
      at: { value: 'T', help: 'the time (required)' },
      json: { help: 'the state as JSON on stdout' },
    },
    more: [T],
    run: async (a) => (await import('./commands/replay.js')).runReplay(a),
  }),
  reveals: command({
    usage: ['<case>'],
    summary: 'reveal history with break-the-glass review items',
    options: {
      actor: { value: 'A', help: 'only the reveals by user A' },
      tenant: { value: 'T', help: 'only the reveals in tenant T' },
      phone: { value: 'PSEUDONYM', help: "only the reveals of this phone number's pseudonym (all 64 hex digits, or the first 8 or more, as the tables print them)" },
      extension: { value: 'N', help: 'only the reveals on extension id N' },
      from: { value: 'T', help: 'only the reveals at or after time T' },
      at: { value: 'T', help: 'as of time T: the reveals at or before it' },
      json: { help: 'the reveals and the review items as JSON on stdout' },
    },
    more: [T],
    run: async (a) => (await import('./commands/reveals.js')).runReveals(a),
  }),
  erasures: command({
    usage: ['<case>'],
    summary: 'each erasure request through execution, certificate and dump check, with the GDPR deadline',
    options: { json: { help: 'the erasures as JSON on stdout' } },
    exit: 'Exit codes: 0 no finding of medium severity or above, 1 at least one, 2 the case cannot be read or the arguments are wrong.',
    run: async (a) => (await import('./commands/erasures.js')).runErasures(a),
  }),
  answers: command({
    usage: ['declare <case> <question-id> --answer [--ownership] --description', '    ', 'list <case>', 'export <case> --out', 'import <case> FILE.json'],
    summary: "the case's CAIQ answer library: declare, list (with history), export to or import from a portable JSON file",
    options: [
      {
        heading: 'declare (a new version of the answer, with its custody entry):',
        subs: ['declare'],
        options: {
          answer: { value: 'Yes|No|NA', help: "the answer (the workbook's column C)" },
          ownership: { value: 'OWNER', help: 'SSRM ownership, as CSA spells it (e.g. "CSP-owned", "Shared CSP and CSC"); needed for Yes and No, none for NA' },
          description: { value: 'TEXT', help: 'what is in place, or why it does not apply' },
          customer: { value: 'TEXT', help: "the customer's part (column F)" },
          'leans-on': { value: 'CHECK_ID,...', help: 'checks of the case the answer leans on' },
          document: { value: 'FILE', multiple: true, help: 'a document it leans on, cited by name and SHA-256 (only read); repeatable' },
          author: { value: 'NAME', help: 'who declares it (default: the OS user)' },
          'declared-at': { value: 'TIME', help: 'when (default: now)' },
          'caiq-version': { value: 'V', usageValue: '4.0.3|4.1.0', default: CURRENT_CAIQ_VERSION, help: 'the CAIQ release whose question it answers: 4.0.3 or 4.1.0' },
        },
      },
      {
        heading: 'list:',
        subs: ['list'],
        options: {
          history: { help: 'every version, not only the current ones' },
          json: { help: 'the library as JSON on stdout' },
        },
      },
      {
        heading: 'export (natalia-audit.caiq-answers.v1, the form caiq --answers reads):',
        subs: ['export'],
        options: {
          out: { value: 'FILE.json', help: 'the file to write' },
          force: { help: 'replace an existing file' },
        },
      },
      {
        heading: 'import (all entries or none):',
        subs: ['import'],
        options: { author: { value: 'NAME', help: "declare the imported statements as NAME's, dated now (the file's author and date are kept)" } },
      },
    ],
    more: [TIME],
    run: async (a) => (await import('./commands/answers.js')).runAnswers(a),
  }),
  review: command({
    usage: [
      'list <case> [--kind] [--undecided | --decision]',
      'decide <case> <subject> --decision',
      'tag <case> <subject> <tag>',
      'star <case> <subject>',
      'comment <case> <subject> <text>',
      'history <case> <subject>',
    ],
    summary: "the auditor's review kept in the case: findings, review items, erasures and entries, tagged, starred, commented, decided",
    args: [['<subject>', 'what is reviewed, by its stable key as review list prints it: finding:…, review:…, erasure:…, entry:INSTALLATION:SEQ']],
    options: [
      {
        heading: 'list (everything to review, with its review):',
        subs: ['list'],
        options: {
          kind: { value: 'KIND,...', help: 'only finding, review (reveal review items), erasure or entry (annotated audit entries)' },
          undecided: { help: 'only findings and review items without a decision' },
          decision: { value: 'D', help: 'only those with this decision' },
          tag: { value: 'TAG', help: 'only those tagged TAG' },
          starred: { help: 'only starred ones' },
          'min-severity': { value: 'S', help: 'only findings and review items at least this severe (critical, high, medium, low, info)' },
          json: { for: ['list', 'history'], help: 'the subjects and their reviews as JSON on stdout (history: the events)' },
        },
      },
      {
        heading: 'decide, tag, star, comment (each recorded with its custody entry):',
        subs: ['decide', 'tag', 'star', 'comment'],
        options: {
          decision: { value: 'D', for: ['decide'], help: 'accepted, justified, needs_follow_up or false_positive (findings and review items only)' },
          reason: { value: 'TEXT', for: ['decide'], help: 'why; required for justified and false_positive' },
          remove: { for: ['tag', 'star'], help: 'tag, star: take the tag or the star away' },
          reviewer: { value: 'NAME', help: 'who (default: the OS user)' },
          at: { value: 'TIME', help: 'when (default: now)' },
        },
      },
    ],
    more: [TIME],
    run: async (a) => (await import('./commands/review.js')).runReview(a),
  }),
  views: command({
    usage: ['list <case> [--screen]', 'save <case> --screen --name --filter', 'delete <case> --screen --name'],
    summary: 'saved views of the case: named filters of the audit log explorer or the reveals screen',
    options: {
      screen: { value: 'audit|reveals', help: 'the screen the view filters' },
      name: { value: 'NAME', help: "the view's name (saving a name again replaces it)" },
      filter: { value: 'JSON', help: 'the filter, as the screen keeps it, e.g. {"actor":"admin.jdupont","action":"phone.reveal"}' },
      json: { for: ['list'], help: 'list: the views as JSON on stdout' },
    },
    run: async (a) => (await import('./commands/views.js')).runViews(a),
  }),
  caiq: command({
    usage: ['<case> [--workbook [--overwrite]] [--caiq-version] [--answers] [--name-declarant] [--lang] --out'],
    summary: 'answer the CAIQ-Lite questions from the case (fills your official CSA workbook with --workbook)',
    options: {
      workbook: { value: 'FILE', help: 'your official CSA CAIQ v4.0.x or v4.1 STAR workbook, filled into a new file (it is only read); its release is the one answered; without it, a workbook of our own' },
      overwrite: { help: 'write over the rows you already answered in the workbook (default: keep them, and list them)' },
      'caiq-version': { value: 'V', usageValue: '4.0.3|4.1.0', help: 'the release to answer without a workbook: 4.0.3 or 4.1.0 (default: 4.1.0, the current one)' },
      'name-declarant': { help: 'name who declared each answer in the workbook and the CSV (default: no one is named)' },
      answers: { value: 'FILE', help: "declared answers (natalia-audit.caiq-answers.v1) for this run; they win over the case's" },
      lang: { value: 'en|fr', default: 'en', help: 'the language of the fill report (rows written, kept, missing) and of the trust lines; the files are the same in both' },
      out: { value: 'FILE.xlsx', help: 'the workbook to write; the CSV goes next to it (FILE.csv), each with its .sig.json' },
      force: FORCE,
      json: { help: 'the summary, the files written and every answer as JSON on stdout' },
    },
    run: async (a) => (await import('./commands/caiq.js')).runCaiq(a),
  }),
  'erasure-report': command({
    usage: [
      '<case> <certificate-id|ext:PSEUDONYM> --lang --out [--installation] [--generated-on]',
      '    [--reviewer --reviewed-at [--note]]',
      '    [--extension-notified-at --extension-reason --extension-by [--extension-to]]',
    ],
    synopsis: 'erasure-report <case> <certificate-id|ext:PSEUDONYM> --lang fr|en --out FILE.pdf [review and extension options] [--force]',
    summary: 'signed GDPR erasure report (PDF and its JSON twin) for a DPO',
    args: [
      ['<certificate-id>', 'one erasure, by its certificate id (e.g. ERC-2026-000017)'],
      ['ext:PSEUDONYM', "every erasure of one data subject, by the extension's pseudonym (64 lowercase hex digits, or the first 8 or more)"],
    ],
    options: {
      lang: LANG,
      out: REPORT_OUT,
      installation: { value: 'ID', help: 'the installation the certificate or subject belongs to, when the case holds several that match' },
      'generated-on': { value: 'DAY', help: "the day printed as the report's date, YYYY-MM-DD (default: today, UTC); the same day and case give the same bytes" },
      reviewer: { value: 'NAME', help: "the DPO's review: who (with --reviewed-at); recorded in the case once the report is written" },
      'reviewed-at': { value: 'TIME', help: 'the review: when' },
      note: { value: 'TEXT', help: 'the review: a note' },
      'extension-notified-at': { value: 'TIME', help: 'a deadline extension, for one certificate: when the data subject was told of it' },
      'extension-reason': { value: 'TEXT', help: 'the extension: why' },
      'extension-by': { value: 'NAME', help: 'the extension: who decided it' },
      'extension-to': { value: 'TIME', help: 'the extension: the new deadline told to the data subject (optional)' },
      force: FORCE,
    },
    more: ["Without the review and extension flags, those recorded in the case are used. The controller and DPO the report names are the case's (natalia-audit parties).", TIME],
    exit: 'Exit codes: 0 every check passed, 1 the report was written but a check failed or could not be made, 2 no report.',
    run: async (a) => (await import('./commands/erasure-report.js')).runErasureReport(a),
  }),
  parties: command({
    usage: ['<case>'],
    summary: "the controller and DPO a case's erasure reports name: shown, or set once for the case",
    args: [['<case>', 'the case file']],
    options: {
      controller: { value: 'NAME', help: 'the controller, the organisation responsible for the data ("" clears it)' },
      dpo: { value: 'NAME', help: 'the data protection officer ("" clears the DPO)' },
      'dpo-contact': { value: 'TEXT', help: 'how to reach the DPO: an e-mail address or a phone number ("" clears it)' },
      json: { help: 'the parties as JSON on stdout' },
    },
    more: ["Without an option, prints them. Each change is recorded in the case's chain of custody; later erasure reports print the new names."],
    run: async (a) => (await import('./commands/parties.js')).runParties(a),
  }),
  'audit-report': command({
    usage: ['<case> --lang --out'],
    summary: "signed findings report (PDF and its JSON twin) for the auditor's client: scope, checks, findings, decisions, reveals, erasures, custody",
    options: {
      lang: LANG,
      out: REPORT_OUT,
      'annex-tag': { value: 'TAG', help: 'list the items tagged TAG (review tag) in an annex' },
      force: FORCE,
    },
    more: ["Refused when the case's chain of custody does not hold."],
    run: async (a) => (await import('./commands/audit-report.js')).runAuditReport(a),
  }),
  'case-export': command({
    usage: ['<case> --out'],
    summary: 'the whole case (evidence, bundle bytes, verdicts, review, custody), or the part tagged for a colleague, as one signed file for another auditor',
    options: {
      out: { value: 'FILE.natalia-case', help: 'the portable case to write; its signature goes next to it (FILE.natalia-case.sig.json)' },
      tag: { value: 'TAG', help: 'only the part tagged TAG: every bundle and verdict, the review of the items tagged TAG alone' },
      force: FORCE,
    },
    more: ["Refused when the case's chain of custody does not hold. The export is recorded in the case's custody."],
    run: async (a) => (await import('./commands/portable-case.js')).runCaseExport(a),
  }),
  'case-receive': command({
    usage: ['<FILE.natalia-case> --case'],
    summary: 'open a portable case into a new case file, after checking its signature, custody and bundle bytes',
    args: [['<FILE.natalia-case>', 'a portable case, with its .sig.json next to it']],
    options: {
      case: { value: 'NEW', help: 'the case file to create (never an existing one)' },
      key: { value: 'PUBLIC-KEY.json', help: "the sender's public key (their verify-report --export-key); without it, only this workstation's key is known" },
    },
    exit: 'Exit codes: 0 opened, exported by the key you vouched for; 1 opened, exported by a key nobody vouched for; 2 refused (changed file, broken custody, edited bundle bytes) or wrong arguments.',
    run: async (a) => (await import('./commands/portable-case.js')).runCaseReceive(a),
  }),
  'verify-report': command({
    usage: ['<file>', '--show-key | --export-key'],
    summary: "check a report against its signature; show or export this workstation's public key",
    args: [['<file>', 'the report (PDF, JSON, .xlsx or .csv); given its .sig.json instead, the report it signs is checked']],
    options: {
      sig: { value: 'FILE', help: 'the signature (default: <file>.sig.json)' },
      key: { value: 'PUBLIC-KEY.json', help: "the public key of the workstation that should have signed it (from its --export-key); without it, only this workstation's own key is known" },
      json: { help: 'the verdict as JSON: {verdict, valid, intact, signer_known, signer, kid, fingerprint, kind, sha256, signed_at, notes, ...}' },
      'show-key': { help: "print this workstation's public key (made on first use)" },
      'export-key': { value: 'FILE', help: "write it to FILE, for the reports' recipients" },
    },
    exit:
      'Exit codes: 0 VALID (unchanged, signed by the key of --key or by this workstation), 1 UNKNOWN SIGNER (unchanged as signed, ' +
      'by a key nobody vouched for) or INVALID (changed, bad signature, another key than --key), 2 unreadable or wrong arguments.',
    run: async (a) => (await import('./commands/verify-report.js')).runVerifyReport(a),
  }),
  demo: command({
    usage: [''],
    summary: 'write demo evidence (a valid and a tampered bundle) and verify both',
    options: {
      out: { value: 'DIR', default: 'demo-evidence', help: 'where to write it: a new or empty folder, or an earlier demo, which is replaced' },
      json: { help: 'both verdicts as JSON on stdout' },
    },
    noArguments: true,
    exit: 'Exit codes: 0 the valid bundle is trusted and the tampered one caught, 1 otherwise, 2 wrong arguments.',
    run: async (a) => (await import('./commands/demo.js')).runDemo(a),
  }),
} satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/** A command's arguments parsed by its declaration (a sectioned command's: for the subcommand `sub`). */
export function parseCommand<N extends CommandName>(name: N, argv: string[], sub?: string): { values: ValuesOf<(typeof COMMANDS)[N]>; positionals: string[] } {
  return parseWith(COMMANDS[name], argv, sub);
}

/** The usage a command's errors quote, from the program's name. */
export function usageOf(name: CommandName): string {
  return usageText(name, COMMANDS[name]);
}
