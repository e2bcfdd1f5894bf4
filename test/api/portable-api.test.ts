// A portable case through the dispatcher both transports use: exported with
// the same engine function as `case-export` (a download in web mode, a save
// dialog on the desktop, the file on disk either way), and opened on a second
// workstation as a new case with the same verdicts and decisions; refused
// files are named as the user knows them and create no case.
import { copyFileSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, CaseSummary, JobOutcome, PortableExportDelivery, PortableReceiptView, ReviewSubjectView } from '../../shared/api/contract.js';
import { createEngine } from '../../shared/api/engine.js';
import type { EnginePort } from '../../shared/api/engine-port.js';
import { createDispatcher, createHandlers, type Dispatch, type Handlers } from '../../shared/api/handlers.js';
import type { OutputFile, StagedFile } from '../../shared/api/delivery.js';
import { DownloadStore } from '../../shared/server/downloads.js';
import { verifyReportSignature } from '../../shared/engine/reports/signing/report-signature.js';
import { sha256Hex } from '../../shared/engine/crypto/hash.js';

const SAMPLE = join(process.cwd(), 'test', 'fixtures', 'samples', 'minimal');
const bag = join(SAMPLE, 'natalia-evidence-NAT-EC94-0782-20260302T091407Z');

let dir: string;
const engines: EnginePort[] = [];
const all: Handlers[] = [];
const store = new DownloadStore();
const small: OutputFile[] = [];

interface Workstation {
  dispatch: Dispatch;
  ok<T>(method: string, request: unknown): Promise<T>;
  finished: JobOutcome[];
}

async function workstation(name: string, delivery: 'download' | { saveTo: string }): Promise<Workstation> {
  const engine = await createEngine({ workspace: join(dir, name, 'cases'), keyHome: join(dir, name, 'home') });
  const finished: JobOutcome[] = [];
  const handlers = createHandlers({
    engine,
    emit: (event, payload) => {
      if (event === 'job.finished') finished.push(payload as JobOutcome);
    },
    resolveSource: async (s) => (s.kind === 'path' ? s.path : join(dir, 'uploads', s.uploadId)),
    version: 't',
    delivery:
      delivery === 'download'
        ? { kind: 'download', offer: (f) => (small.push(f), `small-${small.length - 1}`), offerFile: (f: StagedFile) => store.offerFile(f) }
        : { kind: 'save-dialog', choose: async (r) => join(delivery.saveTo, r.defaultName) },
  });
  engines.push(engine);
  all.push(handlers);
  const dispatch = createDispatcher(handlers);
  return {
    dispatch,
    finished,
    async ok<T>(method: string, request: unknown): Promise<T> {
      const r = await dispatch(method, request);
      if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
      return r.value as T;
    },
  };
}

let claire: Workstation;
let caseId: string;
let decided: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'natalia-portable-api-'));
  await mkdir(join(dir, 'uploads'));
  claire = await workstation('claire', 'download');
  caseId = (await claire.ok<CaseSummary>('cases.create', { name: 'Acme 2026' })).id;
  const { jobId } = await claire.ok<{ jobId: string }>('bundles.import', { caseId, source: { kind: 'path', path: bag }, trust: { kind: 'path', path: join(SAMPLE, 'trust-roots.json') } });
  for (let i = 0; i < 600 && !claire.finished.some((f) => f.jobId === jobId); i++) await new Promise((r) => setTimeout(r, 50));
  expect(claire.finished.find((f) => f.jobId === jobId)?.outcome).toBe('done');
  const { subjects } = await claire.ok<{ subjects: ReviewSubjectView[] }>('review.list', { caseId, filter: { kinds: ['review'] } });
  decided = subjects[0]!.subject;
  for (const change of [
    { kind: 'tag', tag: 'for-marc' },
    { kind: 'decision', decision: 'justified', reason: 'On-call rota' },
  ]) {
    await claire.ok('review.annotate', { caseId, subject: decided, change, reviewer: 'auditor.claire' });
  }
  await claire.ok('review.annotate', { caseId, subject: subjects[1]!.subject, change: { kind: 'comment', text: 'Only for me' }, reviewer: 'auditor.claire' });
}, 60_000);

afterAll(async () => {
  for (const h of all) await h.drain();
  for (const e of engines) await e.close();
  await store.clear();
  await rm(dir, { recursive: true, force: true });
});

/** A downloaded file, as the browser would save it into the uploads of the second workstation. */
function asUpload(name: string, bytes: Buffer): { kind: 'upload'; uploadId: string; name: string } {
  const uploadId = sha256Hex(name).slice(0, 32);
  writeFileSync(join(dir, 'uploads', uploadId), bytes);
  return { kind: 'upload', uploadId, name };
}

