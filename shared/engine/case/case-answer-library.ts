// The case's CAIQ answer library: declared answers kept in the case file
// (table declared_answers, case formats 2 and 3). An answer is current per
// question id and CAIQ release (format 4: ids name other controls in the other
// release). A changed answer is a new version;
// earlier versions stay, so the case can show who stated what and when, and
// what replaced it. Every new version has its custody entry, written in the
// same transaction, with the SHA-256 of the entry as stored.
import type Database from 'better-sqlite3';
import { canonicalize } from '../crypto/jcs.js';
import { sha256Hex } from '../crypto/hash.js';
import { normalizeDeclaredAnswer, validateDeclaredAnswer, type AnswerLibrary } from '../reports/caiq/answer-library.js';
import type { CaiqVersion, DeclaredAnswer, DeclaredEvidence } from '../reports/caiq/answer-types.js';
import { appendCustody, osUser } from './custody-log.js';

/** How a version entered this case. */
export type AnswerSource =
  | { kind: 'declare' }
  | {
      kind: 'import';
      /** The portable library's file name and SHA-256. */
      file: string;
      sha256: string;
      /** The author and date the file gave, when the importer replaced them (`--author`). */
      author?: string;
      declared_at?: string;
    };

export interface DeclaredAnswerVersion {
  answer: DeclaredAnswer;
  version: number;
  /** When and by which OS user the version entered this case. */
  recorded_at: string;
  os_user: string;
  source: AnswerSource;
  /** True when a later version replaced this one. */
  superseded: boolean;
}

export interface DeclareResult {
  /** False when the answer was already the current one (nothing written). */
  recorded: boolean;
  version: number;
  custodySeq?: number;
}

interface Row {
  caiq_version: string;
  question_id: string;
  version: number;
  answer: string;
  ownership: string | null;
  implementation: string;
  csc_responsibilities: string | null;
  author: string;
  declared_at: string;
  leans_on: string;
  recorded_at: string;
  os_user: string;
  source: string;
  superseded: number;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * A row as a DeclaredAnswer. A row edited outside the workstation may not be
 * valid any more; it is returned as read, and the CAIQ builder, which
 * validates every declared answer, sends its question back to "needs input".
 */
function toAnswer(r: Row): DeclaredAnswer {
  return {
    caiq_version: r.caiq_version as CaiqVersion,
    question_id: r.question_id,
    answer: r.answer as DeclaredAnswer['answer'],
    ...(r.ownership !== null ? { ownership: r.ownership as DeclaredAnswer['ownership'] } : {}),
    implementation: r.implementation,
    ...(r.csc_responsibilities !== null ? { csc_responsibilities: r.csc_responsibilities } : {}),
    author: r.author,
    declared_at: r.declared_at,
    evidence: parseJson(r.leans_on) as DeclaredEvidence[],
  };
}

/** SHA-256 of the entry's canonical JSON: what the custody entry vouches for. */
export function declaredAnswerHash(a: DeclaredAnswer): string {
  return sha256Hex(canonicalize(normalizeDeclaredAnswer(a)));
}

/** Equal content, author and date (a stored row that no longer reads as an answer is never equal). */
function sameAnswer(stored: DeclaredAnswer, a: DeclaredAnswer): boolean {
  if (validateDeclaredAnswer(stored).length > 0) return false;
  return canonicalize(normalizeDeclaredAnswer(stored)) === canonicalize(a);
}

/** The latest version of the row's question in the row's release. */
const LATEST = '(SELECT max(version) FROM declared_answers m WHERE m.question_id = d.question_id AND m.caiq_version = d.caiq_version)';
const SELECT = `SELECT d.*, (d.version < ${LATEST}) AS superseded FROM declared_answers d`;

export class CaseAnswerLibrary implements AnswerLibrary {
  constructor(private readonly db: Database.Database) {}

  /** The current answer to each question of each release, by release then question id. */
  list(): DeclaredAnswer[] {
    const rows = this.db.prepare(`${SELECT} WHERE d.version = ${LATEST}`).all() as Row[];
    return rows.map(toAnswer).sort((a, b) => a.caiq_version.localeCompare(b.caiq_version) || a.question_id.localeCompare(b.question_id));
  }

  get(questionId: string, version: CaiqVersion): DeclaredAnswer | undefined {
    const r = this.current(questionId, version);
    return r ? toAnswer(r) : undefined;
  }

