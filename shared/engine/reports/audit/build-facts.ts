// The findings report's facts, read from a case whose custody holds (the
// report cites its stored verifications: case-source refuses a case edited
// outside the workstation). Everything said comes from an engine module:
// the verdicts and findings (verify), the review items, reveals and
// erasures (replay), the auditor's review (review), the custody log (case).
// Nothing here depends on the clock: the same case gives the same facts.
import { basename } from 'node:path';
import { FINDING_CATALOG, severityRank, SEVERITIES, type Severity } from '../../../model/findings.js';
import { readCustody, verifyCustody } from '../../case/custody-log.js';
import type { CaseFile } from '../../case/case-file.js';
import { sha256Hex } from '../../crypto/hash.js';
import { canonicalize } from '../../crypto/jcs.js';
import { listErasures } from '../../replay/erasure-history.js';
import { listReveals } from '../../replay/reveal-history.js';
import { orphanReviews, reviewSubjects, type ReviewSubject } from '../../review/case-subjects.js';
import type { DecisionRecord } from '../../review/review-log.js';
import { caseBundles } from '../case-source.js';
import { AUDIT_REPORT_FORMAT, type AuditReportFacts, type ReportBundle, type ReportDecision, type ReportReviewItem } from './facts-types.js';

export interface AuditFactsInput {
  signer: { kid: string; fingerprint?: string };
  workstation_version: string;
  /** Fingerprints of trust roots by kid, for verifications that recorded only the kid (the workstation's trust store). */
  rootFingerprints?: Record<string, string>;
  /** Audit entries (and anything else) tagged so are listed in an annex. */
  annexTag?: string;
}

/** What the evidence cannot show, always stated. */
export const AUDIT_LIMITS = ['appliance_records', 'export_time', 'off_appliance', 'identity', 'advice', 'review_is_judgement', 'whole_rewrite'] as const;

/** Custody entries that record a report made: a report does not change what the next one says. */
const REPORT_ACTIONS = new Set(['report.create']);

function decisionOf(d: DecisionRecord): ReportDecision {
  return { decision: d.decision, ...(d.reason ? { reason: d.reason } : {}), reviewer: d.reviewer, at: d.at };
}

function item(s: ReviewSubject): ReportReviewItem {
  const r = s.review;
  return {
    subject: s.subject,
    kind: s.kind,
    title: s.title,
    ...(s.severity ? { severity: s.severity } : {}),
    description: s.description,
    ...(s.seq !== undefined ? { seq: s.seq } : {}),
    ...(s.ts !== undefined ? { ts: s.ts } : {}),
    ...(r?.decision ? { decision: decisionOf(r.decision) } : {}),
    earlier: (r?.decisions ?? []).slice(0, -1).map(decisionOf),
    comments: r?.comments ?? [],
    tags: r?.tags ?? [],
  };
}

