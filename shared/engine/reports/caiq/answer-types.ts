// What a CAIQ-Lite answer is made of, whatever produced it. Pure types and
// constants: shared by the engine, the CLI and the renderer.
import type { FindingCode } from '../../../model/findings.js';
import type { CheckId, CheckStatus, VerificationResult } from '../../../model/verification.js';
import type { CaiqVersion, SsrmOwnership } from './caiq-versions.js';

export type { CaiqVersion, SsrmOwnership } from './caiq-versions.js';

/** Column C of the official workbook (its list validation). */
export const CAIQ_ANSWERS = ['Yes', 'No', 'NA'] as const;
export type CaiqYesNo = (typeof CAIQ_ANSWERS)[number];


/** Where an answer comes from. */
export type AnswerBasis = 'evidence' | 'declared' | 'needs_input';

/**
 * One piece of evidence an answer rests on. A check citation names the bundle
 * and the files it read; an audit citation adds the seq range, a register or
 * table citation the row count; a document citation is what a declared answer
 * leans on outside the bundles (a policy, a contract).
 */
export interface Citation {
  kind: 'check' | 'document';
  /** Check id, for `check` citations. */
  check?: CheckId;
  status?: CheckStatus;
  /** Bundle name and SHA-256 of the bundle as imported (archive bytes). */
  bundle?: string;
  bundle_sha256?: string;
  /** Bag-relative file, or for a document the user's file name. */
  file?: string;
  sha256?: string;
  /** A finding that located the problem, for failed checks. */
  finding?: FindingCode;
  /** 1-based line in `file`, with `finding`. */
  line?: number;
  /** Audit seq range the citation covers. */
  seq_first?: number;
  seq_last?: number;
  /** Rows (register rows, table rows) the citation covers. */
  rows?: number;
  /** Documents: a title in the user's words. */
  title?: string;
  /** One sentence: what this piece shows. */
  note?: string;
}

export interface CaiqAnswer {
  question_id: string;
  domain: string;
  /** Topic in the project's own words (never CSA's question text). */
  topic: string;
  basis: AnswerBasis;
  /** Null when the answer needs input. */
  answer: CaiqYesNo | null;
  /** Null for NA and when the answer needs input. */
  ownership: SsrmOwnership | null;
  /** Column E: plain words; for NA the reason it is out of scope. */
  implementation: string;
  /** Column F. */
  csc_responsibilities: string;
  citations: Citation[];
  /** Why the answer is No or needs input, for the person completing it. */
  reason?: string;
  /** Declared answers: who stated it and when. */
  declared_by?: { author: string; declared_at: string };
  /** The library declares an answer for this question that evidence overrode (the reason says so). */
  declaration_unused?: true;
  /**
   * Verified evidence that supports the answer without covering the whole
   * question: what it shows and what it leaves out. Its citations are in
   * `citations`. A question with support and no declared answer needs input.
   */
  support?: { bundle: string; shows: string; not_shown: string };
  /**
   * A declared answer of the other CAIQ release whose question is this one
   * (through the renumbering table): proposed for review, never written as
   * this release's answer until it is declared for it.
   */
  carried?: { from_version: CaiqVersion; from_question_id: string; renumbered: boolean; answer: DeclaredAnswer };
}

/** A statement the user writes or confirms once, kept in the answer library and reusable across cases. */
export interface DeclaredAnswer {
  /** The release whose question this answers: ids name other controls in the other one. */
  caiq_version: CaiqVersion;
  question_id: string;
  answer: CaiqYesNo;
  /** Required for Yes and No; must be absent for NA (the workbook's rule). */
  ownership?: SsrmOwnership;
  implementation: string;
  csc_responsibilities?: string;
  author: string;
  /** RFC 3339 UTC with milliseconds. */
  declared_at: string;
  /** What the statement leans on: checks of this case, or documents. */
  evidence: DeclaredEvidence[];
}

export type DeclaredEvidence =
  | { kind: 'check'; check: CheckId }
  | { kind: 'document'; title: string; file?: string; sha256?: string };

/** One imported bundle as the CAIQ rules see it. */
export interface CaiqBundleEvidence {
  verification: VerificationResult;
  /** SHA-256 of bag files, from the bundle's manifest (bag-relative path -> hex). */
  file_sha256?: Record<string, string>;
  /** Audit entries per action in this bundle, from the case's audit store. */
  actions?: Record<string, { count: number; first_seq: number; last_seq: number }>;
}

export interface CaiqInput {
  case_id: string;
  /** The release answered: its Lite set, its ids, its ownership list. */
  version: CaiqVersion;
  bundles: CaiqBundleEvidence[];
  /** Declared answers of the case's library. */
  declared: DeclaredAnswer[];
}
