// From a case's verified bundles and declared statements to one answer per
// CAIQ-Lite question of one CAIQ release. Pure: the same input gives the same
// answers, in the workbook's order.
//
// An answer says no more than its checks show. No rule covers a whole
// question (evidence-rules.ts), so the evidence alone never answers Yes: a
// check that ran and found the control absent gives No with the located
// reason; evidence that passed is attached as support to the answer the user
// declares, with what it does not show; evidence that could not be verified
// leaves the question open with the reason, never No.
import { FINDING_CATALOG, type Finding } from '../../../model/findings.js';
import type { CheckId, CheckResult } from '../../../model/verification.js';
import type { CaiqAnswer, CaiqBundleEvidence, CaiqInput, Citation, DeclaredAnswer } from './answer-types.js';
import { validateDeclaredAnswer } from './answer-library.js';
import { bundleStanding } from './bundle-standing.js';
import { CAIQ_VERSIONS, counterpart, type CaiqVersion } from './caiq-versions.js';
import { BUNDLE_INTEGRITY_CHECKS, evidenceRule, type EvidenceRule } from './evidence-rules.js';
import { liteCatalog, type LiteQuestion } from './lite-catalog.js';

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
  /** absent: a check found the control absent; unverified: evidence the rule relies on failed. */
  state: 'passed' | 'absent' | 'unverified' | 'not_provided';
  failures: { sentence: string; citations: Citation[] }[];
  /** Why the evidence is unverified or missing. */
  missing: string[];
}

