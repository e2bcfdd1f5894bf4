// The engine host on its worker thread, as web mode and Electron's main
// process use it: calls answered through messages with the same Results as
// the in-process handlers, import progress and outcome crossing back as
// events, the face's services (upload paths, downloads, the save dialog)
// asked for by the host, and an engine error keeping its API code across.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent, ApiEvents, CaseDetail, ErasureReportDelivery, FileSource, JobOutcome } from '../../shared/api/contract.js';
import type { OutputFile, SaveDialogRequest } from '../../shared/api/delivery.js';
import { ApiFailure } from '../../shared/api/result.js';
import type { EngineHost } from '../../shared/host/engine-host.js';
import { startWorkerHost } from '../../shared/host/worker-host.js';
import { verifyReportSignature } from '../../shared/engine/reports/signing/report-signature.js';

const SAMPLES = join(process.cwd(), 'test', 'fixtures', 'samples');
const minimal = { path: join(SAMPLES, 'minimal', 'natalia-evidence-NAT-EC94-0782-20260302T091407Z'), trust: join(SAMPLES, 'minimal', 'trust-roots.json') };
const full = { path: join(SAMPLES, 'full', 'natalia-evidence-NAT-CE90-8A2C-20260302T091407Z.zip'), trust: join(SAMPLES, 'full', 'trust-roots.json') };

let dir: string;
let host: EngineHost;
const events: { event: ApiEvent; payload: ApiEvents[ApiEvent] }[] = [];
const offered: OutputFile[] = [];
const resolved: FileSource[] = [];

async function ok<T>(method: string, request: unknown): Promise<T> {
  const r = await host.dispatch(method, request);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

async function finished(jobId: string): Promise<JobOutcome> {
  await expect.poll(() => events.some((e) => e.event === 'job.finished' && (e.payload as JobOutcome).jobId === jobId), { timeout: 120_000, interval: 50 }).toBe(true);
  return events.find((e) => e.event === 'job.finished' && (e.payload as JobOutcome).jobId === jobId)!.payload as JobOutcome;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'natalia-host-'));
  host = await startWorkerHost(
    { workspace: join(dir, 'cases'), keyHome: join(dir, 'home'), version: 'host-test' },
    {
      emit: (event, payload) => events.push({ event, payload }),
      resolveSource: async (source) => {
        resolved.push(source);
        if (source.kind === 'upload') throw new ApiFailure('not_found', 'That upload is gone.');
        return source.path;
      },
      delivery: {
        kind: 'download',
        offer: (file) => {
          offered.push(file);
          return `dl-${offered.length}`;
        },
      },
    },
  );
}, 180_000);

