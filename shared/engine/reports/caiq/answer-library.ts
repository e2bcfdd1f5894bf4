// The answer library: declared CAIQ answers a user writes or confirms once,
// with author, date and the evidence they lean on. The case persists it; this
// module defines its contract, checks entries, and moves a library between
// cases as a small JSON document (so one CISO's statements serve every case).
import { CHECK_IDS, type CheckId } from '../../../model/verification.js';
import type { CaiqVersion } from './caiq-versions.js';
import { isSha256Hex } from '../../crypto/encoding.js';
import { isRfc3339Ms } from '../../time/rfc3339.js';
import { CAIQ_ANSWERS, type DeclaredAnswer, type DeclaredEvidence } from './answer-types.js';
import { CAIQ_VERSIONS, isCaiqVersion, ownershipsOf } from './caiq-versions.js';
import { isLiteQuestionId } from './lite-catalog.js';

export interface AnswerLibrary {
  list(): DeclaredAnswer[];
  get(questionId: string, version: CaiqVersion): DeclaredAnswer | undefined;
  /** Adds or replaces the answer to one question; throws when the entry is invalid. */
  put(answer: DeclaredAnswer): void;
}

export const ANSWER_LIBRARY_FORMAT = 'natalia-audit.caiq-answers.v1';

const MAX_TEXT = 4000;
/** An answer library holds at most a few hundred answers of MAX_TEXT characters: far under this. */
export const ANSWER_LIBRARY_LIMITS = { what: 'answer library', maxBytes: 32 << 20 };

/** Problems with a declared answer, empty when it can be used. */
export function validateDeclaredAnswer(a: unknown): string[] {
  if (typeof a !== 'object' || a === null) return ['not an object'];
  const d = a as Record<string, unknown>;
  const errors: string[] = [];
  const id = typeof d.question_id === 'string' ? d.question_id : '?';
  const at = (msg: string) => errors.push(`${id}: ${msg}`);
  if (!isCaiqVersion(d.caiq_version)) {
    at(`caiq_version must be one of ${CAIQ_VERSIONS.join(', ')}`);
    return errors;
  }
  const version = d.caiq_version;
  if (typeof d.question_id !== 'string' || !isLiteQuestionId(d.question_id, version)) at(`not a CAIQ-Lite question id of CAIQ v${version}`);
  if (!CAIQ_ANSWERS.includes(d.answer as never)) at('answer must be Yes, No or NA');
  if (d.answer === 'NA') {
    // The workbook's rule: out of scope leaves ownership blank and says why in column E.
    if (d.ownership !== undefined) at('an NA answer leaves the ownership blank');
  } else if (!ownershipsOf(version).includes(d.ownership as never)) {
    at(`ownership must be one of: ${ownershipsOf(version).join(', ')}`);
  }
  if (typeof d.implementation !== 'string' || d.implementation.trim() === '') {
    at(d.answer === 'NA' ? 'an NA answer must give the reason in the description' : 'the description is empty');
  } else if (d.implementation.length > MAX_TEXT) at(`the description is longer than ${MAX_TEXT} characters`);
  if (d.csc_responsibilities !== undefined && (typeof d.csc_responsibilities !== 'string' || d.csc_responsibilities.length > MAX_TEXT)) {
    at('customer responsibilities must be text');
  }
  if (typeof d.author !== 'string' || d.author.trim() === '') at('the author is missing');
  if (!isRfc3339Ms(d.declared_at)) at('declared_at must be an RFC 3339 UTC time with milliseconds');
  if (!Array.isArray(d.evidence)) at('evidence must be a list (it may be empty)');
  else d.evidence.forEach((e, i) => errors.push(...validateEvidence(e).map((m) => `${id}: evidence[${i}]: ${m}`)));
  return errors;
}

