// The reveals screen's filter through the dispatcher, on the full sample
// (964 register rows, 14 months): the same reveals as the CLI's `reveals`
// (listReveals with the same options), the register's rows selected by
// their own cells, review items under the filter, and their review keys the
// ones review.list decides on.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobOutcome, ReplayState, RevealRegisterPage, RevealTimeline, ReviewItem, ReviewSubjectView } from '../../shared/api/contract.js';
import { createEngine } from '../../shared/api/engine.js';
import type { EnginePort } from '../../shared/api/engine-port.js';
import { createDispatcher, createHandlers, type Dispatch, type Handlers } from '../../shared/api/handlers.js';
import { CaseFile } from '../../shared/engine/case/case-file.js';
import { listReveals } from '../../shared/engine/replay/reveal-history.js';
import { stateAt } from '../../shared/engine/replay/state-at.js';

const SAMPLE = join(process.cwd(), 'test', 'fixtures', 'samples', 'full');

let dir: string;
let engine: EnginePort;
let handlers: Handlers;
let dispatch: Dispatch;
let caseId: string;
let casePath: string;
const finished: JobOutcome[] = [];
const ref = () => ({ caseId, bundleId: '1' });

async function ok<T>(method: string, request: unknown): Promise<T> {
  const r = await dispatch(method, request);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/** What the CLI's `reveals` lists for these options. */
function cliReveals(filter: Parameters<typeof listReveals>[1]) {
  const c = CaseFile.open(casePath, { readonly: true });
  try {
    return listReveals(c.store, filter);
  } finally {
    c.close();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'natalia-reveals-filter-'));
  engine = await createEngine({ workspace: join(dir, 'cases'), keyHome: join(dir, 'home') });
  handlers = createHandlers({ engine, emit: (e, p) => e === 'job.finished' && finished.push(p as JobOutcome), resolveSource: async (s) => (s.kind === 'path' ? s.path : ''), version: 't' });
  dispatch = createDispatcher(handlers);
  caseId = (await ok<{ id: string }>('cases.create', { name: 'Reveals' })).id;
  const source = join(SAMPLE, 'natalia-evidence-NAT-CE90-8A2C-20260302T091407Z.zip');
  const { jobId } = await ok<{ jobId: string }>('bundles.import', { caseId, source: { kind: 'path', path: source }, trust: { kind: 'path', path: join(SAMPLE, 'trust-roots.json') } });
  for (let i = 0; i < 2400 && !finished.some((f) => f.jobId === jobId); i++) await new Promise((r) => setTimeout(r, 50));
  expect(finished.find((f) => f.jobId === jobId)?.outcome).toBe('done');
  casePath = (await ok<{ path: string }>('cases.get', { caseId })).path;
}, 180_000);

