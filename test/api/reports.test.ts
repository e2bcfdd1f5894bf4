// The reports through the API, on the real engine: a case holding the
// minimal sample imported by the same dispatcher both transports use. The
// questionnaire's answers and citations, declared answers kept in the case
// with their custody entries, the exported files signed and byte-identical
// to the CLI's, the erasure report, the signing key, and both deliveries
// (downloads for web mode, a save dialog for the desktop).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type {
  ApiEvent,
  ApiEvents,
  CaiqQuestionnaire,
  CaseDetail,
  CustodyEntry,
  ErasureReportDelivery,
  JobOutcome,
  ReportDelivery,
  WorkstationKeyInfo,
} from '../../shared/api/contract.js';
import { saveDialogDelivery, type FileDelivery, type NativeSaveDialogOptions, type OutputFile, type SaveDialogRequest } from '../../shared/api/delivery.js';
import { createEngine } from '../../shared/api/engine.js';
import type { EnginePort } from '../../shared/api/engine-port.js';
import { createDispatcher, createHandlers, type Dispatch, type Handlers } from '../../shared/api/handlers.js';
import { runCaiq } from '../../shared/cli/commands/caiq.js';
import { runAnswers } from '../../shared/cli/commands/answers.js';
import { runErasureReport } from '../../shared/cli/commands/erasure-report.js';
import { verifyReportSignature } from '../../shared/engine/reports/signing/report-signature.js';
import { buildOfficialLikeWorkbook } from '../reports/helpers/official-workbook.js';
import type { CaiqDeclared, CaiqExportDelivery, CaiqLibraryImport } from '../../shared/api/contract.js';
import { pdfText } from '../reports/helpers/pdf-text.js';
import { sha256Hex } from '../../shared/engine/crypto/hash.js';

const SAMPLES = join(process.cwd(), 'test', 'fixtures', 'samples');
const minimal = { path: join(SAMPLES, 'minimal', 'natalia-evidence-NAT-EC94-0782-20260302T091407Z'), trust: join(SAMPLES, 'minimal', 'trust-roots.json') };
const CERT = 'ERC-2026-000017';

let dir: string;
let keyHome: string;
let engine: EnginePort;
let handlers: Handlers;
let dispatch: Dispatch;
let caseId: string;
let bundleId: string;
let casePath: string;
const events: { event: ApiEvent; payload: ApiEvents[ApiEvent] }[] = [];
/** What web mode's download store would hold. */
const offered = new Map<string, OutputFile>();
const downloads: FileDelivery = {
  kind: 'download',
  offer: (f) => {
    const id = `d${offered.size}`;
    offered.set(id, f);
    return id;
  },
};

async function ok<T>(method: string, request: unknown, d: Dispatch = dispatch): Promise<T> {
  const r = await d(method, request);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

function bytesOf(delivery: ReportDelivery, name: RegExp): Buffer {
  const f = delivery.files.find((x) => name.test(x.name));
  if (!f?.downloadId) throw new Error(`no file ${name} offered`);
  return offered.get(f.downloadId)!.content;
}

/** Runs a CLI command quietly; the key comes from NATALIA_AUDIT_HOME, as the engine's does from keyHome. */
async function cli(fn: (argv: string[]) => Promise<number>, argv: string[]): Promise<number> {
  const o = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const saved = process.env.NATALIA_AUDIT_HOME;
  process.env.NATALIA_AUDIT_HOME = keyHome;
  try {
    return await fn(argv);
  } finally {
    o.mockRestore();
    if (saved === undefined) delete process.env.NATALIA_AUDIT_HOME;
    else process.env.NATALIA_AUDIT_HOME = saved;
  }
}

const custody = () => ok<CustodyEntry[]>('custody.list', { caseId });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'natalia-api-reports-'));
  keyHome = join(dir, 'home');
  engine = await createEngine({ workspace: join(dir, 'cases'), keyHome });
  handlers = createHandlers({
    engine,
    emit: (event, payload) => events.push({ event, payload }),
    resolveSource: async (s) => (s.kind === 'path' ? s.path : ''),
    version: 't',
    delivery: downloads,
  });
  dispatch = createDispatcher(handlers);
  caseId = (await ok<{ id: string }>('cases.create', { name: 'Reports 2026' })).id;
  const { jobId } = await ok<{ jobId: string }>('bundles.import', { caseId, source: { kind: 'path', path: minimal.path }, trust: { kind: 'path', path: minimal.trust } });
  for (let i = 0; i < 600 && !events.some((e) => e.event === 'job.finished'); i++) await new Promise((r) => setTimeout(r, 50));
  const done = events.find((e) => e.event === 'job.finished' && (e.payload as JobOutcome).jobId === jobId)?.payload as JobOutcome;
  expect(done).toMatchObject({ outcome: 'done', verdict: 'trusted' });
  const detail = await ok<CaseDetail>('cases.get', { caseId });
  bundleId = detail.bundles[0]!.id;
  casePath = detail.path;
}, 120_000);

