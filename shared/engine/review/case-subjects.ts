// What there is to review in a case, each with its stable subject key and the
// review the case holds for it: every finding of each bundle's latest
// verification, every reveal review item of the replay, every erasure, and
// the audit entries an auditor annotated (all entries would be millions).
// The CLI's `review list`, the API's review.list and the findings report all
// read this one listing, so a filter means the same thing everywhere.
import { FINDING_CATALOG, severityRank, type Finding, type Severity } from '../../model/findings.js';
import type { VerificationResult } from '../../model/verification.js';
import type { EvidenceStore } from '../store/evidence-store.js';
import { listErasures } from '../replay/erasure-history.js';
import { computeReviewItems } from '../replay/review-items.js';
import { replayScope } from '../replay/scope.js';
import { allReviews, type Decision, type SubjectReview } from './review-log.js';
import {
  bundleKeyOf,
  DECIDABLE,
  erasureSubject,
  findingSubject,
  installationPart,
  reviewSubject,
  subjectKind,
  type SubjectKind,
} from '../../model/review-subject.js';

export interface ReviewSubject {
  subject: string;
  kind: SubjectKind;
  /** The case's bundle it was read from (the newest one holding it). */
  bundleId: number;
  installation: string;
  title: string;
  severity?: Severity;
  /** Plain words: what it is. */
  description: string;
  file?: string;
  line?: number;
  seq?: number;
  ts?: string;
  certificateId?: string;
  revealId?: string;
  /** Findings: the finding code. Review items: their pattern. */
  code?: string;
  decidable: boolean;
  review?: SubjectReview;
}

export interface SubjectFilter {
  kinds?: SubjectKind[];
  /** 'undecided': decidable subjects with no decision yet. */
  decision?: Decision | 'undecided';
  tag?: string;
  starred?: boolean;
  /** Only subjects at least this severe (those without severity are kept). */
  minSeverity?: Severity;
  bundleId?: number;
}

interface BundleRow {
  id: number;
  installation_id: string | null;
  source_sha256: string | null;
  result: string | null;
}

/** Each bundle with the identities the subject keys use, and its latest verification. */
export function caseBundles(store: EvidenceStore): { id: number; key: string; installation: string; result: VerificationResult | null }[] {
  const rows = store.db
    .prepare(
      `SELECT b.id, b.installation_id, b.source_sha256,
         (SELECT v.result FROM verifications v WHERE v.bundle_id = b.id ORDER BY v.id DESC LIMIT 1) AS result
       FROM bundles b ORDER BY b.id`,
    )
    .all() as BundleRow[];
  return rows.map((r) => {
    const result = r.result ? (JSON.parse(r.result) as VerificationResult) : null;
    return { id: r.id, ...subjectParts(r, result), result };
  });
}

/** The parts of a bundle's subject keys: its export's identity and its installation. */
function subjectParts(r: Omit<BundleRow, 'result'>, result: VerificationResult | null): { key: string; installation: string } {
  const key = bundleKeyOf({ id: r.id, tagmanifest_sha256: result?.bundle.tagmanifest_sha256 ?? null, sha256: result?.bundle.sha256 ?? r.source_sha256 });
  return { key, installation: installationPart(r.installation_id, key) };
}

/** One bundle's subject-key parts, from the verification the caller already read (no parse of every result). */
export function bundleSubjectParts(store: EvidenceStore, bundleId: number, result: VerificationResult | null): { key: string; installation: string } {
  const row = store.db.prepare('SELECT id, installation_id, source_sha256 FROM bundles WHERE id = ?').get(bundleId) as Omit<BundleRow, 'result'> | undefined;
  return subjectParts(row ?? { id: bundleId, installation_id: null, source_sha256: null }, result);
}

function findingSubjects(bundles: ReturnType<typeof caseBundles>): ReviewSubject[] {
  const out: ReviewSubject[] = [];
  for (const b of bundles) {
    const seen = new Set<string>();
    for (const f of b.result?.findings ?? []) {
      const subject = findingSubject(b.key, f);
      // Two findings of one code at one place are one thing to decide on.
      if (seen.has(subject)) continue;
      seen.add(subject);
      out.push({
        subject,
        kind: 'finding',
        bundleId: b.id,
        installation: b.installation,
        title: FINDING_CATALOG[f.code]?.title ?? f.code,
        severity: f.severity,
        description: f.message,
        code: f.code,
        decidable: true,
        ...place(f),
      });
    }
  }
  return out;
}

function place(f: Finding): Partial<ReviewSubject> {
  return {
    ...(f.file !== undefined ? { file: f.file } : {}),
    ...(f.line !== undefined ? { line: f.line } : {}),
    ...(f.seq !== undefined ? { seq: f.seq } : {}),
    ...(f.certificate_id !== undefined ? { certificateId: f.certificate_id } : {}),
    ...(f.reveal_id !== undefined ? { revealId: f.reveal_id } : {}),
  };
}

function installationOf(bundles: ReturnType<typeof caseBundles>, bundleId: number): string {
  return bundles.find((b) => b.id === bundleId)?.installation ?? `bundle-local-${bundleId}`;
}

