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
import { trustLine } from '../../engine/reports/caiq/trust-basis.js';
import { caiqAsOf, produceCaiqExport } from '../../engine/reports/caiq-export.js';
import { caiqBundlesFromCase, caseBundles } from '../../engine/reports/case-source.js';
import type { CaiqCitation, CaiqDeclaration, CaiqDeclared, CaiqQuestion, CaiqQuestionnaire } from '../contract.js';
import type { GeneratedReport } from '../engine-port.js';
import { ApiFailure } from '../result.js';
import { MEDIA_TYPES, signedPair } from './report-files.js';

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
  };
}

/** Equal statements apart from when they were made: saving an unchanged form records nothing. */
function sameStatement(a: DeclaredAnswer, b: DeclaredAnswer): boolean {
  const strip = (d: DeclaredAnswer) => JSON.stringify({ ...normalizeDeclaredAnswer(d), declared_at: '' });
  return validateDeclaredAnswer(a).length === 0 && strip(a) === strip(b);
}

/**
 * Records a statement from the screen's form in the case's answer library
 * (CaseFile.declareAnswer: a new version with its custody entry). Documents
 * the current statement leans on (declared from the command line) are kept.
 */
export function declare(c: CaseFile, d: CaiqDeclaration, now: Date): { recorded: boolean; version: number } {
  if (!isLiteQuestionId(d.questionId, d.version)) throw new ApiFailure('invalid_request', `${d.questionId} is not a CAIQ-Lite question of CAIQ v${d.version}.`);
  const library = c.answers();
  const current = library.get(d.questionId, d.version);
  const documents = (Array.isArray(current?.evidence) ? current.evidence : []).filter((e): e is Extract<DeclaredEvidence, { kind: 'document' }> => e.kind === 'document');
  const customer = d.customerResponsibilities?.trim();
  const answer: DeclaredAnswer = {
    caiq_version: d.version,
    question_id: d.questionId,
    answer: d.answer,
    ...(d.answer !== 'NA' && d.ownership !== undefined ? { ownership: d.ownership as DeclaredAnswer['ownership'] } : {}),
    implementation: d.description.trim(),
    ...(customer ? { csc_responsibilities: customer } : {}),
    author: d.author.trim(),
    declared_at: now.toISOString(),
    evidence: [...[...new Set(d.leansOn)].map((check): DeclaredEvidence => ({ kind: 'check', check })), ...documents],
  };
  // The library's own rules (ownership for Yes and No, none for NA, a description...), in its words.
  const problems = validateDeclaredAnswer(answer).map((p) => p.replace(/^[^:]+: /, ''));
  if (problems.length > 0) throw new ApiFailure('invalid_request', `The answer cannot be declared: ${problems.join('; ')}.`);
  if (current && sameStatement(current, answer)) {
    const version = library.history({ id: d.questionId, version: d.version }).at(-1)?.version ?? 1;
    return { recorded: false, version };
  }
  const r = c.declareAnswer(answer);
  return { recorded: r.recorded, version: r.version };
}

/**
 * The questionnaire's files, made by the engine as `natalia-audit caiq`
 * makes them (engine/reports/caiq-export): the workbook (the user's official
 * one filled, or ours) and the CSV, each with its detached signature, all
 * dated by the as-of time. Only the notes are worded here, for the screen.
 */
export interface CaiqFileOptions {
  fileName: string;
  version?: CaiqVersion;
  overwrite?: boolean;
  nameDeclarant?: boolean;
}

export async function caiqFiles(c: CaseFile, ev: CaiqEvidence, keyHome: string, o: CaiqFileOptions, workbook: Buffer | undefined): Promise<GeneratedReport> {
  const made = await produceCaiqExport(
    { caseId: c.id, bundles: ev.bundles, declared: c.answers().list() },
    {
      fileName: o.fileName,
      ...(workbook ? { workbook } : {}),
      keyHome,
      ...(o.version ? { version: o.version } : {}),
      overwrite: o.overwrite === true,
      nameDeclarant: o.nameDeclarant === true,
    },
  );
  const s = made.summary;
  const notes = [
    `CAIQ v${made.version}, ${s.total} questions: ${s.declared} declared, ${s.evidence} answered No from the evidence, ${s.needs_input} still open; ${s.supported} supported by verified evidence.`,
  ];
  notes.push(...made.trust.map((t) => `Evidence trusted on ${trustLine(t)}.`));
  const filled = made.filled;
  if (filled) {
    notes.push(
      `Sheet "${filled.sheet}" of your workbook: ${filled.filled.length} row(s) written, ${filled.kept.length} kept as you had answered them${filled.kept.length && !o.overwrite ? ' (choose "Write over my answers" to replace them)' : ''}, ${filled.missingRows.length} missing; rows still open are left as they were.`,
    );
    if (filled.kept.length) notes.push(`Kept: ${filled.kept.join(', ')}.`);
    if (filled.missingRows.length) notes.push(`Your workbook has no row for: ${filled.missingRows.join(', ')}.`);
    if (filled.duplicateRows.length) notes.push(`Rows repeated in your workbook (the first was filled): ${filled.duplicateRows.join(', ')}.`);
  }
  const [xlsx, csv] = made.files;
  return { files: [...signedPair(xlsx, 'report', MEDIA_TYPES.xlsx), ...signedPair(csv, 'twin', MEDIA_TYPES.csv)], signedBy: made.signedBy, notes };
}