afterAll(async () => {
  await handlers?.drain();
  await engine?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('caiq.list', () => {
  it('answers the 138 questions of the current release, the evidence attached as support with citations linked to the bundle', async () => {
    const q = await ok<CaiqQuestionnaire>('caiq.list', { caseId });
    expect(q.version).toBe('4.1.0');
    expect(q.versions).toEqual(['4.0.3', '4.1.0']);
    expect(q.questions).toHaveLength(138);
    expect(q.domains).toHaveLength(17);
    expect(q.domains.reduce((n, d) => n + d.questions, 0)).toBe(138);
    expect(q.summary).toEqual({ total: 138, evidence: 0, supported: 9, carried: 0, declared: 0, needsInput: 138, yes: 0, no: 0, na: 0 });
    expect(q.ownerships).toContain('Not Determined');
    const v403 = await ok<CaiqQuestionnaire>('caiq.list', { caseId, version: '4.0.3' });
    expect(v403.questions).toHaveLength(124);
    expect(v403.ownerships).not.toContain('Not Determined');
    expect(v403.domains.map((d) => d.id)).toContain('IVS');
    expect(q.ownerships).toContain('Shared CSP and CSC');
    expect(q.checks.find((c) => c.id === 'audit.chain')).toEqual({ id: 'audit.chain', status: 'passed' });
    expect(q.asOf).toBe('2026-03-02T09:14:07.512Z');

    const log = q.questions.find((x) => x.questionId === 'LOG-04.1')!;
    expect(log).toMatchObject({ domain: 'LOG', kind: 'needs_input', answer: null, declarable: true });
    expect(log.support?.notShown).toContain('who can read or change the logs');
    const chain = log.citations.find((c) => c.check === 'audit.chain' && c.file === 'data/audit/audit-log.csv')!;
    expect(chain).toMatchObject({ kind: 'check', status: 'passed', bundleId, seqFirst: 1, seqLast: 130 });
    expect(chain.sha256).toMatch(/^[0-9a-f]{64}$/);

    // No rotation in the range: the evidence rule needs one, so the question stays open with the reason.
    const cek = q.questions.find((x) => x.questionId === 'CEK-12.1')!;
    expect(cek).toMatchObject({ kind: 'needs_input', answer: null, declarable: true });
    expect(cek.reason).toMatch(/no key rotation/);
    expect(q.questions.find((x) => x.questionId === 'HRS-11.1')).toMatchObject({ kind: 'needs_input', declarable: true });
  });

  it('refuses an unknown case', async () => {
    expect(await dispatch('caiq.list', { caseId: 'bm9wZQ' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('caiq.declare', () => {
  const hrs = { caseId: '', version: '4.1.0', questionId: 'HRS-11.1', answer: 'Yes', ownership: 'CSP-owned', description: 'Security awareness course at hiring and yearly.', leansOn: ['audit.chain'], author: 'ciso.marie' };

  it('keeps the statement in the case, with its custody entry, and the question becomes declared', async () => {
    const r = await ok<{ recorded: boolean; version: number }>('caiq.declare', { ...hrs, caseId });
    expect(r).toEqual({ recorded: true, version: 1 });
    const q = await ok<CaiqQuestionnaire>('caiq.list', { caseId });
    expect(q.summary).toMatchObject({ declared: 1, needsInput: 137 });
    const a = q.questions.find((x) => x.questionId === 'HRS-11.1')!;
    expect(a).toMatchObject({ kind: 'declared', answer: 'Yes', ownership: 'CSP-owned', description: hrs.description, declaredBy: { author: 'ciso.marie' } });
    expect(a.declared).toMatchObject({ version: 1, leansOn: ['audit.chain'], documents: [], author: 'ciso.marie' });
    // What it leans on is cited, from the case's bundle.
    expect(a.citations.some((c) => c.check === 'audit.chain' && c.bundleId === bundleId)).toBe(true);
    const entry = (await custody()).find((e) => e.action === 'answer.declare')!;
    expect(entry.details).toMatchObject({ question_id: 'HRS-11.1', version: 1, answer: 'Yes', author: 'ciso.marie' });
    expect(entry.summary).toBe('CAIQ answer declared: HRS-11.1 Yes (CSP-owned) by ciso.marie, version 1');
  });

  it('records nothing when the form says what the case already holds, a new version when it changes', async () => {
    expect(await ok('caiq.declare', { ...hrs, caseId })).toEqual({ recorded: false, version: 1 });
    expect(await ok('caiq.declare', { ...hrs, caseId, answer: 'NA', ownership: 'CSP-owned', description: 'No staff: a one-person company.' })).toEqual({ recorded: true, version: 2 });
    const a = (await ok<CaiqQuestionnaire>('caiq.list', { caseId })).questions.find((x) => x.questionId === 'HRS-11.1')!;
    // NA leaves the ownership blank, whatever the form sent.
    expect(a).toMatchObject({ answer: 'NA', ownership: null, kind: 'declared' });
    expect((await custody()).filter((e) => e.action === 'answer.declare')).toHaveLength(2);
    await ok('caiq.declare', { ...hrs, caseId });
  });

  it("refuses what the library's rules refuse, in their words", async () => {
    const bad = async (patch: object) => dispatch('caiq.declare', { ...hrs, caseId, questionId: 'GRC-01.1', ...patch });
    expect(await bad({ ownership: undefined })).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringMatching(/ownership must be one of/) } });
    expect(await bad({ description: '   ' })).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringMatching(/description is empty/) } });
    expect(await bad({ questionId: 'GRC-99.9' })).toMatchObject({ ok: false, error: { code: 'invalid_request', message: 'GRC-99.9 is not a CAIQ-Lite question of CAIQ v4.1.0.' } });
    expect(await bad({ version: '4.0.3', ownership: 'Not Determined' })).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringMatching(/ownership must be one of/) } });
    expect(await bad({ leansOn: ['audit.nope'] })).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringMatching(/^request\.leansOn\[0\]/) } });
    expect(await bad({ ownership: 'Somebody else' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await bad({ questionId: '../../x' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect((await ok<CaiqQuestionnaire>('caiq.list', { caseId })).questions.find((x) => x.questionId === 'GRC-01.1')!.kind).toBe('needs_input');
  });
});

describe('caiq.export', () => {
  it('offers the signed workbook and CSV, records them in custody, byte-identical to the CLI', async () => {
    const before = (await custody()).length;
    const d = await ok<ReportDelivery>('caiq.export', { caseId });
    expect(d.delivery).toBe('download');
    expect(d.files.map((f) => [f.name, f.role])).toEqual([
      ['caiq-lite-Reports-2026.xlsx', 'report'],
      ['caiq-lite-Reports-2026.xlsx.sig.json', 'signature'],
      ['caiq-lite-Reports-2026.csv', 'twin'],
      ['caiq-lite-Reports-2026.csv.sig.json', 'signature'],
    ]);
    const key = await ok<WorkstationKeyInfo>('reports.key', {});
    expect(d.signedBy).toBe(key.kid);
    const csv = bytesOf(d, /\.csv$/);
    const verdict = verifyReportSignature(csv, JSON.parse(bytesOf(d, /\.csv\.sig\.json$/).toString('utf8')), { expectedKid: key.kid, fileName: 'caiq-lite-Reports-2026.csv' });
    expect(verdict).toMatchObject({ valid: true, notes: [] });
    const text = csv.toString('utf8');
    expect(text.split('\r\n')[0]).toBe(
      'question_id,topic,answer,ssrm_ownership,implementation,csc_responsibilities,basis,declared_by,declared_at,reason,citations,evidence_shows,evidence_does_not_show,caiq_version,trust',
    );
    expect(text).toMatch(/\r\nHRS-11\.1,[^\r]*,Yes,CSP-owned,/);
    expect(d.notes[0]).toBe('CAIQ v4.1.0, 138 questions: 1 declared, 0 answered No from the evidence, 137 still open; 9 supported by verified evidence.');

    const reports = (await custody()).slice(before);
    expect(reports.map((e) => [e.action, e.details.kind, e.details.file])).toEqual([
      ['report.create', 'caiq-workbook', 'caiq-lite-Reports-2026.xlsx'],
      ['report.create', 'caiq-csv', 'caiq-lite-Reports-2026.csv'],
    ]);
    expect(reports[0]!.details.sha256).toBe(d.files[0]!.sha256);

    // The same case through the command line gives the same bytes (same name, same key, same as-of date).
    const out = join(dir, 'cli', 'caiq-lite-Reports-2026.xlsx');
    await mkdir(join(dir, 'cli'));
    expect(await cli(runCaiq, [casePath, '--out', out])).toBe(0);
    expect(readFileSync(out).equals(bytesOf(d, /\.xlsx$/))).toBe(true);
    expect(readFileSync(out + '.sig.json').equals(bytesOf(d, /\.xlsx\.sig\.json$/))).toBe(true);
    expect(readFileSync(join(dir, 'cli', 'caiq-lite-Reports-2026.csv')).equals(csv)).toBe(true);
  });

  it('fills the official workbook the user gives in its release, keeps what the user typed unless told to overwrite, and says what it did', async () => {
    const wb = join(dir, 'CAIQv4.1.0-star_security_questionnaire.xlsx');
    await writeFile(wb, await buildOfficialLikeWorkbook({ version: '4.1.0' }));
    const d = await ok<CaiqExportDelivery>('caiq.export', { caseId, workbook: { kind: 'path', path: wb } });
    expect(d.notes.join(' ')).toMatch(/CAIQ v4\.1\.0.*Filled sheet "CAIQv4\.1\.0" of CAIQv4\.1\.0-star_security_questionnaire\.xlsx \(CAIQ v4\.1\.0\): 1 row written, 0 kept as you answered them, 0 missing/);
    expect(d.fill).toEqual({ sheet: 'CAIQv4.1.0', version: '4.1.0', written: ['HRS-11.1'], kept: [], missing: [], duplicates: [] });
    const typed = join(dir, 'typed.xlsx');
    await writeFile(typed, await buildOfficialLikeWorkbook({ version: '4.1.0', typed: { 'HRS-11.1': ['No', 'CSC-owned', 'Typed.'] } }));
    const kept = await ok<CaiqExportDelivery>('caiq.export', { caseId, workbook: { kind: 'path', path: typed } });
    expect(kept.notes.join(' ')).toMatch(/0 rows written, 1 kept as you answered it \(tick "Write over my answers" to replace them\).* kept: HRS-11\.1/);
    expect(kept.fill).toMatchObject({ written: [], kept: ['HRS-11.1'] });
    const over = await ok<CaiqExportDelivery>('caiq.export', { caseId, workbook: { kind: 'path', path: typed }, overwrite: true });
    expect(over.fill).toMatchObject({ written: ['HRS-11.1'], kept: [] });
    // In French, the same files: only the words the screen shows change.
    const fr = await ok<CaiqExportDelivery>('caiq.export', { caseId, workbook: { kind: 'path', path: typed }, lang: 'fr' });
    expect(fr.notes).toContain('conservées\u00a0: HRS-11.1');
    expect(fr.notes.join(' ')).toMatch(/^CAIQ v4\.1\.0, 138 questions\u00a0: 1 déclarées.*Feuille «\u00a0CAIQv4\.1\.0\u00a0» de typed\.xlsx remplie \(CAIQ v4\.1\.0\)\u00a0: 0 lignes écrites, 1 conservée telle que vous l’aviez remplie \(cochez «\u00a0Remplacer mes réponses\u00a0» pour les remplacer\)/);
    expect(bytesOf(fr, /\.xlsx$/).equals(bytesOf(kept, /\.xlsx$/))).toBe(true);
    // The v4.0.3 workbook answers v4.0.3: the v4.1 answer is proposed there for review, not written.
    const old = join(dir, 'CAIQv4.0.3_STAR-Security-Questionnaire.xlsx');
    await writeFile(old, await buildOfficialLikeWorkbook());
    const d403 = await ok<CaiqExportDelivery>('caiq.export', { caseId, workbook: { kind: 'path', path: old } });
    expect(d403.notes.join(' ')).toMatch(/CAIQ v4\.0\.3.*0 rows written/);
    expect(d403.fill).toMatchObject({ sheet: 'CAIQv4.0.3', version: '4.0.3', written: [] });
    expect(bytesOf(d, /\.xlsx$/).subarray(0, 2).toString('latin1')).toBe('PK');

    const notXlsx = join(dir, 'notes.xlsx');
    await writeFile(notXlsx, 'not a workbook');
    expect(await dispatch('caiq.export', { caseId, workbook: { kind: 'path', path: notXlsx } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', message: expect.stringMatching(/^The workbook cannot be filled: not an Excel workbook/) },
    });
    expect(await dispatch('caiq.export', { caseId, workbook: { kind: 'path', path: join(dir, 'missing.xlsx') } })).toMatchObject({ ok: false, error: { code: 'not_found' } });

    // A named pipe would block the engine's thread for ever if it were opened and read.
    const pipe = join(dir, 'workbook.xlsx');
    execFileSync('mkfifo', [pipe]);
    expect(await dispatch('caiq.export', { caseId, workbook: { kind: 'path', path: pipe } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', message: `Cannot read the workbook ${pipe}: it is a named pipe, not a file.` },
    });
  });
});

describe('the answer library from the screens', () => {
  const gov = { version: '4.1.0', questionId: 'GRC-01.2', answer: 'Yes', ownership: 'CSP-owned', description: 'The security programme is reviewed each year.', leansOn: [], author: 'ciso.marie' };

  it('attaches documents to an answer (name and SHA-256, the file only read), keeps them on edit unless dropped, and shows every version', async () => {
    const policy = join(dir, 'security-programme-2026.pdf');
    await writeFile(policy, 'the programme, signed by the board');
    const before = readFileSync(policy);
    expect(await ok('caiq.declare', { ...gov, caseId, attach: [{ kind: 'path', path: policy }] })).toEqual({ recorded: true, version: 1 });
    expect(readFileSync(policy).equals(before)).toBe(true);
    const q = (await ok<CaiqQuestionnaire>('caiq.list', { caseId })).questions.find((x) => x.questionId === 'GRC-01.2')!;
    expect(q.declared!.documents).toEqual([{ title: 'security-programme-2026.pdf', file: 'security-programme-2026.pdf', sha256: sha256Hex(before) }]);
    expect(q.citations.filter((c) => c.kind === 'document').map((c) => c.sha256)).toEqual([sha256Hex(before)]);

    // Edited without touching the documents: kept. Then dropped by its SHA-256.
    expect(await ok('caiq.declare', { ...gov, caseId, description: 'Reviewed each year by the board.' })).toEqual({ recorded: true, version: 2 });
    expect(await ok('caiq.declare', { ...gov, caseId, description: 'Reviewed each year by the board.', drop: [sha256Hex(before)] })).toEqual({ recorded: true, version: 3 });
    const h = await ok<CaiqDeclared[]>('caiq.history', { caseId, version: '4.1.0', questionId: 'GRC-01.2' });
    expect(h.map((v) => [v.version, v.superseded, v.documents.length, v.description])).toEqual([
      [1, true, 1, 'The security programme is reviewed each year.'],
      [2, true, 1, 'Reviewed each year by the board.'],
      [3, false, 0, 'Reviewed each year by the board.'],
    ]);
    expect(h[0]).toMatchObject({ author: 'ciso.marie', source: { kind: 'declare' } });
    expect(await dispatch('caiq.history', { caseId, version: '4.1.0', questionId: 'XYZ-01.1' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await dispatch('caiq.declare', { ...gov, caseId, attach: [{ kind: 'path', path: join(dir, 'no-such.pdf') }] })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('dates a statement when the user says it was made, never in the future', async () => {
    expect(await ok('caiq.declare', { ...gov, caseId, questionId: 'GRC-06.1', declaredAt: '2026-01-15' })).toMatchObject({ recorded: true });
    const [v] = await ok<CaiqDeclared[]>('caiq.history', { caseId, version: '4.1.0', questionId: 'GRC-06.1' });
    expect(v!.declaredAt).toBe('2026-01-15T00:00:00.000Z');
    const later = new Date(Date.now() + 3_600_000).toISOString();
    expect(await dispatch('caiq.declare', { ...gov, caseId, questionId: 'GRC-06.1', declaredAt: later })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', message: expect.stringMatching(/is in the future/) },
    });
  });

  it('exports the portable library as `answers export` writes it, and imports one into another case, all or none', async () => {
    const d = await ok<ReportDelivery>('caiq.exportLibrary', { caseId });
    expect(d.files.map((f) => [f.name, f.role])).toEqual([['caiq-answers-Reports-2026.json', 'report']]);
    const text = bytesOf(d, /\.json$/);
    const out = join(dir, 'cli', 'library.json');
    expect(await cli(runAnswers, ['export', casePath, '--out', out])).toBe(0);
    expect(readFileSync(out).equals(text)).toBe(true);

    const other = (await ok<{ id: string }>('cases.create', { name: 'Other 2026' })).id;
    const r = await ok<CaiqLibraryImport>('caiq.importLibrary', { caseId: other, file: { kind: 'path', path: out } });
    expect(r.unchanged).toBe(0);
    expect(r.recorded.map((x) => x.questionId).sort()).toEqual(JSON.parse(text.toString('utf8')).answers.map((a: { question_id: string }) => a.question_id).sort());
    expect(await ok<CaiqLibraryImport>('caiq.importLibrary', { caseId: other, file: { kind: 'path', path: out } })).toEqual({ recorded: [], unchanged: r.recorded.length });
    // Re-declared as the importer's own: their name and today, the file's author kept in the version's source.
    const third = (await ok<{ id: string }>('cases.create', { name: 'Third 2026' })).id;
    await ok('caiq.importLibrary', { caseId: third, file: { kind: 'path', path: out }, author: 'ciso.paul' });
    const h = await ok<CaiqDeclared[]>('caiq.history', { caseId: third, version: '4.1.0', questionId: 'GRC-01.2' });
    expect(h.at(-1)).toMatchObject({ author: 'ciso.paul', source: { kind: 'import', file: 'library.json' } });

    const broken = join(dir, 'broken.json');
    await writeFile(broken, JSON.stringify({ format: 'natalia-audit.caiq-answers.v1', answers: [{ question_id: 'GRC-01.2', answer: 'Maybe' }] }));
    const refused = await dispatch('caiq.importLibrary', { caseId: other, file: { kind: 'path', path: broken } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringMatching(/^broken\.json is not a usable answer library: /) } });
  });

  it('exports with a library file for this run only: its answers win, the case is not changed', async () => {
    const file = join(dir, 'run-answers.json');
    await writeFile(
      file,
      JSON.stringify({
        format: 'natalia-audit.caiq-answers.v1',
        answers: [{ caiq_version: '4.1.0', question_id: 'GRC-01.2', answer: 'No', ownership: 'CSP-owned', implementation: 'Not reviewed this year.', author: 'ciso.paul', declared_at: '2026-02-01T09:00:00.000Z', evidence: [] }],
      }),
    );
    const before = await ok<CaiqDeclared[]>('caiq.history', { caseId, version: '4.1.0', questionId: 'GRC-01.2' });
    const d = await ok<CaiqExportDelivery>('caiq.export', { caseId, answers: { kind: 'path', path: file } });
    expect(d.declared).toMatchObject({ fromFile: 1, replaced: ['GRC-01.2'] });
    expect(bytesOf(d, /\.csv$/).toString('utf8')).toMatch(/\r\nGRC-01\.2,[^\r]*,No,CSP-owned,/);
    expect(await ok<CaiqDeclared[]>('caiq.history', { caseId, version: '4.1.0', questionId: 'GRC-01.2' })).toEqual(before);
  });
});

describe('erasures.report', () => {
  it('offers the signed PDF and JSON twin, in the language asked, byte-identical to the CLI', async () => {
    const before = (await custody()).length;
    const d = await ok<ErasureReportDelivery>('erasures.report', { caseId, certificateId: CERT, lang: 'fr' });
    expect(d.files.map((f) => f.name)).toEqual([
      `erasure-report-${CERT}-fr.pdf`,
      `erasure-report-${CERT}-fr.pdf.sig.json`,
      `erasure-report-${CERT}-fr.json`,
      `erasure-report-${CERT}-fr.json.sig.json`,
    ]);
    expect(d.conclusions).toEqual([{ certificateId: CERT, conclusion: 'passed', notPassed: [] }]);
    const pdf = bytesOf(d, /\.pdf$/);
    const sig = JSON.parse(bytesOf(d, /\.pdf\.sig\.json$/).toString('utf8'));
    expect(verifyReportSignature(pdf, sig, { expectedKid: d.signedBy })).toMatchObject({ valid: true });
    expect(sig).toMatchObject({ kind: 'erasure-pdf', file: `erasure-report-${CERT}-fr.pdf` });
    const text = await pdfText(pdf);
    expect(text.flat).toContain(CERT);
    // (The PDF may wrap the name at a hyphen.)
    expect(text.flat.replace(/- /g, '-')).toContain(`erasure-report-${CERT}-fr.pdf.sig.json`);
    expect(JSON.parse(bytesOf(d, /fr\.json$/).toString('utf8'))).toMatchObject({ format: 'natalia-audit.erasure-report.v1', scope: { certificate_id: CERT } });

    const recorded = (await custody()).slice(before);
    expect(recorded.map((e) => [e.details.kind, e.details.bundle_id])).toEqual([
      ['erasure-pdf', Number(bundleId)],
      ['erasure-json', Number(bundleId)],
    ]);
    expect(recorded[0]!.summary).toBe(`Report written: erasure report (PDF), erasure-report-${CERT}-fr.pdf`);

    const out = join(dir, 'cli', `erasure-report-${CERT}-fr.pdf`);
    expect(await cli(runErasureReport, [casePath, CERT, '--lang', 'fr', '--out', out])).toBe(0);
    expect(readFileSync(out).equals(pdf)).toBe(true);
    expect(readFileSync(join(dir, 'cli', `erasure-report-${CERT}-fr.json`)).equals(bytesOf(d, /fr\.json$/))).toBe(true);
  });

  it('refuses an unknown certificate and a language it does not write', async () => {
    expect(await dispatch('erasures.report', { caseId, certificateId: 'ERC-0000-000000', lang: 'en' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await dispatch('erasures.report', { caseId, certificateId: CERT, lang: 'de' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await dispatch('erasures.report', { caseId, certificateId: '../etc/passwd', lang: 'en' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });
});

describe('in the screens\' language', () => {
  it('words the save dialog, the notes, the conclusions and the custody log in French when the call says fr', async () => {
    const asked: SaveDialogRequest[] = [];
    const folder = await mkdtemp(join(dir, 'fr-'));
    const d = createDispatcher(
      createHandlers({ engine, emit: () => {}, resolveSource: async (s) => (s.kind === 'path' ? s.path : ''), version: 't', delivery: { kind: 'save-dialog', choose: async (r) => (asked.push(r), join(folder, 'rapport')) } }),
    );
    const r = await d('erasures.report', { caseId, certificateId: CERT, lang: 'en' }, 'fr');
    if (!r.ok) throw new Error(r.error.message);
    const delivered = r.value as ErasureReportDelivery;
    expect(asked).toEqual([{ title: 'Enregistrer le rapport d’effacement', defaultName: `erasure-report-${CERT}-en.pdf`, filters: [{ name: 'Document PDF (.pdf)', extensions: ['pdf'] }] }]);
    // The report itself stays in the language asked for it; only what the screen shows follows the call.
    expect(delivered.files[0]!.name).toBe('rapport.pdf');
    expect(delivered.notes).toEqual(['Aucune relecture n’est consignée dans le dossier pour ce certificat\u00a0: le rapport le dit.']);
    const log = await d('custody.list', { caseId }, 'fr');
    if (!log.ok) throw new Error(log.error.message);
    const entries = log.value as CustodyEntry[];
    expect(entries[0]!.summary).toBe('Dossier créé');
    expect(entries.at(-2)!.summary).toBe('Rapport écrit\u00a0: rapport d’effacement (PDF), rapport.pdf');
    expect(entries[0]!.actor).toMatch(/ sur .+ \(poste t\)$|\(poste /);
    // Without a language, as the CLI's tests and older pages call, English.
    expect((await custody())[0]!.summary).toBe('Case created');
    expect(await d('erasures.report', { caseId, certificateId: 'ERC-0000-000000', lang: 'en' }, 'fr')).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('the signing key', () => {
  it('is shown and exported in the form recipients check reports with', async () => {
    const key = await ok<WorkstationKeyInfo>('reports.key', {});
    expect(key).toMatchObject({ format: 'natalia-audit.workstation-public-key.v1', kid: expect.stringMatching(/^[0-9a-f]{16}$/) });
    const d = await ok<ReportDelivery>('reports.exportKey', {});
    expect(d.files).toHaveLength(1);
    expect(d.files[0]).toMatchObject({ name: `natalia-audit-workstation-key-${key.kid}.json`, role: 'key' });
    expect(JSON.parse(bytesOf(d, /\.json$/).toString('utf8'))).toEqual({ format: key.format, kid: key.kid, public_key: key.publicKey, created_at: key.createdAt });
  });
});

describe('the desktop delivery: a save dialog in the main process', () => {
  function desktop(choose: (r: SaveDialogRequest) => Promise<string | null>) {
    const h = createHandlers({ engine, emit: () => {}, resolveSource: async (s) => (s.kind === 'path' ? s.path : ''), version: 't', delivery: { kind: 'save-dialog', choose } });
    return createDispatcher(h);
  }

  it('writes the files where the user chose, and the custody log says where', async () => {
    const folder = await mkdtemp(join(dir, 'saved-'));
    const asked: SaveDialogRequest[] = [];
    const d = desktop(async (r) => (asked.push(r), join(folder, 'dpo-report')));
    const r = await ok<ErasureReportDelivery>('erasures.report', { caseId, certificateId: CERT, lang: 'en' }, d);
    expect(asked).toEqual([{ title: 'Save the erasure report', defaultName: `erasure-report-${CERT}-en.pdf`, filters: [{ name: 'PDF document (.pdf)', extensions: ['pdf'] }] }]);
    expect(r.delivery).toBe('saved');
    expect(readdirSync(folder).sort()).toEqual(['dpo-report.json', 'dpo-report.json.sig.json', 'dpo-report.pdf', 'dpo-report.pdf.sig.json']);
    expect(r.files[0]!.path).toBe(join(folder, 'dpo-report.pdf'));
    const pdf = readFileSync(join(folder, 'dpo-report.pdf'));
    // The name chosen is the one signed and printed.
    expect(verifyReportSignature(pdf, JSON.parse(readFileSync(join(folder, 'dpo-report.pdf.sig.json'), 'utf8')), { fileName: 'dpo-report.pdf' })).toMatchObject({ valid: true, notes: [] });
    expect((await pdfText(pdf)).flat.replace(/- /g, '-')).toContain('dpo-report.pdf.sig.json');
    expect((await custody()).at(-2)!.details.file).toBe(join(folder, 'dpo-report.pdf'));
  });

  it('writes and records nothing when the dialog is closed', async () => {
    const before = (await custody()).length;
    const r = await ok<ReportDelivery>('caiq.export', { caseId }, desktop(async () => null));
    expect(r).toEqual({ delivery: 'cancelled', files: [], notes: [] });
    expect((await custody()).length).toBe(before);
  });

  it('never writes a report over one of its inputs', async () => {
    const wb = join(dir, 'official.xlsx');
    await writeFile(wb, await buildOfficialLikeWorkbook());
    const original = readFileSync(wb);
    const r = await desktop(async () => wb)('caiq.export', { caseId, workbook: { kind: 'path', path: wb } });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/it is an input of this report/) } });
    expect(readFileSync(wb).equals(original)).toBe(true);
    expect(existsSync(join(dir, 'official.csv'))).toBe(false);
  });

  it("drives Electron's native save dialog with the report's name, folder and filter", async () => {
    const shown: NativeSaveDialogOptions[] = [];
    const folder = await mkdtemp(join(dir, 'native-'));
    const d = saveDialogDelivery(async (o) => (shown.push(o), { canceled: false, filePath: join(folder, 'key') }), '/home/dpo/Documents/');
    const r = await ok<ReportDelivery>('reports.exportKey', {}, createDispatcher(createHandlers({ engine, emit: () => {}, resolveSource: async () => '', version: 't', delivery: d })));
    const key = await ok<WorkstationKeyInfo>('reports.key', {});
    expect(shown).toEqual([
      {
        title: 'Save the workstation public key',
        defaultPath: `/home/dpo/Documents/natalia-audit-workstation-key-${key.kid}.json`,
        filters: [{ name: 'Public key (.json)', extensions: ['json'] }],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      },
    ]);
    expect(r.files.map((f) => f.path)).toEqual([join(folder, 'key.json')]);
    expect(JSON.parse(readFileSync(join(folder, 'key.json'), 'utf8')).kid).toBe(key.kid);
    const closed = saveDialogDelivery(async () => ({ canceled: true }));
    expect(closed.kind === 'save-dialog' && (await closed.choose({ title: 't', defaultName: 'x.pdf', filters: [] }))).toBeNull();
  });

  it('answers unsupported where no delivery is wired', async () => {
    const h = createHandlers({ engine, emit: () => {}, resolveSource: async () => '', version: 't' });
    expect(await createDispatcher(h)('reports.exportKey', {})).toMatchObject({ ok: false, error: { code: 'unsupported' } });
  });
});
