// The questionnaire screen's data and actions, on the engine's CAIQ-Lite
// generator (engine/reports/caiq): the same inputs as `natalia-audit caiq`
// (the case's bundles and its answer library), the same answers, the same
// files. This module only reads the case, renames for the screen, and links
// each citation to the case's bundle it names; every answer is the engine's.
import { CHECK_IDS, type CheckId, type CheckStatus } from '../../model/verification.js';
import type { CaseFile } from '../../engine/case/case-file.js';
import type { DeclaredAnswerVersion } from '../../engine/case/case-answer-library.js';
import { osUser } from '../../engine/case/custody-log.js';
import { normalizeDeclaredAnswer, validateDeclaredAnswer } from '../../engine/reports/caiq/answer-library.js';
import type { CaiqAnswer, CaiqBundleEvidence, CaiqVersion, Citation, DeclaredAnswer, DeclaredEvidence } from '../../engine/reports/caiq/answer-types.js';
import { buildCaiqAnswers, summarizeAnswers } from '../../engine/reports/caiq/build-answers.js';
import { CAIQ_VERSIONS, CURRENT_CAIQ_VERSION, ownershipsOf } from '../../engine/reports/caiq/caiq-versions.js';
import { caiqDomains, isLiteQuestionId, liteCatalog } from '../../engine/reports/caiq/lite-catalog.js';
import { exportSummaryLine, fillReportWords, trustSentence } from '../../engine/reports/caiq/export-words.js';
import { WORKBOOK_LIMITS } from '../../engine/reports/caiq/fill-workbook.js';
import { documentEvidence, mergeDeclared, portableLibrary, readPortableLibrary } from '../../engine/reports/caiq/library-files.js';
import { readInputFileSync } from '../../engine/input-file.js';
import { caiqAsOf, produceCaiqExport } from '../../engine/reports/caiq-export.js';
import { caiqBundlesFromCase, caseBundles } from '../../engine/reports/case-source.js';
import type { CaiqCitation, CaiqDeclaration, CaiqDeclared, CaiqLibraryImport, CaiqQuestion, CaiqQuestionnaire } from '../contract.js';
import type { CaiqExportOptions, GeneratedCaiqExport, GeneratedReport, NamedPath } from '../engine-port.js';
import { ApiFailure } from '../result.js';
import { MEDIA_TYPES, outputFile, signedPair } from './report-files.js';

/** The case's evidence as the CAIQ rules read it, with the bundle ids citations link to. */
export interface CaiqEvidence {
  bundles: CaiqBundleEvidence[];
  /** Bundle name (and SHA-256) -> the case's bundle id. */
  bundleIds: Map<string, string>;
}

const bundleKey = (name: string | undefined, sha256: string | undefined) => `${name ?? ''}#${sha256 ?? ''}`;

export function caiqEvidence(c: CaseFile): CaiqEvidence {
  const bundleIds = new Map<string, string>();
  const bundles = caseBundles(c);
  // Oldest export first, so a later bundle of the same name wins (as the engine's "latest bundle" does).
  for (const b of bundles) {
    const v = b.verification.bundle;
    bundleIds.set(bundleKey(v.name, v.sha256), String(b.bundleId));
    bundleIds.set(bundleKey(v.name, undefined), String(b.bundleId));
  }
  return { bundles: caiqBundlesFromCase(c, bundles), bundleIds };
}

function citationView(c: Citation, bundleIds: Map<string, string>): CaiqCitation {
  const bundleId = c.bundle !== undefined ? (bundleIds.get(bundleKey(c.bundle, c.bundle_sha256)) ?? bundleIds.get(bundleKey(c.bundle, undefined))) : undefined;
  const out: CaiqCitation = { kind: c.kind };
  if (c.check !== undefined) out.check = c.check;
  if (c.status !== undefined) out.status = c.status;
  if (c.bundle !== undefined) out.bundle = c.bundle;
  if (c.bundle_sha256 !== undefined) out.bundleSha256 = c.bundle_sha256;
  if (bundleId !== undefined) out.bundleId = bundleId;
  if (c.file !== undefined) out.file = c.file;
  if (c.sha256 !== undefined) out.sha256 = c.sha256;
  if (c.finding !== undefined) out.finding = c.finding;
  if (c.line !== undefined) out.line = c.line;
  if (c.seq_first !== undefined) out.seqFirst = c.seq_first;
  if (c.seq_last !== undefined) out.seqLast = c.seq_last;
  if (c.rows !== undefined) out.rows = c.rows;
  if (c.title !== undefined) out.title = c.title;
  if (c.note !== undefined) out.note = c.note;
  return out;
}