function reviewItemSubjects(store: EvidenceStore, bundles: ReturnType<typeof caseBundles>): ReviewSubject[] {
  return computeReviewItems(store, { scope: replayScope(store) }).map((r) => {
    const installation = installationOf(bundles, r.bundleId);
    return {
      subject: reviewSubject(installation, r.kind, r.seq),
      kind: 'review' as const,
      bundleId: r.bundleId,
      installation,
      title: r.title,
      severity: r.severity,
      description: r.message,
      code: r.kind,
      seq: r.seq,
      ts: r.ts,
      decidable: true,
      ...(r.revealId !== undefined ? { revealId: r.revealId } : {}),
      ...(r.file !== undefined ? { file: r.file } : {}),
      ...(r.line !== undefined ? { line: r.line } : {}),
    };
  });
}

function erasureSubjects(store: EvidenceStore, bundles: ReturnType<typeof caseBundles>): ReviewSubject[] {
  return listErasures(store).flatMap((e) => {
    if (!e.certificateId) return [];
    const installation = installationOf(bundles, e.bundleId);
    return [
      {
        subject: erasureSubject(installation, e.certificateId),
        kind: 'erasure' as const,
        bundleId: e.bundleId,
        installation,
        title: `Erasure ${e.certificateId}`,
        description: [e.subject.label, e.tenant, e.execution?.ts ? `executed ${e.execution.ts}` : 'no execution entry'].filter(Boolean).join(', '),
        certificateId: e.certificateId,
        ...(e.execution?.seq !== undefined ? { seq: e.execution.seq } : {}),
        ...(e.execution?.ts !== undefined ? { ts: e.execution.ts } : {}),
        decidable: false,
      },
    ];
  });
}

/** The annotated audit entries, read from the newest bundle of their installation that holds them. */
function entrySubjects(store: EvidenceStore, bundles: ReturnType<typeof caseBundles>, reviews: Map<string, SubjectReview>): ReviewSubject[] {
  const read = store.db.prepare(
    `SELECT e.bundle_id, e.seq, e.ts, e.actor, e.action, e.target, e.outcome, e.file, e.line FROM audit_entries e
     WHERE e.bundle_id = ? AND e.seq = ? ORDER BY e.ord LIMIT 1`,
  );
  const out: ReviewSubject[] = [];
  for (const key of reviews.keys()) {
    if (subjectKind(key) !== 'entry') continue;
    const m = /^entry:(.+):(\d+)$/.exec(key);
    if (!m) continue;
    const [, installation, seqText] = m as unknown as [string, string, string];
    const seq = Number(seqText);
    let row: { bundle_id: number; ts: string; actor: string; action: string; target: string; outcome: string; file: string; line: number } | undefined;
    for (const b of [...bundles].reverse()) {
      if (b.installation !== installation) continue;
      row = read.get(b.id, seq) as typeof row;
      if (row) break;
    }
    out.push(
      row
        ? {
            subject: key,
            kind: 'entry',
            bundleId: row.bundle_id,
            installation,
            title: `Audit entry ${seq}: ${row.action}`,
            description: `${row.actor} ${row.action} ${row.target} (${row.outcome}) at ${row.ts}`,
            seq,
            ts: row.ts,
            file: row.file,
            line: row.line,
            decidable: false,
          }
        : {
            subject: key,
            kind: 'entry',
            bundleId: 0,
            installation,
            title: `Audit entry ${seq}`,
            description: 'No bundle of this case holds this entry any more.',
            seq,
            decidable: false,
          },
    );
  }
  return out;
}

function matches(s: ReviewSubject, f: SubjectFilter): boolean {
  if (f.kinds && !f.kinds.includes(s.kind)) return false;
  if (f.bundleId !== undefined && s.bundleId !== f.bundleId) return false;
  if (f.decision === 'undecided' && (!DECIDABLE.includes(s.kind) || s.review?.decision !== undefined)) return false;
  if (f.decision !== undefined && f.decision !== 'undecided' && s.review?.decision?.decision !== f.decision) return false;
  if (f.tag !== undefined && !(s.review?.tags.includes(f.tag) ?? false)) return false;
  if (f.starred !== undefined && (s.review?.starred ?? false) !== f.starred) return false;
  if (f.minSeverity !== undefined && s.severity !== undefined && severityRank(s.severity) > severityRank(f.minSeverity)) return false;
  return true;
}

/** Everything of the case there is to review, with its review, filtered; findings first (most severe first), then review items, erasures, entries. */
export function reviewSubjects(store: EvidenceStore, filter: SubjectFilter = {}): ReviewSubject[] {
  const bundles = caseBundles(store);
  const reviews = allReviews(store.db);
  const kinds = filter.kinds;
  const want = (k: SubjectKind) => !kinds || kinds.includes(k);
  const all = [
    ...(want('finding') ? findingSubjects(bundles).sort((a, b) => severityRank(a.severity!) - severityRank(b.severity!)) : []),
    ...(want('review') ? reviewItemSubjects(store, bundles) : []),
    ...(want('erasure') ? erasureSubjects(store, bundles) : []),
    ...(want('entry') ? entrySubjects(store, bundles, reviews) : []),
  ];
  for (const s of all) {
    const r = reviews.get(s.subject);
    if (r) s.review = r;
  }
  return all.filter((s) => matches(s, filter));
}

/** Reviews kept for subjects this case no longer shows (a finding a newer verification no longer raises). */
export function orphanReviews(store: EvidenceStore): SubjectReview[] {
  const shown = new Set(reviewSubjects(store).map((s) => s.subject));
  return [...allReviews(store.db).values()].filter((r) => !shown.has(r.subject));
}
