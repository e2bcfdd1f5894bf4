// The API on the real engine: a case in a temporary workspace, the reference
// samples imported through the same dispatcher both transports use, and the
// screens' questions answered from the case (no stand-in anywhere).
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent, ApiEvents, AuditEntryDetail, AuditPage, CaseDetail, FileLines, JobOutcome } from '../../shared/api/contract.js';
import { createEngine } from '../../shared/api/engine.js';
import type { EnginePort } from '../../shared/api/engine-port.js';
import { createDispatcher, createHandlers, type Dispatch, type Handlers } from '../../shared/api/handlers.js';
import { caseFileStem, caseIdOf, stemOfId } from '../../shared/api/binding/case-registry.js';
import { windowOfLines } from '../../shared/api/binding/evidence-lines.js';

const SAMPLES = join(process.cwd(), 'test', 'fixtures', 'samples');
const minimal = { path: join(SAMPLES, 'minimal', 'natalia-evidence-NAT-EC94-0782-20260302T091407Z'), trust: join(SAMPLES, 'minimal', 'trust-roots.json') };
const inserts = { path: join(SAMPLES, 'inserts', 'natalia-evidence-NAT-0DF2-67CD-20260302T091407Z.tar.gz'), trust: join(SAMPLES, 'inserts', 'trust-roots.json') };

let dir: string;
let engine: EnginePort;
let handlers: Handlers;
let dispatch: Dispatch;
const events: { event: ApiEvent; payload: ApiEvents[ApiEvent] }[] = [];
let caseId: string;

async function ok<T>(method: string, request: unknown): Promise<T> {
  const r = await dispatch(method, request);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

async function jobFinished(seen: typeof events, jobId: string): Promise<JobOutcome> {
  for (let i = 0; i < 600; i++) {
    const done = seen.find((e) => e.event === 'job.finished' && (e.payload as JobOutcome).jobId === jobId);
    if (done) return done.payload as JobOutcome;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}

async function importAndWait(source: string, trust: string): Promise<JobOutcome> {
  const { jobId } = await ok<{ jobId: string }>('bundles.import', { caseId, source: { kind: 'path', path: source }, trust: { kind: 'path', path: trust } });
  return jobFinished(events, jobId);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'natalia-api-'));
  engine = await createEngine({ workspace: join(dir, 'cases') });
  handlers = createHandlers({ engine, emit: (event, payload) => events.push({ event, payload }), resolveSource: async (s) => (s.kind === 'path' ? s.path : ''), version: 't' });
  dispatch = createDispatcher(handlers);
});

