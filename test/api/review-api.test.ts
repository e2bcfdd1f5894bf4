// The review methods through the dispatcher both transports use, on the real
// engine: the screens list what there is to review, decide, tag, comment,
// filter and save views with the very engine functions the CLI calls.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobOutcome, ReviewEventView, ReviewSubjectView, SavedViewInfo, SubjectReviewView } from '../../shared/api/contract.js';
import { createEngine } from '../../shared/api/engine.js';
import type { EnginePort } from '../../shared/api/engine-port.js';
import { createDispatcher, createHandlers, type Dispatch, type Handlers } from '../../shared/api/handlers.js';
import type { OutputFile } from '../../shared/api/delivery.js';
import { produceAuditReport } from '../../shared/engine/reports/audit-report.js';
import { verifyReportSignature } from '../../shared/engine/reports/signing/report-signature.js';
import { CaseFile } from '../../shared/engine/case/case-file.js';
import { reviewSubjects } from '../../shared/engine/review/case-subjects.js';

const SAMPLE = join(process.cwd(), 'test', 'fixtures', 'samples', 'minimal');
const bag = join(SAMPLE, 'natalia-evidence-NAT-EC94-0782-20260302T091407Z');

let dir: string;
let engine: EnginePort;
let handlers: Handlers;
let dispatch: Dispatch;
let caseId: string;
const offered: OutputFile[] = [];
const finished: JobOutcome[] = [];

async function ok<T>(method: string, request: unknown): Promise<T> {
  const r = await dispatch(method, request);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'natalia-review-api-'));
  engine = await createEngine({ workspace: join(dir, 'cases'), keyHome: join(dir, 'home') });
  handlers = createHandlers({
    engine,
    emit: (event, payload) => {
      if (event === 'job.finished') finished.push(payload as JobOutcome);
    },
    resolveSource: async (s) => (s.kind === 'path' ? s.path : ''),
    version: 't',
    delivery: { kind: 'download', offer: (f) => (offered.push(f), String(offered.length)) },
  });
  dispatch = createDispatcher(handlers);
  caseId = (await ok<{ id: string }>('cases.create', { name: 'Review' })).id;
  const { jobId } = await ok<{ jobId: string }>('bundles.import', { caseId, source: { kind: 'path', path: bag }, trust: { kind: 'path', path: join(SAMPLE, 'trust-roots.json') } });
  for (let i = 0; i < 600 && !finished.some((f) => f.jobId === jobId); i++) await new Promise((r) => setTimeout(r, 50));
  expect(finished.find((f) => f.jobId === jobId)?.outcome).toBe('done');
}, 60_000);

