// The dispatcher both transports share: method and argument checks, error
// codes, and background imports with progress, completion and cancel. The
// engine port here is a scripted stand-in for the job mechanics only; the
// real engine behind the same handlers is exercised by test/api/engine.test.ts
// and the browser tests.
import { describe, expect, it } from 'vitest';
import type { ApiEvent, ApiEvents } from '../../shared/api/contract.js';
import type { EngineImportOptions, EnginePort } from '../../shared/api/engine-port.js';
import { createDispatcher, createHandlers, toApiError } from '../../shared/api/handlers.js';
import { ApiFailure } from '../../shared/api/result.js';

type Sent = { event: ApiEvent; payload: ApiEvents[ApiEvent] };

function setup(importImpl: (opts: EngineImportOptions) => Promise<{ bundleId: string; verdict: 'trusted' }>) {
  const events: Sent[] = [];
  const engine = new Proxy({} as EnginePort, {
    get(_t, prop) {
      if (prop === 'workspace') return '/cases';
      if (prop === 'getCase') return async (id: string) => {
        if (id !== 'c1') throw new ApiFailure('not_found', `No case ${id}.`);
        return { id, name: 'C', createdAt: '', bundleCount: 0, path: '/cases/c1', bundles: [] };
      };
      if (prop === 'importBundle') return async (_c: string, _p: string, o: EngineImportOptions) => importImpl(o);
      if (prop === 'listCases') return async () => {
        throw new Error('disk on fire');
      };
      return async () => {
        throw new ApiFailure('not_found', 'nothing here');
      };
    },
  });
  const handlers = createHandlers({
    engine,
    emit: (event, payload) => events.push({ event, payload }),
    resolveSource: async (s) => (s.kind === 'path' ? s.path : '/tmp/upload'),
    version: '9.9.9',
    progressIntervalMs: 50,
  });
  return { dispatch: createDispatcher(handlers), handlers, events };
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
};

describe('dispatcher', () => {
  it('refuses unknown methods and invalid requests with stable codes', async () => {
    const { dispatch } = setup(async () => ({ bundleId: '1', verdict: 'trusted' }));
    expect(await dispatch('fs.readFile', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await dispatch(42, {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await dispatch('cases.get', { caseId: 5 })).toMatchObject({ ok: false, error: { code: 'invalid_request', message: 'request.caseId: expected a string' } });
  });

  it('answers app.info and maps engine failures to codes, never stacks', async () => {
    const { dispatch } = setup(async () => ({ bundleId: '1', verdict: 'trusted' }));
    expect(await dispatch('app.info', {})).toEqual({ ok: true, value: { version: '9.9.9', workspace: '/cases', initialCaseId: undefined } });
    expect(await dispatch('cases.get', { caseId: 'nope' })).toEqual({ ok: false, error: { code: 'not_found', message: 'No case nope.' } });
    const r = await dispatch('cases.list', {});
    expect(r).toEqual({ ok: false, error: { code: 'internal', message: 'disk on fire' } });
  });
});

describe('imports', () => {
  it('runs in the background, throttles progress and reports the verdict', async () => {
    const { dispatch, events } = setup(async (o) => {
      for (let i = 0; i < 100; i++) o.onProgress({ stage: 'audit', label: 'Verifying', entries: i });
      o.onProgress({ stage: 'crosscheck', label: 'Cross' });
      return { bundleId: '7', verdict: 'trusted' };
    });
    const r = await dispatch('bundles.import', { caseId: 'c1', source: { kind: 'path', path: '/b.zip' } });
    expect(r.ok).toBe(true);
    const jobId = (r as { value: { jobId: string } }).value.jobId;
    await until(() => events.some((e) => e.event === 'job.finished'));
    const progress = events.filter((e) => e.event === 'job.progress');
    expect(progress.length).toBeLessThan(10);
    expect(progress.map((e) => (e.payload as { stage: string }).stage)).toContain('crosscheck');
    expect(events.at(-1)).toEqual({ event: 'job.finished', payload: { jobId, outcome: 'done', caseId: 'c1', bundleId: '7', verdict: 'trusted' } });
  });

  it('refuses an import into a missing case before any work', async () => {
    let started = false;
    const { dispatch } = setup(async () => ((started = true), { bundleId: '1', verdict: 'trusted' }));
    expect(await dispatch('bundles.import', { caseId: 'nope', source: { kind: 'path', path: '/b.zip' } })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(started).toBe(false);
  });

  it('cancels: the engine sees the abort and the page hears "cancelled"', async () => {
    let seen: AbortSignal | undefined;
    const { dispatch, events } = setup(
      (o) =>
        new Promise((_resolve, reject) => {
          seen = o.signal;
          o.signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
        }),
    );
    const r = (await dispatch('bundles.import', { caseId: 'c1', source: { kind: 'path', path: '/b.zip' } })) as { ok: true; value: { jobId: string } };
    expect(await dispatch('jobs.cancel', { jobId: r.value.jobId })).toEqual({ ok: true, value: { cancelled: true } });
    await until(() => events.some((e) => e.event === 'job.finished'));
    expect(seen?.aborted).toBe(true);
    expect(events.at(-1)).toEqual({ event: 'job.finished', payload: { jobId: r.value.jobId, outcome: 'cancelled', caseId: 'c1' } });
    expect(await dispatch('jobs.cancel', { jobId: r.value.jobId })).toEqual({ ok: true, value: { cancelled: false } });
  });

  it('reports a failed import with its code', async () => {
    const { dispatch, events } = setup(async () => {
      throw new ApiFailure('unreadable_evidence', 'Not a bundle: no bagit.txt.');
    });
    await dispatch('bundles.import', { caseId: 'c1', source: { kind: 'path', path: '/b.zip' } });
    await until(() => events.some((e) => e.event === 'job.finished'));
    expect(events.at(-1)?.payload).toMatchObject({ outcome: 'failed', error: { code: 'unreadable_evidence', message: 'Not a bundle: no bagit.txt.' } });
  });

  it('drain() cancels running jobs', async () => {
    const { dispatch, handlers, events } = setup(
      (o) => new Promise((_res, rej) => o.signal.addEventListener('abort', () => rej(new Error('stop')))),
    );
    await dispatch('bundles.import', { caseId: 'c1', source: { kind: 'path', path: '/b.zip' } });
    await handlers.drain();
    expect(events.at(-1)?.payload).toMatchObject({ outcome: 'cancelled' });
  });
});

describe('unexpected failures', () => {
  it('never carry a private path out of the process', () => {
    const fsError = Object.assign(new Error("EISDIR: illegal operation on a directory, read '/tmp/natalia-view-Ab12/extracted/bag/data'"), { code: 'EISDIR' });
    expect(toApiError(fsError)).toEqual({ code: 'internal', message: 'The workstation could not read or write one of its files (EISDIR).' });
    const other = toApiError(new Error('cannot use /tmp/natalia-uploads-x/1f/bundle.zip now'));
    expect(other.message).toBe('cannot use (a file of the workstation) now');
  });
});