function declaredView(v: DeclaredAnswerVersion): CaiqDeclared {
  const a = v.answer;
  const evidence = Array.isArray(a.evidence) ? a.evidence : [];
  return {
    answer: a.answer,
    ...(a.ownership !== undefined ? { ownership: a.ownership } : {}),
    description: a.implementation,
    ...(a.csc_responsibilities !== undefined ? { customerResponsibilities: a.csc_responsibilities } : {}),
    author: a.author,
    declaredAt: a.declared_at,
    leansOn: evidence.flatMap((e) => (e.kind === 'check' ? [e.check] : [])),
    documents: evidence.flatMap((e) => (e.kind === 'document' ? [{ title: e.title, ...(e.file ? { file: e.file } : {}), ...(e.sha256 ? { sha256: e.sha256 } : {}) }] : [])),
    version: v.version,
    recordedAt: v.recorded_at,
    recordedBy: v.os_user,
    source: v.source.kind === 'import' ? { kind: 'import', file: v.source.file } : { kind: 'declare' },
    superseded: v.superseded,
  };
}

function questionView(a: CaiqAnswer, bundleIds: Map<string, string>, stored: DeclaredAnswerVersion | undefined): CaiqQuestion {
  return {
    questionId: a.question_id,
    domain: a.domain,
    topic: a.topic,
    kind: a.basis,
    answer: a.answer,
    ownership: a.ownership,
    description: a.implementation,
    customerResponsibilities: a.csc_responsibilities,
    ...(a.reason !== undefined ? { reason: a.reason } : {}),
    ...(a.declared_by ? { declaredBy: { author: a.declared_by.author, declaredAt: a.declared_by.declared_at } } : {}),
    citations: a.citations.map((c) => citationView(c, bundleIds)),
    declarable: a.basis !== 'evidence',
    ...(stored ? { declared: declaredView(stored) } : {}),
    ...(a.support ? { support: { bundle: a.support.bundle, shows: a.support.shows, notShown: a.support.not_shown } } : {}),
    ...(a.carried
      ? {
          carried: {
            fromVersion: a.carried.from_version,
            fromQuestionId: a.carried.from_question_id,
            renumbered: a.carried.renumbered,
            answer: a.carried.answer.answer,
            ...(a.carried.answer.ownership ? { ownership: a.carried.answer.ownership } : {}),
            description: a.carried.answer.implementation,
            author: a.carried.answer.author,
          },
        }
      : {}),
  };
}

/** Each check's status over the case's bundles: failed if it failed on one, passed if it passed on one. */
function checkStatuses(bundles: CaiqBundleEvidence[]): { id: CheckId; status: CheckStatus }[] {
  return CHECK_IDS.map((id) => {
    const seen = bundles.map((b) => b.verification.checks.find((c) => c.id === id)?.status ?? 'not_provided');
    const status: CheckStatus = seen.includes('failed') ? 'failed' : seen.includes('passed') ? 'passed' : 'not_provided';
    return { id, status };
  });
}

export function questionnaire(c: CaseFile, caseId: string, ev: CaiqEvidence, version: CaiqVersion = CURRENT_CAIQ_VERSION): CaiqQuestionnaire {
  const library = c.answers();
  const declared = library.list();
  const answers = buildCaiqAnswers({ case_id: c.id, version, bundles: ev.bundles, declared });
  const current = new Map(
    library
      .history()
      .filter((v) => !v.superseded && v.answer.caiq_version === version)
      .map((v) => [v.answer.question_id, v]),
  );
  const s = summarizeAnswers(answers);
  return {
    caseId,
    version,
    versions: [...CAIQ_VERSIONS],
    asOf: caiqAsOf(ev.bundles, declared),
    summary: {
      total: s.total,
      evidence: s.evidence,
      supported: s.supported,
      carried: s.carried,
      declared: s.declared,
      needsInput: s.needs_input,
      yes: s.yes,
      no: s.no,
      na: s.na,
    },
    domains: caiqDomains(version).map((d) => ({ id: d.id, name: d.name, questions: liteCatalog(version).filter((q) => q.domain === d.id).length })),
    questions: answers.map((a) => questionView(a, ev.bundleIds, current.get(a.question_id))),
    ownerships: [...ownershipsOf(version)],
    checks: checkStatuses(ev.bundles),
    defaultAuthor: osUser(),
    libraryAnswers: declared.length,
  };
}

