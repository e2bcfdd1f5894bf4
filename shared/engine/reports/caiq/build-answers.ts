// From a case's verified bundles and declared statements to one answer per
// CAIQ-Lite question. Pure: the same input gives the same answers, in the
// workbook's order.
//
// The one rule that matters most: an evidence-backed Yes is given only when
// every check the question needs passed on one bundle, and no bundle of the
// case failed any of them. A failed check gives No with the reason; evidence
// that was not provided leaves the question for the user to complete.
import { FINDING_CATALOG, type Finding } from '../../../model/findings.js';
import type { CheckId, CheckResult } from '../../../model/verification.js';
import type { CaiqAnswer, CaiqBundleEvidence, CaiqInput, Citation, DeclaredAnswer } from './answer-types.js';
import { validateDeclaredAnswer } from './answer-library.js';
import { BUNDLE_INTEGRITY_CHECKS, evidenceRule, type EvidenceRule } from './evidence-rules.js';
import { CAIQ_LITE, type LiteQuestion } from './lite-catalog.js';

/** Failure citations kept per check or finding code: enough to locate, not a finding dump. */
const MAX_FINDINGS_CITED = 3;

function checkOf(b: CaiqBundleEvidence, id: CheckId): CheckResult | undefined {
  return b.verification.checks.find((c) => c.id === id);
}

function bundleCitation(b: CaiqBundleEvidence): Pick<Citation, 'bundle' | 'bundle_sha256'> {
  const v = b.verification;
  return { bundle: v.bundle.name, ...(v.bundle.sha256 ? { bundle_sha256: v.bundle.sha256 } : {}) };
}

/** Seq range or row count a check's citation covers, from the verification's statistics. */
function extent(b: CaiqBundleEvidence, id: CheckId): Pick<Citation, 'seq_first' | 'seq_last' | 'rows'> {
  const s = b.verification.stats;
  if (id.startsWith('audit.') && s.first_seq !== undefined && s.last_seq !== undefined) {
    return { seq_first: s.first_seq, seq_last: s.last_seq };
  }
  const rows: Partial<Record<CheckId, number | undefined>> = {
    'reveal.register': s.reveal_rows,
    'erasure.certificates': s.certificates,
    'erasure.execution': s.certificates,
    'dump.retention': s.dump_rows?.cdr,
    'dump.erasures': s.dump_rows?.erasures,
  };
  const r = rows[id];
  return r !== undefined ? { rows: r } : {};
}

/** One citation per file the check read (or one for the check when it names none). */
export function checkCitations(b: CaiqBundleEvidence, id: CheckId): Citation[] {
  const check = checkOf(b, id);
  const base: Citation = {
    kind: 'check',
    check: id,
    status: check?.status ?? 'not_provided',
    ...bundleCitation(b),
    ...extent(b, id),
    ...(check ? { note: check.summary } : {}),
  };
  const files = check?.files ?? [];
  if (files.length === 0) return [base];
  return files.map((file) => {
    const sha256 = b.file_sha256?.[file];
    return { ...base, file, ...(sha256 ? { sha256 } : {}) };
  });
}

function findingCitation(b: CaiqBundleEvidence, f: Finding, check?: CheckId): Citation {
  const sha256 = f.file ? b.file_sha256?.[f.file] : undefined;
  return {
    kind: 'check',
    ...(check ? { check, status: 'failed' as const } : {}),
    ...bundleCitation(b),
    finding: f.code,
    ...(f.file ? { file: f.file } : {}),
    ...(sha256 ? { sha256 } : {}),
    ...(f.line !== undefined ? { line: f.line } : {}),
    ...(f.seq !== undefined ? { seq_first: f.seq, seq_last: f.seq } : {}),
    note: f.message,
  };
}

function located(f: Finding): string {
  const at = [f.file, f.line !== undefined ? `line ${f.line}` : undefined, f.seq !== undefined ? `seq ${f.seq}` : undefined].filter(Boolean);
  return at.length > 0 ? ` (${at.join(', ')})` : '';
}