  private current(questionId: string, version: CaiqVersion): Row | undefined {
    return this.db.prepare(`${SELECT} WHERE d.question_id = ? AND d.caiq_version = ? ORDER BY d.version DESC LIMIT 1`).get(questionId, version) as Row | undefined;
  }

  put(answer: DeclaredAnswer): void {
    this.declare(answer);
  }

  /**
   * Records an answer as the question's new current version, with its custody
   * entry. An answer equal to the current one (same content, author and date)
   * records nothing. Throws when the entry is invalid.
   */
  declare(answer: DeclaredAnswer, source: AnswerSource = { kind: 'declare' }, now = new Date()): DeclareResult {
    const errors = validateDeclaredAnswer(answer);
    if (errors.length > 0) throw new Error(`invalid declared answer: ${errors.join('; ')}`);
    const a = normalizeDeclaredAnswer(answer);
    return this.db.transaction((): DeclareResult => {
      const current = this.current(a.question_id, a.caiq_version);
      if (current && sameAnswer(toAnswer(current), a)) {
        return { recorded: false, version: current.version };
      }
      // Versions count per question id across releases (UNIQUE (question_id, version) of format 2).
      const last = this.db.prepare('SELECT max(version) AS v FROM declared_answers WHERE question_id = ?').get(a.question_id) as { v: number | null };
      const version = (last.v ?? 0) + 1;
      const recordedAt = now.toISOString();
      this.db
        .prepare(
          `INSERT INTO declared_answers (caiq_version, question_id, version, answer, ownership, implementation, csc_responsibilities, author, declared_at, leans_on, recorded_at, os_user, source)
           VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
        )
        .run(
          a.caiq_version,
          a.question_id,
          version,
          a.answer,
          a.ownership ?? null,
          a.implementation,
          a.csc_responsibilities ?? null,
          a.author,
          a.declared_at,
          JSON.stringify(a.evidence),
          recordedAt,
          osUser(),
          canonicalize(source),
        );
      const rec = appendCustody(
        this.db,
        'answer.declare',
        {
          caiq_version: a.caiq_version,
          question_id: a.question_id,
          version,
          answer: a.answer,
          ownership: a.ownership ?? null,
          author: a.author,
          declared_at: a.declared_at,
          leans_on: a.evidence,
          sha256: declaredAnswerHash(a),
          source,
        },
        now,
      );
      return { recorded: true, version, custodySeq: rec.seq };
    })();
  }

  /** Every version, oldest first (of one question of one release, or of all by release and question id). */
  history(question?: { id: string; version: CaiqVersion }): DeclaredAnswerVersion[] {
    const rows = (
      question === undefined
        ? this.db.prepare(`${SELECT} ORDER BY d.caiq_version, d.question_id, d.version`).all()
        : this.db.prepare(`${SELECT} WHERE d.question_id = ? AND d.caiq_version = ? ORDER BY d.version`).all(question.id, question.version)
    ) as Row[];
    return rows.map((r) => ({
      answer: toAnswer(r),
      version: r.version,
      recorded_at: r.recorded_at,
      os_user: r.os_user,
      source: (parseJson(r.source) ?? { kind: 'declare' }) as AnswerSource,
      superseded: r.superseded === 1,
    }));
  }

  /**
   * Imports a portable library in one transaction: every entry is recorded
   * (or none, when one is refused). With `confirmedBy`, the importer takes
   * the statements as their own: author and date become theirs, and the
   * file's are kept in the version's source.
   */
  importAll(
    answers: DeclaredAnswer[],
    from: { file: string; sha256: string },
    opts: { confirmedBy?: string; now?: Date } = {},
  ): { recorded: (DeclareResult & { question_id: string; caiq_version: CaiqVersion })[]; unchanged: number } {
    const now = opts.now ?? new Date();
    return this.db.transaction(() => {
      const recorded: (DeclareResult & { question_id: string; caiq_version: CaiqVersion })[] = [];
      let unchanged = 0;
      for (const a of answers) {
        const confirmed = opts.confirmedBy !== undefined;
        const entry = confirmed ? { ...a, author: opts.confirmedBy!, declared_at: now.toISOString() } : a;
        const source: AnswerSource = confirmed
          ? { kind: 'import', file: from.file, sha256: from.sha256, author: a.author, declared_at: a.declared_at }
          : { kind: 'import', file: from.file, sha256: from.sha256 };
        const r = this.declare(entry, source, now);
        if (r.recorded) recorded.push({ ...r, question_id: a.question_id, caiq_version: a.caiq_version });
        else unchanged++;
      }
      return { recorded, unchanged };
    })();
  }
}
