// natalia-audit answers declare|list|export|import <case> ...
//
// The case's CAIQ answer library: statements the user writes or confirms
// once (answer, SSRM ownership, description, author, date, what they lean
// on), kept in the case with their history and custody entries, and carried
// to another case as a portable JSON file (natalia-audit.caiq-answers.v1, the
// form `caiq --answers FILE` also reads).
import { basename } from 'node:path';
import { CHECK_IDS, type CheckId } from '../../model/verification.js';
import { osUser } from '../../engine/case/custody-log.js';
import type { CaseFile } from '../../engine/case/case-file.js';
import type { DeclaredAnswerVersion } from '../../engine/case/case-answer-library.js';
import { validateDeclaredAnswer } from '../../engine/reports/caiq/answer-library.js';
import { documentEvidence, portableLibrary, readPortableLibrary } from '../../engine/reports/caiq/library-files.js';
import { CAIQ_ANSWERS, type DeclaredAnswer, type DeclaredEvidence } from '../../engine/reports/caiq/answer-types.js';
import { CAIQ_VERSIONS, isCaiqVersion } from '../../engine/reports/caiq/caiq-versions.js';
import { EXIT_OK, UsageError, writeFilesOrSay } from '../cli-error.js';
import { timeArg } from '../time-arg.js';
import { openCase, type Out } from '../case-command.js';
import { table } from '../text-table.js';
import { parseCommand, usageOf } from '../command-table.js';

const ANSWERS_USAGE = usageOf('answers');

const usage = (why: string) => new UsageError(`${why}. Usage:\n${ANSWERS_USAGE}`);

function withCase<T>(path: string | undefined, fn: (c: CaseFile) => T): T {
  const c = openCase(path, ANSWERS_USAGE);
  try {
    return fn(c);
  } finally {
    c.close();
  }
}

/** `--leans-on audit.chain,audit.seal`: known check ids only, each once. */
function checksOf(list: string | undefined): DeclaredEvidence[] {
  if (list === undefined) return [];
  const ids = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = ids.filter((id) => !CHECK_IDS.includes(id as CheckId));
  if (unknown.length > 0) throw new UsageError(`--leans-on: unknown check id ${unknown.join(', ')} (known: ${CHECK_IDS.join(', ')})`);
  return [...new Set(ids)].map((id) => ({ kind: 'check', check: id as CheckId }));
}

/** `--document FILE`: the file is read only to hash it; its name is the title. */
function documentsOf(files: string[] | undefined): DeclaredEvidence[] {
  return (files ?? []).map((f) => documentEvidence(f));
}

function runDeclare(argv: string[], out: Out): number {
  const { values, positionals } = parseCommand('answers', argv, 'declare');
  if (positionals.length !== 2) throw usage('declare expects a case file and a question id');
  const version = values['caiq-version'];
  if (!isCaiqVersion(version)) throw usage(`--caiq-version must be ${CAIQ_VERSIONS.join(' or ')}`);
  const [casePath, questionId] = positionals as [string, string];
  if (!CAIQ_ANSWERS.includes(values.answer as never)) throw usage('--answer must be Yes, No or NA');
  const declaredAt = timeArg('declared-at', values['declared-at'], { done: 'the answer was declared' });
  const answer: DeclaredAnswer = {
    caiq_version: version,
    question_id: questionId,
    answer: values.answer as DeclaredAnswer['answer'],
    ...(values.ownership !== undefined ? { ownership: values.ownership as DeclaredAnswer['ownership'] } : {}),
    implementation: values.description ?? '',
    ...(values.customer !== undefined ? { csc_responsibilities: values.customer } : {}),
    author: values.author ?? osUser(),
    declared_at: declaredAt ?? new Date().toISOString(),
    evidence: [...checksOf(values['leans-on']), ...documentsOf(values.document)],
  };
  // The library's own rules (Lite id, ownership for Yes/No, none for NA...), said as a usage error.
  const problems = validateDeclaredAnswer(answer);
  if (problems.length > 0) throw new UsageError(`the answer cannot be declared: ${problems.join('; ')}`);
  return withCase(casePath, (c) => {
    const r = c.declareAnswer(answer);
    out.write(
      r.recorded
        ? `Declared ${questionId} (CAIQ v${version}): ${answer.answer}${answer.ownership ? ` (${answer.ownership})` : ''} by ${answer.author}, version ${r.version} (custody entry ${r.custodySeq}).\n`
        : `${questionId} already holds this answer (version ${r.version}); nothing recorded.\n`,
    );
    return EXIT_OK;
  });
}

