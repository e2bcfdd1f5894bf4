// natalia-audit caiq <case> [--workbook FILE [--overwrite]] [--caiq-version V] [--answers FILE] [--name-declarant] [--lang en|fr] --out FILE.xlsx [--force] [--json]
//
// The release answered is the workbook's (CAIQv4.0.x or CAIQv4.1.0 sheet);
// without a workbook, --caiq-version or the current release (4.1.0).
// Answers the CAIQ-Lite questions from the case's verified evidence and its
// declared answers: the case's answer library (natalia-audit answers), plus
// those of --answers FILE, which win over the case's for the questions the
// file answers (an explicit input of this run, like any flag; the case is not
// changed: `answers import` keeps them). With --workbook, fills the user's own official CSA
// workbook (columns C to F of the Lite rows) into a new file; without, writes
// a standalone workbook with the project's own topic words. Either way a CSV
// keyed by question id is written next to it (same name, .csv), and each file
// gets a detached signature by the workstation key (<file>.sig.json). The
// files are made by engine/reports/caiq-export, as the questionnaire screen's
// are; this command reads its flags, writes the files and says what it did.
import { CaseFile } from '../../engine/case/case-file.js';
import { engineErrorCode } from '../../engine/engine-error.js';
import { readInputFileSync } from '../../engine/input-file.js';
import { workstationHome } from '../../engine/license/trust-store.js';
import { CAIQ_VERSIONS, isCaiqVersion } from '../../engine/reports/caiq/caiq-versions.js';
import type { CaiqAnswer, DeclaredAnswer } from '../../engine/reports/caiq/answer-types.js';
import { EXPORT_LANGS, fillReportWords, trustSentence } from '../../engine/reports/caiq/export-words.js';
import { mergeDeclared, readPortableLibrary } from '../../engine/reports/caiq/library-files.js';
import type { ReportLang } from '../../engine/reports/erasure/labels.js';
import { WORKBOOK_LIMITS, WorkbookError } from '../../engine/reports/caiq/fill-workbook.js';
import { produceCaiqExport, type CaiqExport } from '../../engine/reports/caiq-export.js';
import { caiqBundlesFromCase } from '../../engine/reports/case-source.js';
import { recordReports } from '../../engine/reports/record-reports.js';
import { assertNotAnInput, writeSignedFiles, type WrittenReport } from '../../engine/reports/report-output.js';
import { sibling } from '../../engine/reports/signed-file.js';
import { EXIT_OK, UsageError, writingOrSay } from '../cli-error.js';
import { checkOutFile } from '../out-file.js';
import { parseCommand, usageOf } from '../command-table.js';

const CAIQ_USAGE = usageOf('caiq');

function readAnswers(path: string | undefined): DeclaredAnswer[] {
  if (!path) return [];
  const read = readPortableLibrary(path);
  if (!read.ok) throw new UsageError(`${path} is not a usable answer library: ${read.problems.join('; ')}`);
  return read.answers;
}

function describe(a: CaiqAnswer): string {
  return `  ${a.question_id.padEnd(9)} ${a.topic}${a.reason ? ` — ${a.reason}` : ''}`;
}

