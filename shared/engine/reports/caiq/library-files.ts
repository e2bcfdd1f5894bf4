// The files an answer library deals in, read and written the same way by
// `natalia-audit answers` / `caiq --answers` and by the questionnaire screen:
// a document a statement leans on (cited by name and SHA-256, only read), the
// portable library going out of a case, one coming in, and a library given
// for one export only, whose answers win over the case's.
import { basename } from 'node:path';
import { sha256Hex } from '../../crypto/hash.js';
import { readInputFileSync } from '../../input-file.js';
import { ANSWER_LIBRARY_LIMITS, parseLibrary, serializeLibrary, validateDeclaredAnswer, type AnswerLibrary } from './answer-library.js';
import type { DeclaredAnswer, DeclaredEvidence } from './answer-types.js';

/** A policy or certificate a declared answer leans on: a document, not a data set. */
export const DOCUMENT_LIMITS = { what: 'document', maxBytes: 256 << 20 };

/**
 * A document cited by a statement: read only to hash it. `name` is the file
 * as the user knows it (an upload's own name, not the server's copy); it is
 * the title too.
 */
export function documentEvidence(path: string, name: string = basename(path)): Extract<DeclaredEvidence, { kind: 'document' }> {
  const bytes = readInputFileSync(path, DOCUMENT_LIMITS);
  return { kind: 'document', title: name, file: name, sha256: sha256Hex(bytes) };
}

/** The case's library as the portable file, or the entries that cannot travel (a row edited outside the workstation). */
export function portableLibrary(library: AnswerLibrary): { ok: true; text: string; count: number; sha256: string } | { ok: false; problems: string[] } {
  const problems = library.list().flatMap((a) => validateDeclaredAnswer(a));
  if (problems.length > 0) return { ok: false, problems };
  const text = serializeLibrary(library);
  return { ok: true, text, count: library.list().length, sha256: sha256Hex(Buffer.from(text, 'utf8')) };
}

/** A portable library file read whole (size-limited), with what identifies it in the case's records. */
export function readPortableLibrary(path: string): { ok: true; answers: DeclaredAnswer[]; sha256: string } | { ok: false; problems: string[] } {
  const bytes = readInputFileSync(path, ANSWER_LIBRARY_LIMITS);
  const parsed = parseLibrary(bytes.toString('utf8'));
  return parsed.ok ? { ok: true, answers: parsed.answers, sha256: sha256Hex(bytes) } : { ok: false, problems: parsed.errors };
}

/** The case's declared answers, with the file's replacing them question by question (and release). */
export function mergeDeclared(
  caseAnswers: DeclaredAnswer[],
  fileAnswers: DeclaredAnswer[],
): { declared: DeclaredAnswer[]; fromCase: number; replaced: string[] } {
  const key = (a: DeclaredAnswer) => `${a.caiq_version} ${a.question_id}`;
  const fromFile = new Set(fileAnswers.map(key));
  const kept = caseAnswers.filter((a) => !fromFile.has(key(a)));
  const replaced = caseAnswers.filter((a) => fromFile.has(key(a))).map((a) => a.question_id);
  const declared = [...kept, ...fileAnswers].sort((a, b) => a.question_id.localeCompare(b.question_id));
  return { declared, fromCase: kept.length, replaced };
}