interface BundleOutcome {
  bundle: CaiqBundleEvidence;
  state: 'passed' | 'failed' | 'not_provided';
  failures: { sentence: string; citations: Citation[] }[];
  missing: string[];
}

function evaluateOnBundle(rule: EvidenceRule, b: CaiqBundleEvidence): BundleOutcome {
  const checks = [...BUNDLE_INTEGRITY_CHECKS, ...rule.checks];
  const failures: BundleOutcome['failures'] = [];
  const missing: string[] = [];
  const name = b.verification.bundle.name;
  for (const id of checks) {
    const c = checkOf(b, id);
    if (!c || c.status === 'not_provided') missing.push(`${id} was not provided`);
    else if (c.status === 'failed') {
      const count = c.findings ? ` (${c.findings} finding${c.findings === 1 ? '' : 's'})` : '';
      failures.push({ sentence: `check ${id} failed on bundle ${name}${count}: ${c.summary}`, citations: checkCitations(b, id) });
    }
  }
  const byCode = new Map<string, Finding[]>();
  for (const f of b.verification.findings) {
    if (!rule.failOn.includes(f.code)) continue;
    byCode.set(f.code, [...(byCode.get(f.code) ?? []), f]);
  }
  for (const [code, list] of [...byCode].sort(([a], [b2]) => a.localeCompare(b2))) {
    const first = list[0]!;
    const title = FINDING_CATALOG[first.code].title;
    const more = list.length > 1 ? ` and ${list.length - 1} more` : '';
    failures.push({
      sentence: `${title} [${code}] on bundle ${name}${located(first)}${more}`,
      citations: list.slice(0, MAX_FINDINGS_CITED).map((f) => findingCitation(b, f)),
    });
  }
  if (failures.length > 0) return { bundle: b, state: 'failed', failures, missing };
  if (missing.length === 0 && rule.requires) {
    const why = rule.requires(b);
    if (why) missing.push(why);
  }
  return { bundle: b, state: missing.length === 0 ? 'passed' : 'not_provided', failures, missing };
}

/** Oldest export first, so "the latest bundle" is the last one; ties keep the case's order. */
function byExport(bundles: CaiqBundleEvidence[]): CaiqBundleEvidence[] {
  return bundles
    .map((b, i) => ({ b, i }))
    .sort((x, y) => (x.b.verification.exported_at ?? '').localeCompare(y.b.verification.exported_at ?? '') || x.i - y.i)
    .map((x) => x.b);
}

/** Said wherever evidence answers a question the library also declares: the declared answer is never silently dropped. */
function unusedDeclaration(d: DeclaredAnswer): string {
  return `The declared answer in the library (${d.answer}, by ${d.author}) is not used: this question is answered from evidence only.`;
}

function evidenceAnswer(q: LiteQuestion, rule: EvidenceRule, bundles: CaiqBundleEvidence[], declared?: DeclaredAnswer): CaiqAnswer {
  const base = { question_id: q.id, domain: q.domain, topic: q.topic, csc_responsibilities: rule.csc ?? '' };
  const outcomes = byExport(bundles).map((b) => evaluateOnBundle(rule, b));
  const failed = outcomes.filter((o) => o.state === 'failed');
  if (failed.length > 0) {
    const failures = failed.flatMap((o) => o.failures);
    const sentences = failures.map((f) => f.sentence);
    return {
      ...base,
      basis: 'evidence',
      answer: 'No',
      ownership: rule.ownership,
      implementation: `Not met on the evidence verified: ${sentences.join('; ')}.`,
      citations: failures.flatMap((f) => f.citations),
      reason: sentences.join('; ') + (declared ? `. ${unusedDeclaration(declared)}` : ''),
      ...(declared ? { declaration_unused: true as const } : {}),
    };
  }
  const passed = outcomes.filter((o) => o.state === 'passed');
  if (passed.length > 0) {
    const latest = passed[passed.length - 1]!.bundle;
    return {
      ...base,
      basis: 'evidence',
      answer: 'Yes',
      ownership: rule.ownership,
      implementation: rule.describe(latest),
      citations: passed.flatMap((o) => [...BUNDLE_INTEGRITY_CHECKS, ...rule.checks].flatMap((id) => checkCitations(o.bundle, id))),
      ...(declared ? { reason: unusedDeclaration(declared), declaration_unused: true as const } : {}),
    };
  }
  const latest = outcomes[outcomes.length - 1];
  let reason = latest
    ? `Evidence not provided on bundle ${latest.bundle.verification.bundle.name}: ${latest.missing.join('; ')}.`
    : 'The case holds no verified bundle.';
  if (declared) reason += ` ${unusedDeclaration(declared)}`;
  return { ...needsInputAnswer(q, reason), ...(declared ? { declaration_unused: true as const } : {}) };
}