/** Equal statements apart from when they were made: saving an unchanged form records nothing. */
function sameStatement(a: DeclaredAnswer, b: DeclaredAnswer): boolean {
  const strip = (d: DeclaredAnswer) => JSON.stringify({ ...normalizeDeclaredAnswer(d), declared_at: '' });
  return validateDeclaredAnswer(a).length === 0 && strip(a) === strip(b);
}

/** How far past this machine's clock a stated time may be (clocks drift), as for `--declared-at`. */
const CLOCK_TOLERANCE_MS = 5 * 60_000;

const documentKey = (e: Extract<DeclaredEvidence, { kind: 'document' }>) => e.sha256 ?? e.title;

/**
 * Records a statement from the screen's form in the case's answer library
 * (CaseFile.declareAnswer: a new version with its custody entry), as
 * `answers declare` does. Documents the current statement leans on are kept
 * unless the form drops them; `documents` are those attached now, cited by
 * name and SHA-256 (caiq/library-files, as `--document`).
 */
export function declare(c: CaseFile, d: CaiqDeclaration, now: Date, documents: NamedPath[] = []): { recorded: boolean; version: number } {
  if (!isLiteQuestionId(d.questionId, d.version)) throw new ApiFailure('invalid_request', `${d.questionId} is not a CAIQ-Lite question of CAIQ v${d.version}.`);
  if (d.declaredAt !== undefined && Date.parse(d.declaredAt) > now.getTime() + CLOCK_TOLERANCE_MS) {
    throw new ApiFailure('invalid_request', `The answer's date ${d.declaredAt} is in the future (this computer's clock says ${now.toISOString()}): give when it was stated.`);
  }
  const library = c.answers();
  const current = library.get(d.questionId, d.version);
  const dropped = new Set(d.drop ?? []);
  const kept = (Array.isArray(current?.evidence) ? current.evidence : [])
    .filter((e): e is Extract<DeclaredEvidence, { kind: 'document' }> => e.kind === 'document')
    .filter((e) => !dropped.has(documentKey(e)));
  const attached = documents.map((f) => documentEvidence(f.path, f.name)).filter((e) => !kept.some((k) => k.sha256 === e.sha256));
  const customer = d.customerResponsibilities?.trim();
  const answer: DeclaredAnswer = {
    caiq_version: d.version,
    question_id: d.questionId,
    answer: d.answer,
    ...(d.answer !== 'NA' && d.ownership !== undefined ? { ownership: d.ownership as DeclaredAnswer['ownership'] } : {}),
    implementation: d.description.trim(),
    ...(customer ? { csc_responsibilities: customer } : {}),
    author: d.author.trim(),
    declared_at: d.declaredAt ?? now.toISOString(),
    evidence: [...[...new Set(d.leansOn)].map((check): DeclaredEvidence => ({ kind: 'check', check })), ...kept, ...attached],
  };
  // The library's own rules (ownership for Yes and No, none for NA, a description...), in its words.
  const problems = validateDeclaredAnswer(answer).map((p) => p.replace(/^[^:]+: /, ''));
  if (problems.length > 0) throw new ApiFailure('invalid_request', `The answer cannot be declared: ${problems.join('; ')}.`);
  if (current && (d.declaredAt === undefined ? sameStatement(current, answer) : JSON.stringify(normalizeDeclaredAnswer(current)) === JSON.stringify(normalizeDeclaredAnswer(answer)))) {
    const version = library.history({ id: d.questionId, version: d.version }).at(-1)?.version ?? 1;
    return { recorded: false, version };
  }
  const r = c.declareAnswer(answer);
  return { recorded: r.recorded, version: r.version };
}