function describeVersion(v: DeclaredAnswerVersion): string[] {
  const a = v.answer;
  const leans = Array.isArray(a.evidence)
    ? a.evidence.map((e) => (e.kind === 'check' ? e.check : `"${e.title}"${e.sha256 ? ` sha256 ${e.sha256}` : ''}`)).join(', ')
    : '';
  const from = v.source.kind === 'import' ? `imported from ${v.source.file}` : 'declared';
  return [
    `${v.answer.question_id} (v${v.answer.caiq_version})`,
    String(v.version) + (v.superseded ? ' (replaced)' : ''),
    a.answer,
    a.ownership ?? '',
    `${a.author}, ${a.declared_at}`,
    `${from} by ${v.os_user} on ${v.recorded_at}`,
    leans,
  ];
}

function runList(argv: string[], out: Out): number {
  const { values, positionals } = parseCommand('answers', argv, 'list');
  if (positionals.length !== 1) throw usage('list expects a case file');
  return withCase(positionals[0], (c) => {
    const all = c.answers().history();
    const shown = values.history ? all : all.filter((v) => !v.superseded);
    if (values.json) {
      out.write(JSON.stringify({ case_id: c.id, answers: shown }, null, 2) + '\n');
      return EXIT_OK;
    }
    const current = all.filter((v) => !v.superseded).length;
    const lines = [`Answer library of ${c.path}: ${current} declared answer${current === 1 ? '' : 's'}${values.history ? `, ${all.length} version(s)` : ''}.`];
    if (shown.length > 0) {
      lines.push(...table(['question', 'version', 'answer', 'ownership', 'stated by', 'in this case', 'leans on'], shown.map(describeVersion)));
    }
    out.write(lines.join('\n') + '\n');
    return EXIT_OK;
  });
}

function runExport(argv: string[], out: Out): number {
  const { values, positionals } = parseCommand('answers', argv, 'export');
  if (positionals.length !== 1) throw usage('export expects a case file');
  if (!values.out || !/\.json$/i.test(values.out)) throw usage('--out FILE.json is required');
  const file = values.out;
  return withCase(positionals[0], (c) => {
    const lib = portableLibrary(c.answers());
    // A row edited outside the workstation is not carried to another case.
    if (!lib.ok) throw new UsageError(`the case's answer library holds entries that cannot be exported: ${lib.problems.join('; ')}`);
    writeFilesOrSay([{ path: file, content: lib.text }], { overwrite: values.force === true, overrideFlag: '--force' });
    out.write(`Wrote ${lib.count} declared answer${lib.count === 1 ? '' : 's'} to ${file} (sha256 ${lib.sha256}).\n`);
    return EXIT_OK;
  });
}

function runImport(argv: string[], out: Out): number {
  const { values, positionals } = parseCommand('answers', argv, 'import');
  if (positionals.length !== 2) throw usage('import expects a case file and a FILE.json');
  const [casePath, file] = positionals as [string, string];
  if (values.author !== undefined && values.author.trim() === '') throw new UsageError('--author cannot be empty');
  const parsed = readPortableLibrary(file);
  if (!parsed.ok) throw new UsageError(`${file} is not a usable answer library: ${parsed.problems.join('; ')}`);
  return withCase(casePath, (c) => {
    const r = c
      .answers()
      .importAll(parsed.answers, { file: basename(file), sha256: parsed.sha256 }, values.author !== undefined ? { confirmedBy: values.author } : {});
    const lines = [
      `Imported ${file}: ${r.recorded.length} answer${r.recorded.length === 1 ? '' : 's'} recorded, ${r.unchanged} already current.`,
      ...(values.author !== undefined && r.recorded.length > 0 ? [`Recorded as declared by ${values.author}; the file's authors and dates are kept in each version's source.`] : []),
    ];
    out.write(lines.join('\n') + '\n');
    return EXIT_OK;
  });
}

export async function runAnswers(argv: string[], out: Out = process.stdout): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'declare':
      return runDeclare(rest, out);
    case 'list':
      return runList(rest, out);
    case 'export':
      return runExport(rest, out);
    case 'import':
      return runImport(rest, out);
    default:
      throw usage(sub === undefined ? 'expected a subcommand' : `unknown subcommand "${sub}"`);
  }
}