export async function runCaiq(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand('caiq', argv);
  const lang = values.lang as ReportLang;
  if (!EXPORT_LANGS.includes(lang)) throw new UsageError(`--lang must be ${EXPORT_LANGS.join(' or ')}. Usage: ${CAIQ_USAGE}`);
  const askedVersion = values['caiq-version'];
  if (askedVersion !== undefined && !isCaiqVersion(askedVersion)) {
    throw new UsageError(`--caiq-version must be ${CAIQ_VERSIONS.join(' or ')}. Usage: ${CAIQ_USAGE}`);
  }
  if (values.overwrite && !values.workbook) throw new UsageError(`--overwrite applies to the rows of a --workbook. Usage: ${CAIQ_USAGE}`);
  if (positionals.length !== 1) throw new UsageError(`expected one case file. Usage: ${CAIQ_USAGE}`);
  const out = checkOutFile(values.out, { ext: '.xlsx', what: 'the workbook to write', companion: 'the CSV (same name, .csv)', example: 'caiq' }, CAIQ_USAGE);
  const casePath = positionals[0]!;
  const csvOut = sibling(out, '.csv');
  const inputs = [casePath, ...(values.workbook ? [values.workbook] : []), ...(values.answers ? [values.answers] : [])];
  try {
    assertNotAnInput(out, inputs);
    assertNotAnInput(csvOut, inputs);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }

  const fileAnswers = readAnswers(values.answers);
  const workbook = values.workbook ? readInputFileSync(values.workbook, WORKBOOK_LIMITS) : undefined;

  let c: CaseFile;
  try {
    c = CaseFile.open(casePath);
  } catch (e) {
    // No such case: said by runCli from its code; anything else names the case file.
    if (engineErrorCode(e) === 'CASE_NOT_FOUND') throw e;
    throw new UsageError(`cannot open the case ${casePath}: ${(e as Error).message}`);
  }
  try {
    const { declared, fromCase, replaced } = mergeDeclared(c.answers().list(), fileAnswers);
    let made: CaiqExport;
    try {
      made = await produceCaiqExport(
        { caseId: c.id, bundles: caiqBundlesFromCase(c), declared },
        {
          fileName: out,
          ...(workbook ? { workbook } : {}),
          keyHome: workstationHome(),
          ...(askedVersion ? { version: askedVersion } : {}),
          overwrite: values.overwrite === true,
          nameDeclarant: values['name-declarant'] === true,
        },
      );
    } catch (e) {
      if (e instanceof WorkbookError) throw new UsageError(`${values.workbook}: ${e.message}`);
      throw e;
    }
    const { answers, filled } = made;
    const fillLines: string[] = [];
    if (filled) {
      const words = fillReportWords(filled, { lang, workbook: values.workbook!, overwrite: values.overwrite === true, control: 'flag' });
      fillLines.push(words.headline, ...words.lists.map((l) => `  ${l}`));
    }

    const written: WrittenReport[] = writingOrSay(() => writeSignedFiles(made.files, { overwrite: values.force }), '--force');
    recordReports(c, written.map((w) => ({ kind: w.signature.kind, file: w.path, sha256: w.sha256 })));

    const s = made.summary;
    // Declared answers for questions the evidence answers: each answer's reason says so, and so does the summary.
    const unused = answers.filter((a) => a.declaration_unused).map((a) => a.question_id);
    if (values.json) {
      process.stdout.write(
        JSON.stringify(
          {
            caiq_version: made.version,
            trust: made.trust,
            summary: s,
            declared: { from_case: fromCase, from_file: fileAnswers.length, replaced },
            fill: filled
              ? { sheet: filled.sheet, written: filled.filled, kept: filled.kept, missing: filled.missingRows, duplicates: filled.duplicateRows }
              : null,
            files: written.map((w) => ({ path: w.path, sha256: w.sha256, signature: w.signaturePath })),
            answers,
          },
          null,
          2,
        ) + '\n',
      );
    } else {
      const lines = [
        `CAIQ-Lite v${made.version}: ${s.total} questions — ${s.evidence} answered No from evidence, ${s.declared} declared, ${s.needs_input} need input; ${s.supported} supported by verified evidence` +
          (s.carried ? `, ${s.carried} with an answer of the other release to review` : '') +
          '.',
        ...fillLines,
        ...made.trust.map((t) => trustSentence(t, lang)),
        `Declared answers: ${fromCase} from the case's answer library${values.answers ? `, ${fileAnswers.length} from ${values.answers}` : ''}` +
          (replaced.length ? ` (replacing the case's for ${replaced.join(', ')})` : '') +
          (unused.length ? `; not used for ${unused.join(', ')}, answered from evidence only` : '') +
          '.',
        ...written.map((w) => `Wrote ${w.path} (sha256 ${w.sha256}), signed in ${w.signaturePath} by workstation key ${made.signedBy}.`),
      ];
      const no = answers.filter((a) => a.answer === 'No' && a.basis === 'evidence');
      if (no.length) lines.push('', 'Answered No on the evidence:', ...no.map(describe));
      // Questions no rule covers share one reason: list their ids; the others say what evidence was missing.
      const open = answers.filter((a) => a.basis === 'needs_input');
      const toDeclare = open.filter((a) => !a.support && a.reason?.startsWith('No evidence rule'));
      const specific = open.filter((a) => !toDeclare.includes(a));
      if (specific.length) lines.push('', 'Needing input, with the reason:', ...specific.map(describe));
      if (toDeclare.length) {
        lines.push('', `To declare in the answer library or complete in the workbook (${toDeclare.length}):`);
        for (let i = 0; i < toDeclare.length; i += 10) lines.push(`  ${toDeclare.slice(i, i + 10).map((a) => a.question_id).join(', ')}`);
      }
      process.stdout.write(lines.join('\n') + '\n');
    }
    return EXIT_OK;
  } finally {
    c.close();
  }
}