afterAll(async () => {
  await handlers.drain();
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the reveals filter, as the CLI', () => {
  it('counts the reveals of one actor and of one day as `reveals --actor` and `--from/--at` list them', async () => {
    const all = await ok<RevealTimeline>('reveals.timeline', ref());
    expect(all.total).toBe(cliReveals({}).length);
    expect(all.choices.actors.length).toBeGreaterThan(1);
    expect(all.choices.tenants.length).toBe(2);
    const actor = all.byActor[1]!.actor;
    const one = await ok<RevealTimeline>('reveals.timeline', { ...ref(), filter: { actor } });
    expect(one.total).toBe(cliReveals({ actor }).length);
    expect(one.total).toBe(all.byActor[1]!.count);
    expect(one.byActor).toEqual([{ actor, count: one.total }]);
    // Choices stay the bundle's, so the filter can be changed back.
    expect(one.choices).toEqual(all.choices);

    const day = all.byDay.reduce((a, b) => (b.count > a.count ? b : a));
    const period = { from: `${day.day}T00:00:00.000Z`, at: `${day.day}T23:59:59.999Z` };
    const that = await ok<RevealTimeline>('reveals.timeline', { ...ref(), filter: period });
    expect(that.byDay).toEqual([day]);
    expect(that.total).toBe(cliReveals(period).length);
  });

  it('selects register rows by their own cells, and says how many the register holds', async () => {
    const all = await ok<RevealTimeline>('reveals.timeline', ref());
    const tenant = all.choices.tenants[0]!;
    const page = await ok<RevealRegisterPage>('reveals.register', { ...ref(), filter: { tenant }, offset: 0, limit: 1000 });
    expect(page.all).toBe(964);
    expect(page.total).toBeGreaterThan(0);
    expect(page.total).toBeLessThan(964);
    expect(page.rows.every((r) => r.tenant === tenant)).toBe(true);
    const other = await ok<RevealRegisterPage>('reveals.register', { ...ref(), filter: { tenant: all.choices.tenants[1]! }, offset: 0, limit: 1 });
    expect(page.total + other.total).toBe(964);

    const row = page.rows[3]!;
    const ext = await ok<RevealRegisterPage>('reveals.register', { ...ref(), filter: { extension: Number(row.extension_id) }, offset: 0, limit: 1000 });
    expect(ext.rows.every((r) => r.extension_id === row.extension_id)).toBe(true);
    const when = await ok<RevealRegisterPage>('reveals.register', { ...ref(), filter: { from: row.ts, at: row.ts }, offset: 0, limit: 1000 });
    expect(when.rows.map((r) => r.reveal_id)).toContain(row.reveal_id);
    expect(when.rows.every((r) => Date.parse(r.ts) === Date.parse(row.ts))).toBe(true);
  });

  it('takes a phone pseudonym prefix as the tables print it, and refuses one that names nothing', async () => {
    const page = await ok<RevealRegisterPage>('reveals.register', { ...ref(), offset: 0, limit: 1 });
    const full = page.rows[0]!.phone_pseudonym;
    const prefix = `${full.slice(0, 10)}…`;
    const tl = await ok<RevealTimeline>('reveals.timeline', { ...ref(), filter: { phone: prefix } });
    expect(tl.phone).toBe(full);
    expect(tl.total).toBe(cliReveals({ phonePseudonym: full }).length);
    const reg = await ok<RevealRegisterPage>('reveals.register', { ...ref(), filter: { phone: prefix }, offset: 0, limit: 1000 });
    expect(reg.rows.every((r) => r.phone_pseudonym === full)).toBe(true);
    const none = await dispatch('reveals.timeline', { ...ref(), filter: { phone: '00000000' } });
    expect(none).toMatchObject({ ok: false, error: { code: 'invalid_request', message: 'No phone pseudonym of this case starts with 00000000.' } });
    const bad = await dispatch('reveals.register', { ...ref(), filter: { phone: 'alice' }, offset: 0, limit: 1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await dispatch('reveals.review', { ...ref(), filter: { from: 'yesterday' } })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('lists review items under the filter, each with the key review.list decides on', async () => {
    const items = await ok<ReviewItem[]>('reveals.review', ref());
    expect(items.length).toBeGreaterThan(0);
    const { subjects } = await ok<{ subjects: ReviewSubjectView[] }>('review.list', { caseId });
    const keys = new Set(subjects.map((s) => s.subject));
    for (const it of items) expect(keys, it.reviewSubject).toContain(it.reviewSubject);
    const actor = items.find((i) => i.actor !== undefined)!.actor!;
    const mine = await ok<ReviewItem[]>('reveals.review', { ...ref(), filter: { actor } });
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.length).toBeLessThan(items.length);
    expect(mine.every((i) => i.actor === actor)).toBe(true);
    // Filtered, the items are still the case's subjects (the same keys review.list holds).
    for (const it of mine) expect(keys, it.reviewSubject).toContain(it.reviewSubject);
  });
});

describe('the state at a time T (replay.state), as `replay --at`', () => {
  it('gives what stateAt gives: extensions, erased, pending requests, users, reveals so far', async () => {
    const at = '2025-10-01T02:00:00+02:00';
    const s = await ok<ReplayState>('replay.state', { caseId, at });
    const c = CaseFile.open(casePath, { readonly: true });
    const cli = stateAt(c.store, '2025-10-01T00:00:00.000Z');
    c.close();
    expect(s.at).toBe('2025-10-01T00:00:00.000Z');
    expect(s.extensions.map((x) => x.id)).toEqual(cli.extensions.map((x) => x.id));
    expect(s.erased.map((x) => x.certificateId)).toEqual(cli.erased.map((x) => x.certificateId));
    expect(s.pendingErasures.map((p) => [p.seq, p.daysLeft])).toEqual(cli.pendingErasures.map((p) => [p.seq, p.daysLeft]));
    expect(s.users.map((u) => u.username)).toEqual(cli.users.map((u) => u.username));
    expect(s.reveals.count).toBe(cli.reveals.count);
    expect(s.reveals.count).toBeGreaterThan(0);
    expect(s.notes).toEqual(cli.notes);
    expect(await dispatch('replay.state', { caseId, at: '2025-10-01' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });
});