function evaluateOnBundle(rule: EvidenceRule, b: CaiqBundleEvidence): BundleOutcome {
  const failures: BundleOutcome['failures'] = [];
  const unverified: string[] = [];
  const missing: string[] = [];
  const name = b.verification.bundle.name;
  for (const id of [...rule.checks, ...rule.relies]) {
    const c = checkOf(b, id);
    if (!c || c.status === 'not_provided') missing.push(`${id} was not provided`);
    else if (c.status === 'failed') {
      if (rule.relies.includes(id)) {
        unverified.push(`check ${id} failed, so this evidence cannot be relied on`);
        continue;
      }
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
  // A failure seen on evidence that cannot be relied on (a check in `relies` failed) proves nothing
  // either way: the entries that show it may be forged, so it is unverified, never a No.
  if (unverified.length > 0) return { bundle: b, state: 'unverified', failures, missing: unverified };
  if (failures.length > 0) return { bundle: b, state: 'absent', failures, missing };
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

/** Said wherever the evidence answers No to a question the library also declares: the declared answer is never silently dropped. */
function unusedDeclaration(d: DeclaredAnswer): string {
  return `The declared answer in the library (${d.answer}, by ${d.author}) is not used: a check found the control absent.`;
}

/** What the declared answers of the case say, for one release: its own, and the other release's to carry. */
interface Declarations {
  version: CaiqVersion;
  own: Map<string, DeclaredAnswer>;
  /** This release's question id -> a declared answer of the other release that asks the same. */
  carried: Map<string, { answer: DeclaredAnswer; renumbered: boolean }>;
}

function declarations(version: CaiqVersion, declared: DeclaredAnswer[]): Declarations {
  const own = new Map(declared.filter((d) => d.caiq_version === version).map((d) => [d.question_id, d]));
  const carried = new Map<string, { answer: DeclaredAnswer; renumbered: boolean }>();
  for (const d of declared) {
    if (d.caiq_version === version) continue;
    const c = counterpart(d.question_id, d.caiq_version, version);
    if (c.id !== null && !own.has(c.id)) carried.set(c.id, { answer: d, renumbered: c.renumbered });
  }
  return { version, own, carried };
}

function evidenceAnswer(q: LiteQuestion, rule: EvidenceRule, bundles: CaiqBundleEvidence[], setAsideNote: string, decl: Declarations): CaiqAnswer {
  const declared = decl.own.get(q.id);
  const outcomes = byExport(bundles).map((b) => evaluateOnBundle(rule, b));
  const absent = outcomes.filter((o) => o.state === 'absent');
  if (absent.length > 0) {
    const failures = absent.flatMap((o) => o.failures);
    const sentences = failures.map((f) => f.sentence);
    const more = sentences.length > 1 ? ` (and ${sentences.length - 1} more, listed in the CSV)` : '';
    return {
      question_id: q.id,
      domain: q.domain,
      topic: q.topic,
      csc_responsibilities: '',
      basis: 'evidence',
      answer: 'No',
      ownership: rule.ownership,
      implementation: `Not met on the verified evidence: ${sentences[0]}${more}.`,
      citations: failures.flatMap((f) => f.citations),
      reason: sentences.join('; ') + (declared ? `. ${unusedDeclaration(declared)}` : ''),
      ...(declared ? { declaration_unused: true as const } : {}),
    };
  }
  const passed = outcomes.filter((o) => o.state === 'passed');
  const latest = passed.at(-1)?.bundle;
  const support = latest
    ? {
        support: { bundle: latest.verification.bundle.name, shows: rule.shows(latest), not_shown: rule.notShown },
        citations: [...BUNDLE_INTEGRITY_CHECKS, ...rule.checks, ...rule.relies].flatMap((id) => checkCitations(latest, id)),
      }
    : undefined;
  const open = outcomes.filter((o) => o.state !== 'passed').map((o) => `on bundle ${o.bundle.verification.bundle.name}: ${o.missing.join('; ')}`);
  const notes = [...(open.length && !latest ? [`Evidence not usable ${open.join('; ')}.`] : []), ...(setAsideNote ? [setAsideNote] : [])];
  const a = declaredAnswer(q, declared, decl, bundles);
  if (support) {
    const sup = `The verified evidence supports this question but does not show ${rule.notShown}.`;
    if (a.basis === 'declared') return { ...a, support: support.support, citations: [...a.citations, ...support.citations] };
    return {
      ...a,
      support: support.support,
      citations: support.citations,
      reason: [sup, declared || a.carried ? a.reason! : 'Declare the answer; the evidence is attached as support.', ...notes].join(' '),
    };
  }
  if (a.basis === 'declared') return a;
  const tail = declared || a.carried ? a.reason! : 'Declare the answer.';
  return { ...a, reason: [...(notes.length ? notes : ['The case holds no verified bundle.']), tail].join(' ') };
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

function carriedAnswer(q: LiteQuestion, version: CaiqVersion, c: { answer: DeclaredAnswer; renumbered: boolean }): CaiqAnswer {
  const d = c.answer;
  const how = c.renumbered ? `its control renumbered, ${d.question_id} there is ${q.id} here` : `the same control`;
  return {
    ...needsInputAnswer(
      q,
      `The library holds a CAIQ v${d.caiq_version} answer for this question (${d.question_id}, ${how}): ${d.answer} by ${d.author}. ` +
        `Review it and declare it for v${version} before it is used.`,
    ),
    carried: { from_version: d.caiq_version, from_question_id: d.question_id, renumbered: c.renumbered, answer: d },
  };
}

function declaredAnswer(q: LiteQuestion, d: DeclaredAnswer | undefined, decl: Declarations, bundles: CaiqBundleEvidence[]): CaiqAnswer {
  const base = { question_id: q.id, domain: q.domain, topic: q.topic };
  const needsInput = (reason: string): CaiqAnswer => needsInputAnswer(q, reason);
  if (!d) {
    const carried = decl.carried.get(q.id);
    if (carried) return carriedAnswer(q, decl.version, carried);
    return needsInput('No evidence rule covers this question and the answer library holds no declared answer for it.');
  }
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

/** One answer per CAIQ-Lite question of the input's release, in its workbook's order. */
export function buildCaiqAnswers(input: CaiqInput): CaiqAnswer[] {
  if (!CAIQ_VERSIONS.includes(input.version)) throw new Error(`unknown CAIQ version ${String(input.version)}`);
  const decl = declarations(input.version, input.declared);
  // Bundles that could not be verified are set aside, said where it matters; the others still count.
  const { counted, setAside } = bundleStanding(input.bundles);
  const setAsideNote = setAside.length ? `Set aside: ${setAside.map((s) => s.why).join('; ')}.` : '';
  return liteCatalog(input.version).map((q) => {
    const rule = evidenceRule(q.id, input.version);
    return rule ? evidenceAnswer(q, rule, counted, setAsideNote, decl) : declaredAnswer(q, decl.own.get(q.id), decl, counted);
  });
}

export interface CaiqSummary {
  total: number;
  /** Answered from the evidence (a check found the control absent). */
  evidence: number;
  /** Answers (declared or open) the verified evidence supports. */
  supported: number;
  declared: number;
  needs_input: number;
  /** Open questions with an answer of the other release to review. */
  carried: number;
  yes: number;
  no: number;
  na: number;
}

export function summarizeAnswers(answers: CaiqAnswer[]): CaiqSummary {
  const count = (p: (a: CaiqAnswer) => boolean) => answers.filter(p).length;
  return {
    total: answers.length,
    evidence: count((a) => a.basis === 'evidence'),
    supported: count((a) => a.support !== undefined),
    declared: count((a) => a.basis === 'declared'),
    needs_input: count((a) => a.basis === 'needs_input'),
    carried: count((a) => a.carried !== undefined),
    yes: count((a) => a.answer === 'Yes'),
    no: count((a) => a.answer === 'No'),
    na: count((a) => a.answer === 'NA'),
  };
}
