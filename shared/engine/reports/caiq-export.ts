// The CAIQ-Lite export, made once for every face: `natalia-audit caiq` and
// the questionnaire screen's export both call produceCaiqExport, so the same
// case, answers, name and key give byte-identical files. The answers come
// from the engine's rules (caiq/build-answers); the workbook is the user's
// official one filled (columns C to F of the Lite rows) or the standalone
// one; the CSV twin is keyed by question id; each file is signed by the
// workstation key and dated by the as-of time, not the wall clock.
import type { CaiqAnswer, CaiqBundleEvidence, CaiqVersion, DeclaredAnswer } from './caiq/answer-types.js';
import { answersToCsv } from './caiq/answers-csv.js';
import { buildCaiqAnswers, summarizeAnswers, type CaiqSummary } from './caiq/build-answers.js';
import { CURRENT_CAIQ_VERSION } from './caiq/caiq-versions.js';
import { bundleStanding } from './caiq/bundle-standing.js';
import { fillOfficialWorkbook, workbookVersion, WorkbookError, type FillResult } from './caiq/fill-workbook.js';
import { trustBasis, type TrustBasis } from './caiq/trust-basis.js';
import { buildStandaloneWorkbook } from './caiq/standalone-workbook.js';
import { sibling, signedReportFile, type SignedReportFile } from './signed-file.js';
import { loadOrCreateWorkstationKey } from './signing/workstation-key.js';

/** What the answers are made from: the case's evidence and the statements declared for it. */
export interface CaiqExportInput {
  /** The case's id, carried by the answers and printed in the standalone workbook. */
  caseId: string;
  bundles: CaiqBundleEvidence[];
  declared: DeclaredAnswer[];
}

export interface CaiqExportOptions {
  /** Name or path of the workbook (.xlsx); the CSV goes beside it under the same name. */
  fileName: string;
  /** The user's official CSA workbook to fill; without, the standalone workbook. */
  workbook?: Buffer;
  /** Folder of the workstation key that signs the files (created on first use). */
  keyHome: string;
  /** The release to answer: read from the workbook when one is given (a different one here is refused); else the current release. */
  version?: CaiqVersion;
  /** Write over the rows the user already answered in the workbook. */
  overwrite?: boolean;
  /** Name the person who declared each answer in the workbook and the CSV. */
  nameDeclarant?: boolean;
}

export interface CaiqExport {
  /** The CAIQ release answered. */
  version: CaiqVersion;
  answers: CaiqAnswer[];
  summary: CaiqSummary;
  asOf: string;
  /** The trust each bundle the answers rely on was verified under, with its anchoring vendor roots. */
  trust: TrustBasis[];
  /** What filling the user's workbook did, when one was given. */
  filled: Omit<FillResult, 'bytes'> | null;
  /** The workbook, then its CSV twin. */
  files: [SignedReportFile, SignedReportFile];
  /** Kid of the workstation key that signed them. */
  signedBy: string;
}

/** The report's date: the latest time among its inputs, so the same inputs give the same files. */
export function caiqAsOf(bundles: CaiqBundleEvidence[], declared: DeclaredAnswer[]): string {
  const times = [...bundles.map((b) => b.verification.exported_at), ...declared.map((d) => d.declared_at)];
  return times.filter((t): t is string => Boolean(t)).sort().at(-1) ?? '1980-01-01T00:00:00.000Z';
}

/** Throws WorkbookError (or ZipPackageError) when the given workbook cannot be filled. */
export async function produceCaiqExport(input: CaiqExportInput, opts: CaiqExportOptions): Promise<CaiqExport> {
  let version = opts.version ?? CURRENT_CAIQ_VERSION;
  if (opts.workbook) {
    const found = await workbookVersion(opts.workbook);
    if (opts.version && opts.version !== found.version) {
      throw new WorkbookError(`the workbook is CAIQ v${found.version} (sheet "${found.sheet}"), not v${opts.version} as asked`);
    }
    version = found.version;
  }
  const answers = buildCaiqAnswers({ case_id: input.caseId, version, bundles: input.bundles, declared: input.declared });
  const asOf = caiqAsOf(input.bundles, input.declared);
  const trust = bundleStanding(input.bundles).counted.map(trustBasis);
  const text = { nameDeclarant: opts.nameDeclarant === true };
  let xlsx: Buffer;
  let filled: CaiqExport['filled'] = null;
  if (opts.workbook) {
    const { bytes, ...rest } = await fillOfficialWorkbook(opts.workbook, answers, version, { ...text, overwrite: opts.overwrite === true });
    xlsx = bytes;
    filled = rest;
  } else {
    xlsx = await buildStandaloneWorkbook(answers, { caseId: input.caseId, asOf, version, trust, ...text });
  }
  // The key is read (or made) only once the files can be made: a refused workbook leaves no key behind.
  const key = loadOrCreateWorkstationKey(opts.keyHome);
  const csv = Buffer.from(answersToCsv(answers, version, { ...text, trust }), 'utf8');
  return {
    version,
    trust,
    answers,
    summary: summarizeAnswers(answers),
    asOf,
    filled,
    files: [signedReportFile(opts.fileName, 'caiq-workbook', xlsx, asOf, key), signedReportFile(sibling(opts.fileName, '.csv'), 'caiq-csv', csv, asOf, key)],
    signedBy: key.kid,
  };
}