afterAll(async () => {
  await host?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the engine host on a worker thread', () => {
  it('answers the contract, validation and unknown methods included', async () => {
    expect(await ok<{ version: string; workspace: string }>('app.info', {})).toMatchObject({ version: 'host-test', workspace: join(dir, 'cases') });
    expect(await host.dispatch('no.such.method', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await host.dispatch('cases.get', { caseId: 42 })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await host.dispatch('cases.get', { caseId: 'bm9wZQ' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('imports on its own thread: progress and the outcome come back as events', async () => {
    const { id: caseId } = await ok<{ id: string }>('cases.create', { name: 'Hosted' });
    const { jobId } = await ok<{ jobId: string }>('bundles.import', { caseId, source: { kind: 'path', path: minimal.path }, trust: { kind: 'path', path: minimal.trust } });
    expect(await finished(jobId)).toMatchObject({ outcome: 'done', verdict: 'trusted', caseId });
    const stages = events.filter((e) => e.event === 'job.progress' && (e.payload as { jobId: string }).jobId === jobId).map((e) => (e.payload as { stage: string }).stage);
    expect(stages).toContain('audit');
    expect(stages.at(-1)).toBe('store');
    expect(resolved).toContainEqual({ kind: 'path', path: minimal.path });
    const detail = await ok<CaseDetail>('cases.get', { caseId });
    expect(detail.bundles).toEqual([expect.objectContaining({ verdict: 'trusted', name: 'natalia-evidence-NAT-EC94-0782-20260302T091407Z' })]);

    // The same bundle again: the import thread's DuplicateBundleError arrives as the API's conflict.
    const again = await ok<{ jobId: string }>('bundles.import', { caseId, source: { kind: 'path', path: minimal.path }, trust: { kind: 'path', path: minimal.trust } });
    expect(await finished(again.jobId)).toMatchObject({ outcome: 'failed', error: { code: 'conflict' } });
  }, 180_000);

  it('cancels an import running on its thread, leaving the case as it was', async () => {
    const { id: caseId } = await ok<{ id: string }>('cases.create', { name: 'Cancelled' });
    const { jobId } = await ok<{ jobId: string }>('bundles.import', { caseId, source: { kind: 'path', path: full.path }, trust: { kind: 'path', path: full.trust } });
    expect(await ok('jobs.cancel', { jobId })).toEqual({ cancelled: true });
    expect(await finished(jobId)).toMatchObject({ outcome: 'cancelled' });
    expect((await ok<CaseDetail>('cases.get', { caseId })).bundles).toEqual([]);
  }, 180_000);

  it("asks the face for what only the face has: an upload's path, a download", async () => {
    const hosted = (await ok<{ id: string; name: string }[]>('cases.list', {})).find((x) => x.name === 'Hosted')!;
    // The face's refusal keeps its code across the thread.
    expect(await host.dispatch('bundles.import', { caseId: hosted.id, source: { kind: 'upload', uploadId: 'a1b2c3d4e5f60718', name: 'b.zip' } })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: 'That upload is gone.' },
    });
    const detail = await ok<CaseDetail>('cases.get', { caseId: hosted.id });
    const cert = (await ok<{ certificateId: string }[]>('erasures.list', { caseId: hosted.id, bundleId: detail.bundles[0]!.id }))[0]!.certificateId;
    const d = await ok<ErasureReportDelivery>('erasures.report', { caseId: hosted.id, certificateId: cert, lang: 'en' });
    expect(d.delivery).toBe('download');
    expect(d.files.map((f) => f.downloadId)).toEqual(offered.map((_, i) => `dl-${i + 1}`));
    // The files reach the face whole, as Buffers, with their signatures valid.
    const pdf = offered.find((f) => f.name.endsWith('.pdf'))!;
    const sig = JSON.parse(offered.find((f) => f.name.endsWith('.pdf.sig.json'))!.content.toString('utf8'));
    expect(Buffer.isBuffer(pdf.content)).toBe(true);
    expect(verifyReportSignature(pdf.content, sig, { expectedKid: d.signedBy })).toMatchObject({ valid: true });
  }, 180_000);
});

describe('a host whose face saves through a dialog', () => {
  it('asks the face where to save, and writes nothing when the dialog is closed', async () => {
    const asked: SaveDialogRequest[] = [];
    const dialogHost = await startWorkerHost(
      { workspace: join(dir, 'cases'), keyHome: join(dir, 'home'), version: 'host-test' },
      {
        emit: () => {},
        resolveSource: async (s) => (s.kind === 'path' ? s.path : ''),
        delivery: {
          kind: 'save-dialog',
          choose: async (r) => {
            asked.push(r);
            return null;
          },
        },
      },
    );
    try {
      const r = await dialogHost.dispatch('reports.exportKey', {});
      expect(r).toEqual({ ok: true, value: { delivery: 'cancelled', files: [], notes: [] } });
      expect(asked).toEqual([expect.objectContaining({ title: 'Save the workstation public key' })]);
    } finally {
      await dialogHost.close();
    }
    // Closed: later calls are answered, never left waiting.
    expect(await dialogHost.dispatch('app.info', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  }, 180_000);
});