afterAll(async () => {
  await handlers.drain();
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

describe('review through the API', () => {
  it('lists the same subjects as the engine, decides, and filters on undecided', async () => {
    const { subjects, defaultReviewer } = await ok<{ subjects: ReviewSubjectView[]; defaultReviewer: string }>('review.list', { caseId });
    expect(defaultReviewer).not.toBe('');
    const path = (await ok<{ path: string }>('cases.get', { caseId })).path;
    const c = CaseFile.open(path, { readonly: true });
    expect(subjects.map((s) => s.subject)).toEqual(reviewSubjects(c.store).map((s) => s.subject));
    c.close();
    const item = subjects.find((s) => s.kind === 'review')!;
    const r = await ok<{ recorded: boolean; review: SubjectReviewView }>('review.annotate', {
      caseId,
      subject: item.subject,
      change: { kind: 'decision', decision: 'false_positive', reason: 'On-call engineer, rota NOC-2026-09.' },
      reviewer: 'auditor.claire',
    });
    expect(r.recorded).toBe(true);
    expect(r.review.decision).toMatchObject({ decision: 'false_positive', reason: 'On-call engineer, rota NOC-2026-09.', reviewer: 'auditor.claire' });
    const undecided = await ok<{ subjects: ReviewSubjectView[] }>('review.list', { caseId, filter: { decision: 'undecided' } });
    expect(undecided.subjects.map((s) => s.subject)).not.toContain(item.subject);
    expect(undecided.subjects.length).toBe(subjects.filter((s) => s.decidable).length - 1);
    const history = await ok<ReviewEventView[]>('review.history', { caseId, subject: item.subject });
    expect(history.map((h) => [h.kind, h.value, h.reviewer])).toEqual([['decision', 'false_positive', 'auditor.claire']]);
    const custody = await ok<{ action: string }[]>('custody.list', { caseId });
    expect(custody.at(-1)!.action).toBe('review.annotate');
    expect((await ok<{ ok: boolean }>('custody.check', { caseId })).ok).toBe(true);
  });

  it('refuses a false positive without a reason, and a bad change, with invalid_request and nothing recorded', async () => {
    const { subjects } = await ok<{ subjects: ReviewSubjectView[] }>('review.list', { caseId, filter: { kinds: ['review'], decision: 'undecided' } });
    const s = subjects[0]!;
    const noReason = await dispatch('review.annotate', { caseId, subject: s.subject, change: { kind: 'decision', decision: 'false_positive' }, reviewer: 'x' });
    expect(noReason).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringMatching(/needs a reason/) } });
    const badKind = await dispatch('review.annotate', { caseId, subject: s.subject, change: { kind: 'erase' }, reviewer: 'x' });
    expect(badKind).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const onErasure = await dispatch('review.annotate', {
      caseId,
      subject: (await ok<{ subjects: ReviewSubjectView[] }>('review.list', { caseId, filter: { kinds: ['erasure'] } })).subjects[0]!.subject,
      change: { kind: 'decision', decision: 'accepted' },
      reviewer: 'x',
    });
    expect(onErasure).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringMatching(/Only findings and review items take a decision/) } });
    expect(await ok<ReviewEventView[]>('review.history', { caseId, subject: s.subject })).toEqual([]);
  });

  it('tags and stars anything, and filters on them', async () => {
    const { subjects } = await ok<{ subjects: ReviewSubjectView[] }>('review.list', { caseId, filter: { kinds: ['erasure'] } });
    const e = subjects[0]!;
    await ok('review.annotate', { caseId, subject: e.subject, change: { kind: 'tag', tag: 'for Marc' }, reviewer: 'auditor.claire' });
    await ok('review.annotate', { caseId, subject: e.subject, change: { kind: 'star' }, reviewer: 'auditor.claire' });
    const tagged = await ok<{ subjects: ReviewSubjectView[] }>('review.list', { caseId, filter: { tag: 'for Marc', starred: true } });
    expect(tagged.subjects.map((s) => s.subject)).toEqual([e.subject]);
    expect(tagged.subjects[0]!.review).toMatchObject({ tags: ['for Marc'], starred: true });
  });

  it('names the review subject of an entry and an erasure the screens show, as review.list names them', async () => {
    const bundleId = (await ok<{ bundles: { id: string }[] }>('cases.get', { caseId })).bundles[0]!.id;
    const entry = await ok<{ reviewSubject: string }>('audit.entry', { caseId, bundleId, seq: 3 });
    expect(entry.reviewSubject).toBe('entry:NAT-EC94-0782:3');
    await ok('review.annotate', { caseId, subject: entry.reviewSubject, change: { kind: 'comment', text: 'Seen.' }, reviewer: 'auditor.claire' });
    const entries = await ok<{ subjects: ReviewSubjectView[] }>('review.list', { caseId, filter: { kinds: ['entry'] } });
    expect(entries.subjects.map((s) => [s.subject, s.seq])).toEqual([[entry.reviewSubject, 3]]);
    const paths = await ok<{ certificateId: string; reviewSubject?: string }[]>('erasures.list', { caseId, bundleId });
    const listed = (await ok<{ subjects: ReviewSubjectView[] }>('review.list', { caseId, filter: { kinds: ['erasure'] } })).subjects;
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.map((p) => p.reviewSubject)).toEqual(paths.map((p) => listed.find((s) => s.certificateId === p.certificateId)!.subject));
  });

  it('saves, lists and deletes views of the audit and reveals screens', async () => {
    expect(await ok('views.save', { caseId, screen: 'audit', name: 'Denied reveals', filter: { action: 'phone.reveal', outcome: 'denied' } })).toEqual({ saved: true });
    expect(await ok('views.save', { caseId, screen: 'reveals', name: 'Undecided', filter: { decision: 'undecided' } })).toEqual({ saved: true });
    const views = await ok<SavedViewInfo[]>('views.list', { caseId, screen: 'audit' });
    expect(views).toMatchObject([{ name: 'Denied reveals', screen: 'audit', filter: { action: 'phone.reveal', outcome: 'denied' } }]);
    expect(await ok('views.delete', { caseId, screen: 'audit', name: 'Denied reveals' })).toEqual({ deleted: true });
    expect((await ok<SavedViewInfo[]>('views.list', { caseId })).map((v) => v.name)).toEqual(['Undecided']);
    expect(await dispatch('views.save', { caseId, screen: 'audit', name: 'x', filter: [1] })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });
});

describe('the Audit report button (audit.report)', () => {
  it('offers the signed PDF and JSON twin the command makes (same bytes for the same name), recorded in custody', async () => {
    const r = await ok<{ delivery: string; files: { name: string; role: string; sha256: string }[]; notes: string[] }>('audit.report', { caseId, lang: 'fr' });
    expect(r.delivery).toBe('download');
    expect(r.files.map((f) => [f.name, f.role])).toEqual([
      ['findings-report-Review-fr.pdf', 'report'],
      ['findings-report-Review-fr.pdf.sig.json', 'signature'],
      ['findings-report-Review-fr.json', 'twin'],
      ['findings-report-Review-fr.json.sig.json', 'signature'],
    ]);
    expect(r.notes[0]).toMatch(/^AUD-[0-9A-F]{12}: 1 bundle, 0 findings above info\.$/);
    const pdf = offered.find((f) => f.name === 'findings-report-Review-fr.pdf')!;
    const sig = offered.find((f) => f.name === 'findings-report-Review-fr.pdf.sig.json')!;
    expect(verifyReportSignature(pdf.content, JSON.parse(sig.content.toString('utf8')))).toMatchObject({ valid: true, signature: { kind: 'audit-pdf' } });
    const path = (await ok<{ path: string }>('cases.get', { caseId })).path;
    const c = CaseFile.open(path, { readonly: true });
    const again = await produceAuditReport(c, { lang: 'fr', fileName: 'findings-report-Review-fr.pdf', keyHome: join(dir, 'home'), rootFingerprints: {} });
    c.close();
    expect(again.files[0].content.equals(pdf.content)).toBe(true);
    const custody = await ok<{ action: string; details: { kind?: string } }[]>('custody.list', { caseId });
    expect(custody.slice(-2).map((e) => [e.action, e.details.kind])).toEqual([
      ['report.create', 'audit-pdf'],
      ['report.create', 'audit-json'],
    ]);
  });
});
