// The explorer's side-by-side view of an entry whose CSV and JSON lines copies
// differ, through the real verifier and the API: bags exported by the
// project's exporter, edited in the JSON lines log only, imported into a case,
// and the entry asked for as the screen asks for it.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntryDetail, JobOutcome } from '../../shared/api/contract.js';
import { createEngine } from '../../shared/api/engine.js';
import type { EnginePort } from '../../shared/api/engine-port.js';
import { createDispatcher, createHandlers, type Dispatch, type Handlers } from '../../shared/api/handlers.js';
import { MAX_KEPT_VALUES_CHARS } from '../../shared/engine/audit/export-compare.js';
import { exportBundle } from '../exporter/export-bundle.js';
import { locateEntry, rewriteAuditJsonl } from '../exporter/bag-edit.js';
import { applyTamper } from '../exporter/tamper.js';

const CSV = 'data/audit/audit-log.csv';
const JSONL = 'data/audit/audit-log.jsonl';

let dir: string;
let engine: EnginePort;
let handlers: Handlers;
let dispatch: Dispatch;
let caseId: string;
const finished: JobOutcome[] = [];

async function ok<T>(method: string, request: unknown): Promise<T> {
  const r = await dispatch(method, request);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

async function importBag(bag: string, trust: string): Promise<string> {
  const { jobId } = await ok<{ jobId: string }>('bundles.import', { caseId, source: { kind: 'path', path: bag }, trust: { kind: 'path', path: trust } });
  for (let i = 0; i < 1200; i++) {
    const o = finished.find((f) => f.jobId === jobId);
    if (o) {
      if (o.outcome !== 'done') throw new Error(`import ${o.outcome}`);
      return o.bundleId;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}

const entry = (bundleId: string, seq: number) => ok<AuditEntryDetail>('audit.entry', { caseId, bundleId, seq });

let source: { bag: string; trust: string };
/** A fresh copy of the exported bag, to edit. */
async function copyOfBag(name: string): Promise<string> {
  const bag = join(dir, name, 'bag');
  await cp(source.bag, bag, { recursive: true });
  return bag;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'natalia-copies-'));
  const made = await exportBundle({ outDir: join(dir, 'source'), seed: 'export-copies', entries: 300, form: 'directory', dump: 'none', reveals: 5, erasures: 0 });
  source = { bag: made.bagDir!, trust: made.trustRootsPath };
  engine = await createEngine({ workspace: join(dir, 'cases') });
  handlers = createHandlers({
    engine,
    emit: (event, payload) => event === 'job.finished' && finished.push(payload as JobOutcome),
    resolveSource: async (s) => (s.kind === 'path' ? s.path : ''),
    version: 't',
  });
  dispatch = createDispatcher(handlers);
  caseId = (await ok<{ id: string }>('cases.create', { name: 'Copies' })).id;
}, 120_000);

afterAll(async () => {
  await handlers?.drain();
  await engine?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('an entry whose two copies differ', () => {
  it('is given as both copies, whole, with the differing field named', async () => {
    const bag = await copyOfBag('user-agent');
    const expected = await applyTamper(bag, 'audit.csv_jsonl_mismatch');
    const bundleId = await importBag(bag, source.trust);
    const d = await entry(bundleId, expected.seq!);
    const { csvLine, jsonlLine } = await locateEntry(join(bag, CSV), join(bag, JSONL), expected.seq!);
    expect(d.copies).toBeDefined();
    const c = d.copies!;
    expect(c.fields).toEqual(['user_agent']);
    expect(c.missing).toBeUndefined();
    expect(c.firstSeq).toBe(expected.seq);
    expect(c.csv).toMatchObject({ file: CSV, line: csvLine });
    expect(c.jsonl).toMatchObject({ file: JSONL, line: jsonlLine });
    expect(c.jsonl.entry!.user_agent).toBe('curl/8.5.0');
    expect(c.csv.entry!.user_agent).not.toBe('curl/8.5.0');
    // The CSV copy is the entry the store holds; the JSON lines copy is it with its own user_agent.
    expect(c.csv.entry).toEqual(d.entry);
    expect({ ...c.jsonl.entry, user_agent: c.csv.entry!.user_agent }).toEqual(d.entry);
    // Its neighbours agree in both files: nothing to show side by side.
    expect((await entry(bundleId, expected.seq! - 1)).copies).toBeUndefined();
  });

  it('shows the JSON lines copy as that file holds it, details included, when the CSV was the one edited', async () => {
    const bag = await copyOfBag('both-sides');
    let original: Record<string, unknown> = {};
    await rewriteAuditJsonl(join(bag, JSONL), (e) => {
      if (e.seq !== 120) return null;
      original = e.details;
      return [{ ...e, motive: 'edited in JSON lines', details: { ...e.details, note: 'added' } }];
    });
    const bundleId = await importBag(bag, source.trust);
    const c = (await entry(bundleId, 120)).copies!;
    expect(c.fields).toEqual(['motive', 'details']);
    expect(c.jsonl.entry).toMatchObject({ seq: 120, motive: 'edited in JSON lines', details: { ...original, note: 'added' } });
    expect(c.csv.entry!.details).toEqual(original);
    expect(c.csv.entry!.motive).not.toBe('edited in JSON lines');
  });

  it('in a run of entries with the same difference, points the later ones to the first', async () => {
    const bag = await copyOfBag('run');
    await rewriteAuditJsonl(join(bag, JSONL), (e) => (e.seq >= 200 && e.seq <= 204 ? [{ ...e, request_id: `forged-${e.seq}` }] : null));
    const bundleId = await importBag(bag, source.trust);
    const first = (await entry(bundleId, 200)).copies!;
    expect(first).toMatchObject({ fields: ['request_id'], firstSeq: 200 });
    expect(first.jsonl.entry!.request_id).toBe('forged-200');
    const later = (await entry(bundleId, 203)).copies!;
    expect(later).toMatchObject({ fields: ['request_id'], firstSeq: 200, missing: 'run', csv: { file: CSV }, jsonl: { file: JSONL } });
    expect(later.csv.entry).toBeUndefined();
    expect(later.jsonl.line).toBeUndefined();
  });

  it('says the values were too long to keep rather than keeping a megabyte in a finding', async () => {
    const bag = await copyOfBag('long');
    await rewriteAuditJsonl(join(bag, JSONL), (e) => (e.seq === 150 ? [{ ...e, details: { ...e.details, blob: 'x'.repeat(MAX_KEPT_VALUES_CHARS) } }] : null));
    const bundleId = await importBag(bag, source.trust);
    const c = (await entry(bundleId, 150)).copies!;
    expect(c).toMatchObject({ fields: ['details'], missing: 'too_long', firstSeq: 150 });
    expect(c.jsonl.entry).toBeUndefined();
    expect(c.jsonl.line).toBeGreaterThan(0);
  });
});