function later(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

export function auditReportFacts(c: CaseFile, input: AuditFactsInput): AuditReportFacts {
  const evidence = caseBundles(c); // refuses a case whose custody does not hold
  const subjects = reviewSubjects(c.store);
  const findingsOf = (bundleId: number) => subjects.filter((s) => s.kind === 'finding' && s.bundleId === bundleId);

  const bundles: ReportBundle[] = evidence.map((b) => {
    const v = b.verification;
    const stored = c.store.bundle(b.bundleId);
    const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
    for (const f of v.findings) counts[f.severity]++;
    return {
      name: v.bundle.name,
      form: v.bundle.form,
      ...(v.bundle.sha256 ? { sha256: v.bundle.sha256 } : {}),
      ...(v.bundle.tagmanifest_sha256 ? { tagmanifest_sha256: v.bundle.tagmanifest_sha256 } : {}),
      ...(v.installation_id ? { installation_id: v.installation_id } : {}),
      ...((v.exported_at ?? stored?.exported_at) ? { exported_at: (v.exported_at ?? stored?.exported_at)! } : {}),
      verdict: v.verdict,
      trust: {
        source: v.trust.source,
        roots: v.trust.roots.map((r) => {
          const fingerprint = (r as { fingerprint?: string }).fingerprint ?? input.rootFingerprints?.[r.kid];
          return { kid: r.kid, ...(r.label ? { label: r.label } : {}), ...(fingerprint ? { fingerprint } : {}) };
        }),
      },
      checks: v.checks.map((k) => ({ id: k.id, status: k.status, summary: k.summary, ...(k.findings !== undefined ? { findings: k.findings } : {}) })),
      finding_counts: counts,
      findings: findingsOf(b.bundleId)
        .filter((s) => s.severity !== 'info')
        .sort((x, y) => severityRank(x.severity!) - severityRank(y.severity!))
        .map((s) => ({
          subject: s.subject,
          code: s.code!,
          severity: s.severity!,
          title: s.title,
          meaning: FINDING_CATALOG[s.code as keyof typeof FINDING_CATALOG]?.meaning ?? '',
          message: s.description,
          ...(s.file !== undefined ? { file: s.file } : {}),
          ...(s.line !== undefined ? { line: s.line } : {}),
          ...(s.seq !== undefined ? { seq: s.seq } : {}),
          ...(s.certificateId !== undefined ? { certificate_id: s.certificateId } : {}),
          ...(s.revealId !== undefined ? { reveal_id: s.revealId } : {}),
          ...(s.review?.decision ? { decision: decisionOf(s.review.decision) } : {}),
          comments: s.review?.comments ?? [],
        })),
      licenses: v.licenses.map((l) => ({
        file: l.file,
        ...(l.license_id ? { license_id: l.license_id } : {}),
        ...(l.customer ? { customer: l.customer } : {}),
        ...(l.status_at_export ? { status_at_export: l.status_at_export } : {}),
        ...(l.expires_at ? { expires_at: l.expires_at } : {}),
        trusted: l.trusted,
      })),
      audit: {
        entries: v.stats.audit_entries,
        ...(v.stats.first_seq !== undefined ? { first_seq: v.stats.first_seq } : {}),
        ...(v.stats.last_seq !== undefined ? { last_seq: v.stats.last_seq } : {}),
        ...(v.stats.first_ts ? { first_ts: v.stats.first_ts } : {}),
        ...(v.stats.last_ts ? { last_ts: v.stats.last_ts } : {}),
      },
    };
  });

  // What the auditor decided, and what is left: findings above info and review items.
  const decidable = subjects.filter((s) => s.decidable && !(s.kind === 'finding' && s.severity === 'info'));
  const decided = decidable.filter((s) => s.review?.decision).map(item);
  const undecided = decidable.filter((s) => !s.review?.decision).map(item);
  const annotated = subjects.filter((s) => !s.decidable && s.review && (s.review.comments.length > 0 || s.review.tags.length > 0 || s.review.starred)).map(item);

  // Reveals: every successful one of the case's replay scope, per actor; the patterns from the review items.
  const reveals = listReveals(c.store, { successfulOnly: true });
  const items = subjects.filter((s) => s.kind === 'review');
  const offHours = new Set(items.filter((s) => s.code === 'off_hours').map((s) => `${s.bundleId}:${s.seq}`));
  const perActor = new Map<string, { reveals: number; off_hours: number }>();
  for (const r of reveals) {
    const a = perActor.get(r.actor) ?? { reveals: 0, off_hours: 0 };
    a.reveals++;
    if (offHours.has(`${r.bundleId}:${r.seq}`)) a.off_hours++;
    perActor.set(r.actor, a);
  }
  const itemsByKind: Record<string, number> = {};
  for (const s of items) itemsByKind[s.code!] = (itemsByKind[s.code!] ?? 0) + 1;

  const erasures = listErasures(c.store).flatMap((e) => {
    if (!e.certificateId) return [];
    const installation = c.store.bundle(e.bundleId)?.installation_id ?? undefined;
    return [
      {
        ...(installation ? { installation } : {}),
        certificate_id: e.certificateId,
        ...(e.tenant ? { tenant: e.tenant } : {}),
        ...(e.request?.receivedAt ? { received_at: e.request.receivedAt } : {}),
        ...(e.timings.dueBefore ? { due_before: e.timings.dueBefore } : {}),
        ...(e.execution?.ts ? { executed_at: e.execution.ts } : {}),
        status: e.timings.late === undefined ? ('unknown' as const) : e.timings.late ? ('late' as const) : ('on_time' as const),
        findings: e.findings.length,
      },
    ];
  });

  // Custody up to the last entry that changed the case's evidence or review: a report made from it adds
  // report.create entries, which must not change what the same report says when made again.
  const check = verifyCustody(c.db);
  const records = readCustody(c.db).filter((r) => !REPORT_ACTIONS.has(r.action));
  const lastRecord = records.at(-1);
  const actions: Record<string, number> = {};
  for (const r of records) actions[r.action] = (actions[r.action] ?? 0) + 1;

  let asOf: string | undefined;
  for (const b of bundles) asOf = later(asOf, b.exported_at);
  for (const s of subjects) {
    for (const d of s.review?.decisions ?? []) asOf = later(asOf, d.at);
    for (const m of s.review?.comments ?? []) asOf = later(asOf, m.at);
  }
  asOf = later(asOf, lastRecord?.ts) ?? new Date(0).toISOString();

  const annex = input.annexTag !== undefined ? { tag: input.annexTag, items: subjects.filter((s) => s.review?.tags.includes(input.annexTag!)).map(item) } : undefined;

  const facts: Omit<AuditReportFacts, 'report_id'> = {
    format: AUDIT_REPORT_FORMAT,
    case: { id: c.id, name: basename(c.path).replace(/\.natalia-case$/, '') },
    as_of: asOf,
    workstation_version: input.workstation_version,
    signer: input.signer,
    bundles,
    review: { decided, undecided, annotated, orphaned: orphanReviews(c.store).length },
    reveals: {
      total: reveals.length,
      by_actor: [...perActor.entries()].map(([actor, n]) => ({ actor, ...n })).sort((a, b) => b.reveals - a.reveals || a.actor.localeCompare(b.actor)),
      off_hours: itemsByKind.off_hours ?? 0,
      repeated_numbers: itemsByKind.repeated_number ?? 0,
      items_by_kind: itemsByKind,
    },
    erasures,
    custody: {
      intact: check.ok,
      entries: records.length,
      last_seq: lastRecord?.seq ?? 0,
      last_hash: lastRecord?.hash ?? '',
      last_at: lastRecord?.ts ?? '',
      actions,
    },
    ...(annex ? { annex } : {}),
    limits: [...AUDIT_LIMITS],
  };
  // The id names this content: the same case and review give the same id, any change another.
  return { ...facts, report_id: `AUD-${sha256Hex(canonicalize(facts)).slice(0, 12).toUpperCase()}` };
}

/** The JSON twin's bytes: stable member order, trailing newline. */
export function serializeAuditFacts(facts: AuditReportFacts): string {
  return JSON.stringify(facts, null, 2) + '\n';
}