describe('a portable case through the API', () => {
  it('web mode: the part tagged for a colleague downloads from disk; the colleague opens it with the same verdicts and decision', async () => {
    const d = await claire.ok<PortableExportDelivery>('cases.exportPortable', { caseId, tag: 'for-marc' });
    expect(d.delivery).toBe('download');
    expect(d.part).toEqual({ tag: 'for-marc', subjects: 1, withheld: 1 });
    expect(d.files.map((f) => [f.name, f.role])).toEqual([
      ['Acme 2026-for-marc-for-a-colleague.natalia-case', 'case'],
      ['Acme 2026-for-marc-for-a-colleague.natalia-case.sig.json', 'signature'],
    ]);
    const offered = store.get(d.files[0]!.downloadId!);
    expect(offered?.path).toBeDefined();
    const bytes = readFileSync(offered!.path!);
    expect(sha256Hex(bytes)).toBe(d.files[0]!.sha256);
    const sig = small[Number(d.files[1]!.downloadId!.split('-')[1])]!;
    expect(verifyReportSignature(bytes, JSON.parse(sig.content.toString('utf8')))).toMatchObject({ valid: true, signature: { kind: 'portable-case', file: d.files[0]!.name } });
    // The staging folder is gone: the store holds the only copy.
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith('natalia-export-')).filter((n) => existsSync(join(tmpdir(), n, d.files[0]!.name)))).toEqual([]);

    const marc = await workstation('marc', 'download');
    const key = await claire.ok<PortableExportDelivery>('reports.exportKey', {});
    const keyFile = small[Number(key.files[0]!.downloadId!.split('-')[1])]!;
    const got = await marc.ok<PortableReceiptView>('cases.receivePortable', {
      file: asUpload('acme.natalia-case', bytes),
      signature: asUpload('acme.natalia-case.sig.json', sig.content),
      key: asUpload('claire-key.json', keyFile.content),
      name: 'From Claire',
    });
    expect(got).toMatchObject({ name: 'From Claire', file: 'acme.natalia-case', signer: { known: true, vouchedBy: 'key' }, bundles: 1, reviewEvents: 2, part: { tag: 'for-marc', subjects: 1 } });
    expect(got.filesChecked).toBeGreaterThan(5);
    const a = await claire.ok<CaseDetail>('cases.get', { caseId });
    const b = await marc.ok<CaseDetail>('cases.get', { caseId: got.caseId });
    expect(b.bundles.map((x) => [x.verdict, x.findingCounts])).toEqual(a.bundles.map((x) => [x.verdict, x.findingCounts]));
    const review = await marc.ok<{ subjects: ReviewSubjectView[] }>('review.list', { caseId: got.caseId, filter: { tag: 'for-marc' } });
    expect(review.subjects.map((s) => [s.subject, s.review?.decision?.decision])).toEqual([[decided, 'justified']]);

    // Refusals name the user's file and create nothing.
    const changed = Buffer.from(bytes);
    changed[changed.length - 1] = changed[changed.length - 1]! ^ 1;
    const bad = await marc.dispatch('cases.receivePortable', { file: asUpload('changed.natalia-case', changed), signature: asUpload('c.sig.json', sig.content), name: 'Changed' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(!bad.ok && bad.error.message).toMatch(/^The file changed\.natalia-case does not match its signature c\.sig\.json: the file was changed/);
    const noSig = await marc.dispatch('cases.receivePortable', { file: asUpload('alone.natalia-case', bytes), name: 'Alone' });
    expect(!noSig.ok && noSig.error.message).toMatch(/Choose the signature of alone\.natalia-case too/);
    const twice = await marc.dispatch('cases.receivePortable', { file: asUpload('again.natalia-case', bytes), signature: asUpload('again.sig.json', sig.content), name: 'From Claire' });
    expect(twice).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const cases = await marc.ok<CaseSummary[]>('cases.list', {});
    expect(cases.map((c) => c.name)).toEqual(['From Claire']);

    const none = await claire.dispatch('cases.exportPortable', { caseId, tag: 'nobody' });
    expect(!none.ok && none.error.message).toMatch(/No item of the case is tagged "nobody"/);
  }, 60_000);

  it('desktop: written where the save dialog says, with its signature; the case folder is refused', async () => {
    const out = join(dir, 'saved');
    await mkdir(out);
    const desk = await workstation('claire', { saveTo: out });
    const d = await desk.ok<PortableExportDelivery>('cases.exportPortable', { caseId });
    expect(d.delivery).toBe('saved');
    expect(d.part).toBeUndefined();
    const path = join(out, 'Acme 2026-for-a-colleague.natalia-case');
    expect(d.files.map((f) => f.path)).toEqual([path, path + '.sig.json']);
    expect(statSync(path).size).toBe(d.files[0]!.bytes);
    // Opened on the desktop from its path: the signature next to it is found.
    copyFileSync(path, join(dir, 'copy.natalia-case'));
    copyFileSync(path + '.sig.json', join(dir, 'copy.natalia-case.sig.json'));
    const marc = await workstation('marc2', 'download');
    const got = await marc.ok<PortableReceiptView>('cases.receivePortable', { file: { kind: 'path', path: join(dir, 'copy.natalia-case') }, name: 'Whole' });
    expect(got).toMatchObject({ file: 'copy.natalia-case', signer: { known: false, vouchedBy: null }, reviewEvents: 3 });

    const inCases = await workstation('claire', { saveTo: join(dir, 'claire', 'cases') });
    const refused = await inCases.dispatch('cases.exportPortable', { caseId });
    expect(!refused.ok && refused.error.message).toMatch(/Save it outside the folder of your cases/);
  }, 60_000);
});