function validateEvidence(e: unknown): string[] {
  if (typeof e !== 'object' || e === null) return ['not an object'];
  const v = e as Record<string, unknown>;
  if (v.kind === 'check') return CHECK_IDS.includes(v.check as CheckId) ? [] : ['unknown check id'];
  if (v.kind === 'document') {
    const out: string[] = [];
    if (typeof v.title !== 'string' || v.title.trim() === '') out.push('a document needs a title');
    if (v.file !== undefined && typeof v.file !== 'string') out.push('file must be text');
    if (v.sha256 !== undefined && !isSha256Hex(v.sha256)) out.push('sha256 must be 64 lowercase hex characters');
    return out;
  }
  return ['kind must be check or document'];
}

/** Keeps only the known members, in a fixed order, so stored entries stay comparable. */
export function normalizeDeclaredAnswer(a: DeclaredAnswer): DeclaredAnswer {
  const evidence = a.evidence.map((e): DeclaredEvidence =>
    e.kind === 'check'
      ? { kind: 'check', check: e.check }
      : { kind: 'document', title: e.title, ...(e.file !== undefined ? { file: e.file } : {}), ...(e.sha256 !== undefined ? { sha256: e.sha256 } : {}) },
  );
  return {
    caiq_version: a.caiq_version,
    question_id: a.question_id,
    answer: a.answer,
    ...(a.ownership !== undefined ? { ownership: a.ownership } : {}),
    implementation: a.implementation,
    ...(a.csc_responsibilities !== undefined ? { csc_responsibilities: a.csc_responsibilities } : {}),
    author: a.author,
    declared_at: a.declared_at,
    evidence,
  };
}

export class InMemoryAnswerLibrary implements AnswerLibrary {
  /** By `version question_id`. */
  private readonly byId = new Map<string, DeclaredAnswer>();

  constructor(initial: DeclaredAnswer[] = []) {
    for (const a of initial) this.put(a);
  }

  list(): DeclaredAnswer[] {
    return [...this.byId.values()].sort((a, b) => a.caiq_version.localeCompare(b.caiq_version) || a.question_id.localeCompare(b.question_id));
  }

  get(questionId: string, version: CaiqVersion): DeclaredAnswer | undefined {
    return this.byId.get(`${version} ${questionId}`);
  }

  put(answer: DeclaredAnswer): void {
    const errors = validateDeclaredAnswer(answer);
    if (errors.length > 0) throw new Error(`invalid declared answer: ${errors.join('; ')}`);
    this.byId.set(`${answer.caiq_version} ${answer.question_id}`, normalizeDeclaredAnswer(answer));
  }
}

/** The portable form of a library, to carry declared answers to another case. */
export function serializeLibrary(library: AnswerLibrary): string {
  return JSON.stringify({ format: ANSWER_LIBRARY_FORMAT, answers: library.list() }, null, 2) + '\n';
}

/** Reads a portable library; every entry is validated, none is silently dropped. */
export function parseLibrary(text: string): { ok: true; answers: DeclaredAnswer[] } | { ok: false; errors: string[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, errors: ['not JSON'] };
  }
  const d = doc as { format?: unknown; answers?: unknown };
  if (typeof doc !== 'object' || doc === null || d.format !== ANSWER_LIBRARY_FORMAT || !Array.isArray(d.answers)) {
    return { ok: false, errors: [`not a ${ANSWER_LIBRARY_FORMAT} document`] };
  }
  // Files written before answers carried their release answered v4.0.3, the only one then.
  const entries: unknown[] = d.answers.map((a) =>
    a !== null && typeof a === 'object' && !('caiq_version' in a) ? { ...(a as object), caiq_version: '4.0.3' } : a,
  );
  const errors = entries.flatMap((a) => validateDeclaredAnswer(a));
  if (errors.length > 0) return { ok: false, errors };
  const answers = (entries as DeclaredAnswer[]).map(normalizeDeclaredAnswer);
  const seen = new Set<string>();
  for (const a of answers) {
    const key = `${a.caiq_version} ${a.question_id}`;
    if (seen.has(key)) return { ok: false, errors: [`${a.question_id} (v${a.caiq_version}): declared twice`] };
    seen.add(key);
  }
  return { ok: true, answers };
}