/** Every version of one question's statement in one release, oldest first. */
export function history(c: CaseFile, version: CaiqVersion, questionId: string): CaiqDeclared[] {
  if (!isLiteQuestionId(questionId, version)) throw new ApiFailure('invalid_request', `${questionId} is not a CAIQ-Lite question of CAIQ v${version}.`);
  return c.answers().history({ id: questionId, version }).map(declaredView);
}

/** The case's library as the portable file (`answers export`). */
export function libraryFile(c: CaseFile, fileName: string): GeneratedReport {
  const lib = portableLibrary(c.answers());
  if (!lib.ok) throw new ApiFailure('conflict', `The case's answer library holds entries that cannot be exported: ${lib.problems.join('; ')}.`);
  return {
    files: [outputFile(fileName, 'report', MEDIA_TYPES.json, Buffer.from(lib.text, 'utf8'))],
    notes: [`${lib.count} declared answer${lib.count === 1 ? '' : 's'} (SHA-256 ${lib.sha256}).`],
  };
}

/** Records a portable library in the case, all or none (`answers import`). */
export function importLibrary(c: CaseFile, file: NamedPath, author: string | undefined): CaiqLibraryImport {
  const read = readPortableLibrary(file.path);
  if (!read.ok) throw new ApiFailure('invalid_request', `${file.name} is not a usable answer library: ${read.problems.join('; ')}.`);
  const r = c.answers().importAll(read.answers, { file: file.name, sha256: read.sha256 }, author !== undefined ? { confirmedBy: author.trim() } : {});
  const recorded = r.recorded.map((x) => ({ questionId: x.question_id, version: x.caiq_version, answerVersion: x.version }));
  return { recorded, unchanged: r.unchanged };
}

/**
 * The questionnaire's files, made by the engine as `natalia-audit caiq`
 * makes them (engine/reports/caiq-export): the workbook (the user's official
 * one filled, or ours) and the CSV, each with its detached signature, all
 * dated by the as-of time. The notes and the fill report are worded by
 * caiq/export-words, as the command prints them, in the asked language.
 */
export async function caiqFiles(c: CaseFile, ev: CaiqEvidence, keyHome: string, o: CaiqExportOptions): Promise<GeneratedCaiqExport> {
  const lang = o.lang ?? 'en';
  let fileAnswers: DeclaredAnswer[] = [];
  if (o.answers) {
    const read = readPortableLibrary(o.answers.path);
    if (!read.ok) throw new ApiFailure('invalid_request', `${o.answers.name} is not a usable answer library: ${read.problems.join('; ')}.`);
    fileAnswers = read.answers;
  }
  const { declared, fromCase, replaced } = mergeDeclared(c.answers().list(), fileAnswers);
  const workbook = o.workbook ? readInputFileSync(o.workbook.path, WORKBOOK_LIMITS) : undefined;
  const made = await produceCaiqExport(
    { caseId: c.id, bundles: ev.bundles, declared },
    {
      fileName: o.fileName,
      ...(workbook ? { workbook } : {}),
      keyHome,
      ...(o.version ? { version: o.version } : {}),
      overwrite: o.overwrite === true,
      nameDeclarant: o.nameDeclarant === true,
    },
  );
  const notes = [exportSummaryLine(made.summary, made.version, lang), ...made.trust.map((t) => trustSentence(t, lang))];
  const filled = made.filled;
  if (filled && o.workbook) {
    const words = fillReportWords(filled, { lang, workbook: o.workbook.name, overwrite: o.overwrite === true, control: 'screen' });
    notes.push(words.headline, ...words.lists);
  }
  const [xlsx, csv] = made.files;
  return {
    files: [...signedPair(xlsx, 'report', MEDIA_TYPES.xlsx), ...signedPair(csv, 'twin', MEDIA_TYPES.csv)],
    signedBy: made.signedBy,
    notes,
    ...(filled
      ? { fill: { sheet: filled.sheet, version: filled.version, written: filled.filled, kept: filled.kept, missing: filled.missingRows, duplicates: filled.duplicateRows } }
      : {}),
    declared: { fromCase, fromFile: fileAnswers.length, replaced },
  };
}