afterAll(async () => {
  await handlers.drain();
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

describe('cases', () => {
  it('creates a case named by the user, refuses the same name twice', async () => {
    const c = await ok<{ id: string; name: string; bundleCount: number }>('cases.create', { name: '  Acme / audit: 2026?  ' });
    expect(c).toMatchObject({ name: 'Acme - audit- 2026-', bundleCount: 0 });
    caseId = c.id;
    expect(await dispatch('cases.create', { name: 'Acme / audit: 2026?' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await ok<{ id: string }[]>('cases.list', {})).toEqual([expect.objectContaining({ id: caseId })]);
    expect(await dispatch('cases.get', { caseId: caseIdOf('nope') })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('keeps case ids free of paths', () => {
    expect(caseFileStem('../../etc/passwd')).toBe('-..-etc-passwd');
    expect(caseFileStem('...')).toBe('Untitled case');
    expect(() => stemOfId(Buffer.from('../x').toString('base64url'))).toThrow();
    expect(stemOfId(caseIdOf('Acme 2026'))).toBe('Acme 2026');
  });
});

describe('imports', () => {
  it('imports a bag folder and an archive, reporting named stages', async () => {
    const a = await importAndWait(minimal.path, minimal.trust);
    expect(a).toMatchObject({ outcome: 'done', verdict: 'trusted' });
    const b = await importAndWait(inserts.path, inserts.trust);
    expect(b).toMatchObject({ outcome: 'done', verdict: 'trusted' });
    const stages = new Set(events.filter((e) => e.event === 'job.progress').map((e) => (e.payload as { stage: string }).stage));
    for (const s of ['extract', 'bag', 'license', 'audit', 'crosscheck', 'store']) expect(stages).toContain(s);
    const detail = await ok<CaseDetail>('cases.get', { caseId });
    expect(detail.bundles.map((x) => [x.form, x.auditEntries, x.verdict])).toEqual([
      ['directory', 130, 'trusted'],
      ['tar.gz', 128, 'trusted'],
    ]);
  });

  it('refuses the same bundle twice and what is not a bundle, with codes', async () => {
    expect(await importAndWait(minimal.path, minimal.trust)).toMatchObject({ outcome: 'failed', error: { code: 'conflict' } });
    const notBundle = join(dir, 'notes.zip');
    await writeFile(notBundle, 'not a zip');
    expect(await importAndWait(notBundle, minimal.trust)).toMatchObject({ outcome: 'failed', error: { code: 'unreadable_evidence' } });
    expect(await importAndWait(join(SAMPLES, 'full', 'natalia-evidence-NAT-CE90-8A2C-20260302T091407Z.zip'), join(dir, 'missing-trust.json'))).toMatchObject({ outcome: 'failed', error: { code: 'invalid_request' } });
    expect((await ok<CaseDetail>('cases.get', { caseId })).bundles).toHaveLength(2);
  });
});

describe('screens', () => {
  const ref = () => ({ caseId, bundleId: '1' });

  it('pages, filters, sorts and locates audit entries in SQL', async () => {
    const all = await ok<AuditPage>('audit.query', { ...ref(), filter: {}, sort: { field: 'seq', direction: 'desc' }, offset: 0, limit: 5 });
    expect(all.total).toBe(130);
    expect(all.rows.map((r) => r.seq)).toEqual([130, 129, 128, 127, 126]);
    const reveals = await ok<AuditPage>('audit.query', { ...ref(), filter: { action: 'phone.reveal' }, sort: { field: 'actor', direction: 'asc' }, offset: 0, limit: 1000 });
    expect(reveals.total).toBe(13);
    expect(reveals.rows.every((r) => r.action === 'phone.reveal')).toBe(true);
    const actors = reveals.rows.map((r) => r.actor);
    expect(actors).toEqual([...actors].sort());
    // Its position in this order, as the explorer scrolls to it.
    const target = reveals.rows[7]!;
    expect(await ok('audit.locate', { ...ref(), filter: { action: 'phone.reveal' }, sort: { field: 'actor', direction: 'asc' }, seq: target.seq })).toEqual({ index: 7 });
    expect(await ok('audit.locate', { ...ref(), filter: { action: 'auth.login' }, sort: { field: 'seq', direction: 'asc' }, seq: target.seq })).toEqual({ index: null });
    const window = await ok<AuditPage>('audit.query', { ...ref(), filter: { from: '2026-02-20T00:00:00.000Z', to: '2026-02-21T00:00:00.000Z' }, sort: { field: 'ts', direction: 'asc' }, offset: 0, limit: 1000 });
    expect(window.rows.every((r) => r.ts >= '2026-02-20' && r.ts < '2026-02-21')).toBe(true);
    const facets = await ok<{ total: number; actions: string[] }>('audit.facets', ref());
    expect(facets.total).toBe(130);
    expect(facets.actions).toContain('phone.reveal');
  });

  it('gives an entry with its location and checks', async () => {
    const e = await ok<AuditEntryDetail>('audit.entry', { ...ref(), seq: 42 });
    expect(e.entry.seq).toBe(42);
    expect(e.location).toEqual({ file: 'data/audit/audit-log.csv', line: 43 });
    expect(e.status).toEqual({ hash: 'ok', link: 'ok', signature: 'ok', key: 'ok' });
    expect(e.findings).toEqual([]);
    expect(await dispatch('audit.entry', { ...ref(), seq: 9999 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('shows evidence lines from the copy in the case (folder and archive)', async () => {
    const folder = await ok<FileLines>('evidence.lines', { ...ref(), file: 'data/audit/audit-log.csv', line: 43, context: 1 });
    expect(folder.firstLine).toBe(42);
    expect(folder.lines).toHaveLength(3);
    expect(folder.lines[1]!.startsWith('42,')).toBe(true);
    const archive = await ok<FileLines>('evidence.lines', { caseId, bundleId: '2', file: 'data/audit/audit-log.csv', line: 1, context: 0 });
    expect(archive.lines[0]).toMatch(/^seq,ts,tenant,actor,role,action,/);
    expect(await dispatch('evidence.lines', { ...ref(), file: 'data/audit/audit-log.csv', line: 100_000, context: 0 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await dispatch('evidence.lines', { ...ref(), file: 'data/nothing.txt', line: 1, context: 0 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('a folder or an overlong name in an archive bundle is a 400-kind refusal naming no internal path', async () => {
    const ask = (file: string) => dispatch('evidence.lines', { caseId, bundleId: '2', file, line: 1, context: 0 });
    for (const file of ['data', 'data/audit/', 'data/audit']) {
      const r = await ask(file);
      expect(r, file).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      if (!r.ok) expect(r.error.message).toMatch(/is a folder or a special file/);
    }
    const long = await ask('x'.repeat(512));
    expect(long).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    if (!long.ok) {
      expect(long.error.message).toMatch(/name that long \(x{120}… \(512 characters\)\)/);
      expect(long.error.message).not.toContain(tmpdir());
    }
    const deepName = await ask(`data/${'y'.repeat(300)}/z`);
    expect(deepName).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('answers reveals, erasures, license and custody', async () => {
    const t = await ok<{ total: number; byActor: { count: number }[] }>('reveals.timeline', ref());
    expect(t.total).toBe(13);
    expect(t.byActor.reduce((n, a) => n + a.count, 0)).toBe(13);
    const reg = await ok<{ total: number; rows: { audit_seq: number | null }[] }>('reveals.register', { ...ref(), offset: 0, limit: 5 });
    expect(reg.total).toBe(13);
    expect(reg.rows[0]!.audit_seq).toBeTypeOf('number');
    const er = await ok<{ certificateId: string; certificate: { signature: string }; deadline: { status: string } }[]>('erasures.list', ref());
    expect(er).toEqual([expect.objectContaining({ certificateId: 'ERC-2026-000017', certificate: expect.objectContaining({ signature: 'ok' }), deadline: expect.objectContaining({ status: 'on_time' }) })]);
    const lic = await ok<{ licenses: unknown[]; events: { action: string }[] }>('license.get', ref());
    expect(lic.licenses.length).toBe(1);
    expect(lic.events.some((e) => e.action === 'license.install')).toBe(true);
    const custody = await ok<{ action: string; hash: string }[]>('custody.list', { caseId });
    expect(custody.map((c) => c.action)).toEqual(['case.create', 'bundle.import', 'bundle.import']);
    const chain = await ok<{ ok: boolean; entries: number; headHash: string; problems: string[] }>('custody.check', { caseId });
    expect(chain).toEqual({ ok: true, entries: 3, headHash: (custody.at(-1) as { hash: string }).hash, problems: [], deep: false, rowsChecked: 0, rowsUncheckable: 0 });
  });
});

describe('which bundles count, and the deep custody check, through the API', () => {
  const ref = () => ({ caseId, bundleId: '1' });

  it('excludes a bundle and counts it again, each in custody; the case shows it', async () => {
    expect(await dispatch('bundles.exclude', { ...ref(), reason: '' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const ex = await ok<{ custodySeq: number }>('bundles.exclude', { ...ref(), reason: 'tampered copy, kept for comparison' });
    expect(await dispatch('bundles.exclude', { ...ref(), reason: 'again' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await dispatch('bundles.exclude', { caseId, bundleId: '99', reason: 'x' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const detail = await ok<CaseDetail>('cases.get', { caseId });
    expect(detail.bundles[0]!.excluded).toMatchObject({ reason: 'tampered copy, kept for comparison' });
    expect(detail.bundles[1]!.excluded).toBeUndefined();
    const inc = await ok<{ custodySeq: number }>('bundles.include', ref());
    expect(inc.custodySeq).toBe(ex.custodySeq + 1);
    expect((await ok<CaseDetail>('cases.get', { caseId })).bundles[0]!.excluded).toBeUndefined();
    const custody = await ok<{ action: string; summary: string }[]>('custody.list', { caseId });
    expect(custody.slice(-2).map((c) => c.summary)).toEqual([
      'Bundle excluded from the case: natalia-evidence-NAT-EC94-0782-20260302T091407Z (tampered copy, kept for comparison)',
      'Bundle counted again: natalia-evidence-NAT-EC94-0782-20260302T091407Z',
    ]);
  });

  it("verifies a bundle again under the workstation's trust store, and the deep check recomputes every import's rows", async () => {
    const saved = process.env.NATALIA_AUDIT_HOME;
    const home = join(dir, 'home-reverify');
    await mkdir(home, { recursive: true });
    process.env.NATALIA_AUDIT_HOME = home;
    try {
      // An empty trust store: what was trusted at import cannot be now.
      const r = await ok<{ verdict: string; previousVerdict: string }>('bundles.reverify', ref());
      expect(r).toMatchObject({ verdict: 'unverifiable', previousVerdict: 'trusted' });
      await copyFile(minimal.trust, join(home, 'trust-roots.json'));
      expect(await ok<{ verdict: string }>('bundles.reverify', ref())).toMatchObject({ verdict: 'trusted', previousVerdict: 'unverifiable' });
    } finally {
      if (saved === undefined) delete process.env.NATALIA_AUDIT_HOME;
      else process.env.NATALIA_AUDIT_HOME = saved;
    }
    const deep = await ok<{ ok: boolean; deep: boolean; rowsChecked: number }>('custody.check', { caseId, deep: true });
    expect(deep).toMatchObject({ ok: true, deep: true, rowsChecked: 2 });
    expect(await dispatch('custody.check', { caseId, deep: 'yes' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('names the installation of each erasure, and lists no pending request where every one was executed', async () => {
    const er = await ok<{ installationId: string }[]>('erasures.list', ref());
    expect(er.map((e) => e.installationId)).toEqual(['NAT-EC94-0782']);
    expect(await ok<unknown[]>('erasures.pending', ref())).toEqual([]);
  });
});

describe('files uploaded through the browser', () => {
  it("records the names the user uploaded, not the server's private copies", async () => {
    // What web mode's upload store does: each upload is a private copy under a name of the server's.
    const privateDir = join(dir, 'natalia-uploads-x');
    await mkdir(join(privateDir, 'a1b2c3d4e5f60718'), { recursive: true });
    await mkdir(join(privateDir, 'b1b2c3d4e5f60718'), { recursive: true });
    const bundleName = 'natalia-evidence-NAT-0DF2-67CD-20260302T091407Z.tar.gz';
    await copyFile(inserts.path, join(privateDir, 'a1b2c3d4e5f60718', bundleName));
    await copyFile(inserts.trust, join(privateDir, 'b1b2c3d4e5f60718', 'trust-roots.json'));
    const uploadEvents: { event: ApiEvent; payload: ApiEvents[ApiEvent] }[] = [];
    const h = createHandlers({
      engine,
      emit: (event, payload) => uploadEvents.push({ event, payload }),
      resolveSource: async (src) => (src.kind === 'upload' ? join(privateDir, src.uploadId, src.name) : src.path),
      version: 't',
    });
    const d = createDispatcher(h);
    const created = await d('cases.create', { name: 'Uploads' });
    if (!created.ok) throw new Error(created.error.message);
    const upCase = (created.value as { id: string }).id;
    const started = await d('bundles.import', {
      caseId: upCase,
      source: { kind: 'upload', uploadId: 'a1b2c3d4e5f60718', name: bundleName },
      trust: { kind: 'upload', uploadId: 'b1b2c3d4e5f60718', name: 'trust-roots.json' },
    });
    if (!started.ok) throw new Error(started.error.message);
    const outcome = await jobFinished(uploadEvents, (started.value as { jobId: string }).jobId);
    expect(outcome).toMatchObject({ outcome: 'done', verdict: 'trusted' });
    const bundleId = (outcome as { bundleId: string }).bundleId;

    const v = await d('verification.get', { caseId: upCase, bundleId });
    if (!v.ok) throw new Error(v.error.message);
    const result = v.value as { trust: { source: string }; bundle: { path: string }; checks: { id: string; summary: string }[] };
    expect(result.trust.source).toBe('trust-roots.json, uploaded through the browser');
    expect(result.bundle.path).toBe(`${bundleName}, uploaded through the browser`);
    expect(result.checks.find((c) => c.id === 'license.trust')!.summary).toContain('looked up in trust-roots.json, uploaded through the browser');
    const custody = await d('custody.list', { caseId: upCase });
    if (!custody.ok) throw new Error(custody.error.message);
    const imported = (custody.value as { action: string; details: Record<string, unknown> }[]).find((c) => c.action === 'bundle.import')!;
    expect(imported.details.source_path).toBe(`${bundleName}, uploaded through the browser`);
    // The private copies are named nowhere in what the case keeps.
    expect(JSON.stringify([result, custody.value])).not.toContain(privateDir);
  });
});

describe('line windows', () => {
  it('cuts on physical lines across chunks, keeps CR out and long lines short', async () => {
    const chunks = [Buffer.from('a,1\r\nb,'), Buffer.from('2\r\n'), Buffer.from('c'.repeat(5000) + '\r\nd')];
    const w = await windowOfLines(chunks, 2, 4);
    expect(w.lines[0]).toBe('b,2');
    expect(w.lines[1]!.length).toBeLessThan(2100);
    expect(w.truncated).toBe(true);
    expect(w.lines[2]).toBe('d');
  });
});

describe("the workstation's trust store, as the import panel shows it", () => {
  it('says it is empty, lists its roots with their fingerprints, and names a store that cannot be read', async () => {
    const saved = process.env.NATALIA_AUDIT_HOME;
    const home = join(dir, 'trust-home');
    process.env.NATALIA_AUDIT_HOME = home;
    try {
      const path = join(home, 'trust-roots.json');
      expect(await ok('trust.workstation', {})).toEqual({ path, roots: [] });
      await mkdir(home, { recursive: true });
      await copyFile(join(import.meta.dirname, '../fixtures/samples/minimal/trust-roots.json'), path);
      const listed = await ok<{ roots: { kid: string; label: string | null; fingerprint: string }[] }>('trust.workstation', {});
      expect(listed.roots).toHaveLength(1);
      expect(listed.roots[0]!.fingerprint).toMatch(new RegExp(`^${listed.roots[0]!.kid}[0-9a-f]{48}$`));
      await writeFile(path, 'not json');
      expect(await ok('trust.workstation', {})).toEqual({ path, roots: [], problem: expect.stringMatching(/trust-roots\.json .*is not JSON/) });
    } finally {
      if (saved === undefined) delete process.env.NATALIA_AUDIT_HOME;
      else process.env.NATALIA_AUDIT_HOME = saved;
    }
  });
});
