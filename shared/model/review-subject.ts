// What an auditor annotates, named so the name survives a re-import.
//
// Case-local row ids (bundle #3, finding row 812) change when the evidence is
// imported again into another case, or when a portable case is rebuilt; the
// evidence's own identities do not:
//
//   entry:<installation>:<seq>                  an audit entry: its installation's chain position
//   review:<installation>:<kind>:<seq>          a reveal review item: its pattern and first reveal
//   erasure:<installation>:<certificate id>     an erasure, by its certificate
//   finding:<bundle>:<code>@<place>             a finding of one export: its code and where it points
//
// <installation> is the appliance's installation id; <bundle> is the export's
// tag manifest SHA-256 (the same export in a folder or an archive has the
// same one), else the archive's SHA-256. <place> is file:line, seq, the
// certificate or reveal id the finding names, joined by '/'. An entry or an
// erasure of successive exports of one installation is one subject: the newer
// export extends the older (case/history-check.ts vouches for that).
import type { Finding } from './findings.js';

export const SUBJECT_KINDS = ['entry', 'finding', 'review', 'erasure'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/** An auditor's decision on a finding or review item. */
export const DECISIONS = ['accepted', 'justified', 'needs_follow_up', 'false_positive'] as const;
export type Decision = (typeof DECISIONS)[number];

/** Decisions that say why in a reason. */
export const NEEDS_REASON: readonly Decision[] = ['justified', 'false_positive'];

/** Subjects that take a decision (entries and erasures are tagged, starred and commented only). */
export const DECIDABLE: readonly SubjectKind[] = ['finding', 'review'];

/** A bundle with no installation id is named by its own identity instead. */
export function installationPart(installationId: string | null | undefined, bundleKey: string): string {
  return installationId && installationId !== '' ? installationId : `bundle-${bundleKey.slice(0, 16)}`;
}

/** The identity of one export: its tag manifest hash, else its archive's hash, else its case-local id. */
export function bundleKeyOf(b: { tagmanifest_sha256?: string | null; sha256?: string | null; id: number }): string {
  return b.tagmanifest_sha256 ?? b.sha256 ?? `local-${b.id}`;
}

export function entrySubject(installation: string, seq: number): string {
  return `entry:${installation}:${seq}`;
}

export function reviewSubject(installation: string, kind: string, seq: number): string {
  return `review:${installation}:${kind}:${seq}`;
}

export function erasureSubject(installation: string, certificateId: string): string {
  return `erasure:${installation}:${certificateId}`;
}

/** Where a finding points, as stable text (empty parts left out). */
export function findingPlace(f: Pick<Finding, 'file' | 'line' | 'seq' | 'certificate_id' | 'reveal_id'>): string {
  return [
    f.file !== undefined ? `${f.file}${f.line !== undefined ? `:${f.line}` : ''}` : undefined,
    f.seq !== undefined ? `seq ${f.seq}` : undefined,
    f.certificate_id,
    f.reveal_id,
  ]
    .filter((x): x is string => x !== undefined && x !== '')
    .join('/');
}

export function findingSubject(bundleKey: string, f: Finding): string {
  return `finding:${bundleKey}:${f.code}@${findingPlace(f)}`;
}

export function subjectKind(subject: string): SubjectKind | undefined {
  const k = subject.slice(0, subject.indexOf(':'));
  return (SUBJECT_KINDS as readonly string[]).includes(k) ? (k as SubjectKind) : undefined;
}

/** Why `subject` cannot name something of a case, or undefined when it can. */
export function subjectProblem(subject: string): string | undefined {
  if (subject.length > 1000) return 'a subject key has at most 1000 characters';
  if (/[\u0000-\u001f]/.test(subject)) return 'a subject key holds no control characters';
  const kind = subjectKind(subject);
  if (!kind) return `"${subject.slice(0, 60)}" is not a subject key (entry:…, finding:…, review:…, erasure:…)`;
  const rest = subject.slice(kind.length + 1);
  const ok =
    kind === 'entry'
      ? /^[^:]+:\d+$/.test(rest)
      : kind === 'review'
        ? /^[^:]+:[a-z_]+:\d+$/.test(rest)
        : kind === 'erasure'
          ? /^[^:]+:.+$/.test(rest)
          : /^[^:]+:[a-z0-9_]+\.[a-z0-9_]+@/.test(rest);
  return ok ? undefined : `"${subject.slice(0, 60)}" is not a well-formed ${kind} key`;
}
