// `natalia-audit review` and `views` on a case holding the minimal sample:
// what to review, a decision recorded with its custody entry, refusals as
// one usage line (exit 2 through the CLI), the history, the saved views.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBundle } from '../../shared/engine/case/import-bundle.js';
import { CaseFile } from '../../shared/engine/case/case-file.js';
import { runReview } from '../../shared/cli/commands/review.js';
import { runViews } from '../../shared/cli/commands/views.js';
import { UsageError } from '../../shared/cli/cli-error.js';

const SAMPLE = join(import.meta.dirname, '../fixtures/samples/minimal/natalia-evidence-NAT-EC94-0782-20260302T091407Z');
const dir = mkdtempSync(join(tmpdir(), 'natalia-review-cli-'));
const casePath = join(dir, 'case.natalia-case');

beforeAll(async () => {
  await importBundle(casePath, SAMPLE, { trustPath: join(SAMPLE, '../trust-roots.json') });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(fn: typeof runReview, argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await fn(argv, { write: (s: string) => (out += s) });
  return { code, out };
}

describe('natalia-audit review', () => {
  it('lists the undecided review items, records a decision, and no longer lists it as undecided', async () => {
    const listed = JSON.parse((await run(runReview, ['list', casePath, '--undecided', '--json'])).out) as { subjects: { subject: string; kind: string }[] };
    expect(listed.subjects.length).toBe(3);
    const key = listed.subjects[0]!.subject;
    expect(key).toBe('review:NAT-EC94-0782:off_hours:63');
    const r = await run(runReview, ['decide', casePath, key, '--decision', 'justified', '--reason', 'Planned night maintenance', '--reviewer', 'auditor.claire', '--at', '2026-03-05T10:00:00Z']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Recorded decision on review:NAT-EC94-0782:off_hours:63 \(custody entry \d+\)\.\n$/);
    const after = JSON.parse((await run(runReview, ['list', casePath, '--undecided', '--json'])).out) as { subjects: { subject: string }[] };
    expect(after.subjects.map((s) => s.subject)).not.toContain(key);
    const text = (await run(runReview, ['list', casePath, '--decision', 'justified'])).out;
    expect(text).toContain('justified by auditor.claire (Planned night maintenance)');
    const history = (await run(runReview, ['history', casePath, key])).out;
    expect(history).toMatch(/2026-03-05T10:00:00\.000Z +auditor\.claire +decision +justified: Planned night maintenance/);
    const c = CaseFile.open(casePath, { readonly: true });
    expect(c.custody().at(-1)).toMatchObject({ action: 'review.annotate', details: { subject: key, value: 'justified' } });
    c.close();
  });

  it('refuses an unknown decision, a missing reason and a time in the future, recording nothing', async () => {
    const key = 'review:NAT-EC94-0782:off_hours:99';
    await expect(run(runReview, ['decide', casePath, key, '--decision', 'maybe'])).rejects.toThrow(/--decision must be one of accepted, justified, needs_follow_up, false_positive/);
    await expect(run(runReview, ['decide', casePath, key, '--decision', 'false-positive'])).rejects.toThrow(UsageError);
    await expect(run(runReview, ['comment', casePath, key, 'x', '--at', '2999-01-01T00:00:00Z'])).rejects.toThrow(/in the future/);
    expect((await run(runReview, ['history', casePath, key])).out).toBe(`The case holds no review of ${key}.\n`);
  });

  it('tags and stars, filters on the tag', async () => {
    const key = 'erasure:NAT-EC94-0782:ERC-2026-000017';
    expect((await run(runReview, ['tag', casePath, key, 'annex'])).code).toBe(0);
    expect((await run(runReview, ['tag', casePath, key, 'annex'])).out).toMatch(/^Nothing recorded/);
    const tagged = JSON.parse((await run(runReview, ['list', casePath, '--tag', 'annex', '--json'])).out) as { subjects: { subject: string }[] };
    expect(tagged.subjects.map((s) => s.subject)).toEqual([key]);
  });
});

describe('natalia-audit views', () => {
  it('saves, lists and deletes a view; refuses a filter that is not JSON', async () => {
    expect((await run(runViews, ['save', casePath, '--screen', 'audit', '--name', 'Reveals', '--filter', '{"action":"phone.reveal"}'])).out).toBe('Saved the audit view "Reveals".\n');
    expect(JSON.parse((await run(runViews, ['list', casePath, '--json'])).out)).toMatchObject({ views: [{ name: 'Reveals', screen: 'audit', filter: { action: 'phone.reveal' } }] });
    await expect(run(runViews, ['save', casePath, '--screen', 'audit', '--name', 'x', '--filter', '{oops'])).rejects.toThrow(/--filter is not JSON/);
    await expect(run(runViews, ['save', casePath, '--screen', 'audit', '--name', 'x', '--filter', '[1]'])).rejects.toThrow(/a view filter is an object/);
    expect((await run(runViews, ['delete', casePath, '--screen', 'audit', '--name', 'Reveals'])).out).toBe('Deleted the audit view "Reveals".\n');
    expect((await run(runViews, ['list', casePath])).out).toBe('The case holds no saved view.\n');
  });
});