/** A question left to the person completing the questionnaire, with the reason. */
function needsInputAnswer(q: LiteQuestion, reason: string): CaiqAnswer {
  return {
    question_id: q.id,
    domain: q.domain,
    topic: q.topic,
    basis: 'needs_input',
    answer: null,
    ownership: null,
    implementation: '',
    csc_responsibilities: '',
    citations: [],
    reason,
  };
}

function declaredAnswer(q: LiteQuestion, d: DeclaredAnswer | undefined, bundles: CaiqBundleEvidence[]): CaiqAnswer {
  const base = { question_id: q.id, domain: q.domain, topic: q.topic };
  const needsInput = (reason: string): CaiqAnswer => needsInputAnswer(q, reason);
  if (!d) return needsInput('No evidence rule covers this question and the answer library holds no declared answer for it.');
  const problems = validateDeclaredAnswer(d);
  if (problems.length > 0) return needsInput(`The declared answer cannot be used: ${problems.join('; ')}.`);
  const citations: Citation[] = [];
  const contradicted: string[] = [];
  for (const e of d.evidence) {
    if (e.kind === 'document') {
      citations.push({ kind: 'document', title: e.title, ...(e.file ? { file: e.file } : {}), ...(e.sha256 ? { sha256: e.sha256 } : {}) });
      continue;
    }
    for (const b of byExport(bundles)) {
      const status = checkOf(b, e.check)?.status ?? 'not_provided';
      if (status === 'failed') contradicted.push(`check ${e.check} failed on bundle ${b.verification.bundle.name}`);
      if (status === 'passed') citations.push(...checkCitations(b, e.check));
    }
  }
  // A statement that leans on evidence which failed is not repeated: the user must review it.
  if (contradicted.length > 0) {
    return needsInput(`The declared answer by ${d.author} leans on evidence that failed (${contradicted.join('; ')}); review it before use.`);
  }
  return {
    ...base,
    basis: 'declared',
    answer: d.answer,
    ownership: d.answer === 'NA' ? null : (d.ownership ?? null),
    implementation: d.implementation,
    csc_responsibilities: d.csc_responsibilities ?? '',
    citations,
    declared_by: { author: d.author, declared_at: d.declared_at },
  };
}

/** One answer per CAIQ-Lite question, in the workbook's order. */
export function buildCaiqAnswers(input: CaiqInput): CaiqAnswer[] {
  const declared = new Map(input.declared.map((d) => [d.question_id, d]));
  return CAIQ_LITE.map((q) => {
    const rule = evidenceRule(q.id);
    return rule ? evidenceAnswer(q, rule, input.bundles, declared.get(q.id)) : declaredAnswer(q, declared.get(q.id), input.bundles);
  });
}

export interface CaiqSummary {
  total: number;
  evidence: number;
  declared: number;
  needs_input: number;
  yes: number;
  no: number;
  na: number;
}

export function summarizeAnswers(answers: CaiqAnswer[]): CaiqSummary {
  const count = (p: (a: CaiqAnswer) => boolean) => answers.filter(p).length;
  return {
    total: answers.length,
    evidence: count((a) => a.basis === 'evidence'),
    declared: count((a) => a.basis === 'declared'),
    needs_input: count((a) => a.basis === 'needs_input'),
    yes: count((a) => a.answer === 'Yes'),
    no: count((a) => a.answer === 'No'),
    na: count((a) => a.answer === 'NA'),
  };
}
