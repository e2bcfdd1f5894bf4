// The answer library from the command line, and the reports using what the
// case holds: `answers declare|list|export|import`, `caiq` answering from the
// case's declared answers (read back from its CSV), and `erasure-report`
// using the review and deadline extension recorded in the case; the times
// stated with --declared-at and --reviewed-at, read alike in every time zone.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'csv-parse/sync';
import { importBundle } from '../../shared/engine/case/import-bundle.js';
import { CaseFile } from '../../shared/engine/case/case-file.js';
import { runAnswers } from '../../shared/cli/commands/answers.js';
import { runCaiq } from '../../shared/cli/commands/caiq.js';
import { runErasureReport } from '../../shared/cli/commands/erasure-report.js';
import { UsageError } from '../../shared/cli/cli-error.js';
import { InputFileError } from '../../shared/engine/input-file.js';
import { sha256Hex } from '../../shared/engine/crypto/hash.js';
import { ANSWER_LIBRARY_FORMAT } from '../../shared/engine/reports/caiq/answer-library.js';
import { brokenChainVerification, SAMPLE_BAG, SAMPLE_BAG_NAME } from './helpers/sample-verification.js';
import { natalia, type CliRun } from '../cli/cli-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'natalia-answers-cli-'));
const casePath = join(dir, 'case.sqlite');
const savedHome = process.env.NATALIA_AUDIT_HOME;
const CERT = 'ERC-2026-000017';
const SUBJECT = 'ext:4e119e8c5a475effe9f16f34ea4908ec93dec1a0eb4c3249cfe4f80e7ca87d62';

function sink() {
  let text = '';
  return { out: { write: (s: string) => (text += s) }, text: () => text };
}

/** These cases answer CAIQ v4.0.3 (the release of the ids they use); the default is the current v4.1.0. */
const V403 = ['--caiq-version', '4.0.3'];

async function answers(argv: string[]): Promise<string> {
  const o = sink();
  expect(await runAnswers(argv[0] === 'declare' ? [...argv, ...V403] : argv, o.out)).toBe(0);
  return o.text();
}

/** Runs a command that writes to process.stdout, returning its exit code and output. */
async function run(fn: (argv: string[]) => Promise<number>, argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  try {
    return { code: await fn(fn === runCaiq ? [...argv, ...V403, '--name-declarant'] : argv), out };
  } finally {
    o.mockRestore();
  }
}

type CsvRow = Record<string, string>;
function csvRows(path: string): Map<string, CsvRow> {
  const rows = parse(readFileSync(path, 'utf8'), { columns: true }) as CsvRow[];
  return new Map(rows.map((r) => [r.question_id!, r]));
}

function withCase<T>(path: string, fn: (c: CaseFile) => T): T {
  const c = CaseFile.open(path);
  try {
    return fn(c);
  } finally {
    c.close();
  }
}

beforeAll(async () => {
  process.env.NATALIA_AUDIT_HOME = join(dir, 'workstation');
  await importBundle(casePath, SAMPLE_BAG, { trustPath: join(SAMPLE_BAG, '../trust-roots.json') });
});

afterAll(() => {
  if (savedHome === undefined) delete process.env.NATALIA_AUDIT_HOME;
  else process.env.NATALIA_AUDIT_HOME = savedHome;
  rmSync(dir, { recursive: true, force: true });
});

describe('natalia-audit answers', () => {
  it('declares answers in the case, keeps the previous version when one changes, and records each in the custody log', async () => {
    const register = join(dir, 'Training register 2025.pdf');
    writeFileSync(register, 'training register');
    const first = await answers([
      'declare', casePath, 'HRS-11.1', '--answer', 'Yes', '--ownership', 'CSP-owned',
      '--description', 'Every employee follows the security awareness course when hired and each year.',
      '--leans-on', 'audit.chain,audit.seal', '--document', register,
      '--author', 'ciso.marie', '--declared-at', '2026-02-01T09:00:00.000Z',
    ]);
    expect(first).toMatch(/Declared HRS-11\.1 \(CAIQ v4\.0\.3\): Yes \(CSP-owned\) by ciso\.marie, version 1 \(custody entry \d+\)/);
    await answers(['declare', casePath, 'HRS-11.1', '--answer', 'Yes', '--ownership', 'Shared CSP and CSC',
      '--description', 'Every employee and contractor follows the course when hired and each year.',
      '--leans-on', 'audit.chain', '--author', 'ciso.marie', '--declared-at', '2026-02-02T09:00:00.000Z']);
    await answers(['declare', casePath, 'DCS-03.1', '--answer', 'NA',
      '--description', 'The appliance runs on the customer premises; we operate no premises of our own.',
      '--author', 'ciso.marie', '--declared-at', '2026-02-01T09:05:00.000Z']);

    const listed = JSON.parse(await answers(['list', casePath, '--history', '--json']));
    expect(listed.answers.map((v: { answer: { question_id: string }; version: number; superseded: boolean }) => [v.answer.question_id, v.version, v.superseded])).toEqual([
      ['DCS-03.1', 1, false],
      ['HRS-11.1', 1, true],
      ['HRS-11.1', 2, false],
    ]);
    expect(listed.answers[1].answer.evidence).toEqual([
      { kind: 'check', check: 'audit.chain' },
      { kind: 'check', check: 'audit.seal' },
      { kind: 'document', title: 'Training register 2025.pdf', file: 'Training register 2025.pdf', sha256: sha256Hex(Buffer.from('training register')) },
    ]);
    const text = await answers(['list', casePath]);
    expect(text).toContain('2 declared answers');
    expect(text).toMatch(/HRS-11\.1 \(v4\.0\.3\) +2 +Yes +Shared CSP and CSC +ciso\.marie, 2026-02-02T09:00:00\.000Z/);

    withCase(casePath, (c) => {
      const declared = c.custody().filter((e) => e.action === 'answer.declare');
      expect(declared.map((e) => [e.details.question_id, e.details.version])).toEqual([
        ['HRS-11.1', 1],
        ['HRS-11.1', 2],
        ['DCS-03.1', 1],
      ]);
      expect(c.checkCustody().ok).toBe(true);
    });
  });

  it('refuses answers the workbook rules forbid, with the reason, and records nothing', async () => {
    const before = withCase(casePath, (c) => c.custody().length);
    await expect(runAnswers(['declare', casePath, 'BCR-01.1', '--answer', 'Maybe', '--description', 'x'])).rejects.toThrow(/--answer must be Yes, No or NA/);
    await expect(runAnswers(['declare', casePath, 'BCR-01.1', '--answer', 'Yes', '--description', 'x'])).rejects.toThrow(/ownership must be one of/);
    await expect(runAnswers(['declare', casePath, 'BCR-01.1', '--answer', 'NA', '--ownership', 'CSP-owned', '--description', 'x'])).rejects.toThrow(/leaves the ownership blank/);
    await expect(
      runAnswers(['declare', casePath, 'BCR-01.1', '--answer', 'Yes', '--ownership', 'CSP-owned', '--description', 'x', '--leans-on', 'audit.nope']),
    ).rejects.toThrow(/unknown check id audit\.nope/);
    await expect(runAnswers(['declare', casePath, 'A&A-01.1', '--answer', 'NA', '--description', 'x'])).rejects.toThrow(/not a CAIQ-Lite question id/);
    await expect(runAnswers(['forget', casePath])).rejects.toThrow(UsageError);
    expect(withCase(casePath, (c) => c.custody().length)).toBe(before);
  });

  it('refuses to read a library, a document or a workbook that is a named pipe or a device, and records nothing', async () => {
    const before = withCase(casePath, (c) => c.custody().length);
    const pipe = join(dir, 'library.fifo');
    execFileSync('mkfifo', [pipe]);
    await expect(runAnswers(['import', casePath, pipe])).rejects.toThrow(`cannot read the answer library ${pipe}: it is a named pipe, not a file`);
    await expect(
      runAnswers(['declare', casePath, 'BCR-01.1', '--answer', 'Yes', '--ownership', 'CSP-owned', '--description', 'x', '--document', '/dev/zero']),
    ).rejects.toThrow('cannot read the document /dev/zero: it is a device, not a file');
    await expect(runCaiq([casePath, '--answers', pipe, '--out', join(dir, 'never.xlsx')])).rejects.toThrow(InputFileError);
    await expect(runCaiq([casePath, '--workbook', '/dev/zero', '--out', join(dir, 'never.xlsx')])).rejects.toThrow(
      'cannot read the workbook /dev/zero: it is a device, not a file',
    );
    expect(existsSync(join(dir, 'never.xlsx'))).toBe(false);
    expect(withCase(casePath, (c) => c.custody().length)).toBe(before);
  });

  it('export then import into another case gives the same answers; --author re-declares them under that name', async () => {
    const file = join(dir, 'library.json');
    expect(await answers(['export', casePath, '--out', file])).toContain('Wrote 2 declared answers');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(doc.format).toBe(ANSWER_LIBRARY_FORMAT);
    await expect(runAnswers(['export', casePath, '--out', file], sink().out)).rejects.toThrow(/already exists; use --force/);

    const other = join(dir, 'other.sqlite');
    CaseFile.open(other, { create: true }).close();
    expect(await answers(['import', other, file])).toContain('2 answers recorded, 0 already current');
    expect(await answers(['import', other, file])).toContain('0 answers recorded, 2 already current');
    const mine = withCase(casePath, (c) => c.answers().list());
    withCase(other, (c) => {
      expect(c.answers().list()).toEqual(mine);
      const imported = c.custody().filter((e) => e.action === 'answer.declare');
      expect(imported).toHaveLength(2);
      expect(imported[0]!.details.source).toEqual({ kind: 'import', file: 'library.json', sha256: sha256Hex(readFileSync(file)) });
    });
    const again = join(dir, 'library-again.json');
    await answers(['export', other, '--out', again]);
    expect(readFileSync(again).equals(readFileSync(file))).toBe(true);

    const third = join(dir, 'third.sqlite');
    CaseFile.open(third, { create: true }).close();
    expect(await answers(['import', third, file, '--author', 'ciso.paul'])).toContain('Recorded as declared by ciso.paul');
    withCase(third, (c) => {
      const hrs = c.answers().get('HRS-11.1', '4.0.3')!;
      expect(hrs.author).toBe('ciso.paul');
      expect(hrs.implementation).toBe(mine.find((a) => a.question_id === 'HRS-11.1')!.implementation);
      expect(c.answers().history({ id: 'HRS-11.1', version: '4.0.3' })[0]!.source).toMatchObject({ author: 'ciso.marie', declared_at: '2026-02-02T09:00:00.000Z' });
    });

    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ format: ANSWER_LIBRARY_FORMAT, answers: [{ ...doc.answers[0], answer: 'Perhaps' }] }));
    await expect(runAnswers(['import', third, join(dir, 'bad.json')])).rejects.toThrow(/not a usable answer library: .*answer must be Yes, No or NA/);
  });
});

describe('natalia-audit caiq with the case answer library', () => {
  it('uses a declaration for a question the evidence supports, with the evidence attached and what it does not show', async () => {
    const path = join(dir, 'evidence-wins.sqlite');
    await importBundle(path, SAMPLE_BAG, { trustPath: join(SAMPLE_BAG, '../trust-roots.json') });
    await answers(['declare', path, 'LOG-04.1', '--answer', 'Yes', '--ownership', 'CSP-owned', '--description', 'Only Admins and Auditors read the log.', '--author', 'ciso.marie']);
    const r = await run(runCaiq, [path, '--out', join(dir, 'evidence-wins.xlsx')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Declared answers: 1 from the case's answer library.");
    expect(r.out).toMatch(/CAIQ-Lite v4\.0\.3: 124 questions — 0 answered No from evidence, 1 declared, 123 need input; 9 supported by verified evidence\./);
    const row = csvRows(join(dir, 'evidence-wins.csv')).get('LOG-04.1')!;
    expect(row).toMatchObject({ answer: 'Yes', basis: 'declared' });
    expect(row.evidence_does_not_show).toContain('who can read or change the logs');
    expect(row.citations).toMatch(/audit\.chain passed; bundle \S+; data\/audit\/audit-log\.csv sha256 [0-9a-f]{64}/);
  });

  it("answers from the case's declared answers by default (CSV read back), citing the checks they lean on", async () => {
    const out = join(dir, 'caiq.xlsx');
    const r = await run(runCaiq, [casePath, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Declared answers: 2 from the case's answer library.");
    expect(r.out).toMatch(/2 declared/);
    const rows = csvRows(join(dir, 'caiq.csv'));
    expect(rows.get('HRS-11.1')).toMatchObject({
      answer: 'Yes',
      ssrm_ownership: 'Shared CSP and CSC',
      basis: 'declared',
      declared_by: 'ciso.marie',
      declared_at: '2026-02-02T09:00:00.000Z',
    });
    expect(rows.get('HRS-11.1')!.implementation).toContain('Every employee and contractor follows the course');
    expect(rows.get('HRS-11.1')!.citations).toContain('audit.chain');
    expect(rows.get('DCS-03.1')).toMatchObject({ answer: 'NA', ssrm_ownership: '', basis: 'declared' });
    expect(rows.get('BCR-01.1')).toMatchObject({ answer: '', basis: 'needs_input' });
  });

  it("gives --answers FILE precedence over the case's answer to the same question, without changing the case", async () => {
    const file = join(dir, 'override.json');
    writeFileSync(
      file,
      JSON.stringify({
        format: ANSWER_LIBRARY_FORMAT,
        answers: [
          {
            question_id: 'HRS-11.1',
            answer: 'No',
            ownership: 'CSP-owned',
            implementation: 'No course this year.',
            author: 'ciso.paul',
            declared_at: '2026-02-10T09:00:00.000Z',
            evidence: [],
          },
        ],
      }),
    );
    const out = join(dir, 'caiq-override.xlsx');
    const r = await run(runCaiq, [casePath, '--answers', file, '--out', out]);
    expect(r.out).toContain(`Declared answers: 1 from the case's answer library, 1 from ${file} (replacing the case's for HRS-11.1).`);
    const rows = csvRows(join(dir, 'caiq-override.csv'));
    expect(rows.get('HRS-11.1')).toMatchObject({ answer: 'No', declared_by: 'ciso.paul', basis: 'declared' });
    expect(rows.get('DCS-03.1')).toMatchObject({ answer: 'NA', declared_by: 'ciso.marie' });
    expect(withCase(casePath, (c) => c.answers().get('HRS-11.1', '4.0.3')!.answer)).toBe('Yes');
  });

  it('sends a stored answer leaning on a check that FAILED in the case back to needs input', async () => {
    // A case whose one bundle's audit chain failed (the verification as stored for a bundle edited at seq 51).
    const broken = join(dir, 'broken.sqlite');
    const c = CaseFile.open(broken, { create: true });
    try {
      const v = brokenChainVerification();
      const id = c.store.beginBundle({ name: SAMPLE_BAG_NAME, source_path: SAMPLE_BAG, source_sha256: null, form: 'directory', installation_id: v.installation_id ?? null, exported_at: v.exported_at ?? null });
      const vid = c.store.saveVerification(id, v);
      // Recorded in custody as an import records it: reports refuse a verification the custody log does not hold.
      c.record('bundle.import', { bundle_id: id, verification_id: vid, verdict: v.verdict, result_sha256: c.store.verificationDigest(vid)!.result_sha256 });
    } finally {
      c.close();
    }
    await answers(['import', broken, join(dir, 'library.json')]);
    const r = await run(runCaiq, [broken, '--out', join(dir, 'broken.xlsx')]);
    expect(r.code).toBe(0);
    const rows = csvRows(join(dir, 'broken.csv'));
    expect(rows.get('HRS-11.1')).toMatchObject({ answer: '', ssrm_ownership: '', basis: 'needs_input', declared_by: '' });
    expect(rows.get('HRS-11.1')!.reason).toBe(
      `The declared answer by ciso.marie leans on evidence that failed (check audit.chain failed on bundle ${SAMPLE_BAG_NAME}); review it before use.`,
    );
    // The answer leaning on nothing is still given, and the evidence rules answer No on the broken chain (the bag itself is intact).
    expect(rows.get('DCS-03.1')).toMatchObject({ answer: 'NA', basis: 'declared' });
    expect(rows.get('LOG-04.1')).toMatchObject({ answer: 'No', basis: 'evidence' });
  });
});

describe('natalia-audit erasure-report with review data kept in the case', () => {
  const flags = [
    '--reviewer', 'dpo.claire', '--reviewed-at', '2026-03-03T10:00:00.000Z', '--note', 'Checked against ticket DSAR-2026-239.',
    '--extension-notified-at', '2026-02-20T09:00:00.000Z', '--extension-reason', 'Backups had to be checked first',
    '--extension-by', 'dpo.claire', '--extension-to', '2026-04-30T21:59:59.999Z',
  ];

  it('records the review and extension given as flags, once, after writing the report', async () => {
    const out = join(dir, 'flags', 'erasure.pdf');
    mkdirSync(join(dir, 'flags'));
    const r = await run(runErasureReport, [casePath, CERT, '--lang', 'en', '--out', out, ...flags]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Recorded the deadline extension of ${CERT} in the case`);
    expect(r.out).toContain('Recorded the review by dpo.claire in the case');
    const facts = JSON.parse(readFileSync(join(dir, 'flags', 'erasure.json'), 'utf8'));
    expect(facts.review).toEqual({ reviewer: 'dpo.claire', reviewed_at: '2026-03-03T10:00:00.000Z', note: 'Checked against ticket DSAR-2026-239.' });
    expect(facts.erasures[0].deadline.extension).toMatchObject({ decided_by: 'dpo.claire', extended_to: '2026-04-30T21:59:59.999Z', notified_in_time: true });
    withCase(casePath, (c) => {
      expect(c.review(CERT)).toMatchObject({ reviewer: 'dpo.claire', note: 'Checked against ticket DSAR-2026-239.' });
      expect(c.extensions([CERT])[CERT]).toMatchObject({ reason: 'Backups had to be checked first', extended_to: '2026-04-30T21:59:59.999Z' });
      expect(c.custody().filter((e) => e.action === 'review.record').map((e) => e.details.kind)).toEqual(['deadline_extension', 'review']);
    });
    // A refused output records nothing.
    await expect(run(runErasureReport, [casePath, CERT, '--lang', 'en', '--out', out, ...flags.slice(0, 4), '--reviewed-at', '2026-03-05T10:00:00.000Z'])).rejects.toThrow(/already exists/);
    expect(withCase(casePath, (c) => c.reviewHistory(CERT))).toHaveLength(1);
  });

  it('uses the stored review and extension without the flags: the same report, byte for byte, and no new record', async () => {
    mkdirSync(join(dir, 'stored'));
    const out = join(dir, 'stored', 'erasure.pdf');
    const before = withCase(casePath, (c) => c.custody().filter((e) => e.action === 'review.record').length);
    const r = await run(runErasureReport, [casePath, CERT, '--lang', 'en', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Used the deadline extension of ${CERT} recorded in the case`);
    expect(r.out).toContain('Used the review by dpo.claire recorded in the case');
    for (const f of ['erasure.pdf', 'erasure.json']) {
      expect(readFileSync(join(dir, 'stored', f)).equals(readFileSync(join(dir, 'flags', f))), f).toBe(true);
    }
    expect(withCase(casePath, (c) => c.custody().filter((e) => e.action === 'review.record').length)).toBe(before);
  });

  it("a subject report takes each certificate's stored extension, and only a review of the subject itself", async () => {
    const out = join(dir, 'subject.pdf');
    expect((await run(runErasureReport, [casePath, SUBJECT, '--lang', 'en', '--out', out])).code).toBe(0);
    const facts = JSON.parse(readFileSync(join(dir, 'subject.json'), 'utf8'));
    expect(facts.review).toBeNull();
    expect(facts.erasures[0].deadline.extension).toMatchObject({ reason: 'Backups had to be checked first' });
  });

  it('takes the subject as the tables print it (ext: and the first digits), the same report as with all 64', async () => {
    const out = join(dir, 'subject-short.pdf');
    expect((await run(runErasureReport, [casePath, `${SUBJECT.slice(0, 16)}…`, '--lang', 'en', '--out', out])).code).toBe(0);
    expect(readFileSync(join(dir, 'subject-short.json')).equals(readFileSync(join(dir, 'subject.json')))).toBe(true);
    await expect(run(runErasureReport, [casePath, 'ext:0000000000', '--lang', 'en', '--out', join(dir, 'none.pdf')])).rejects.toThrow(
      'no extension pseudonym of this case starts with 0000000000 (ext:)',
    );
  });
});

describe('times stated with --declared-at and --reviewed-at', () => {
  // A case of its own: what is declared and reviewed here stays out of the tests above.
  const timedCase = join(dir, 'times.sqlite');
  const oneLine = (r: CliRun) => r.stderr.trim().split('\n');
  beforeAll(async () => {
    await importBundle(timedCase, SAMPLE_BAG, { trustPath: join(SAMPLE_BAG, '../trust-roots.json') });
  });

  it('reads --declared-at as the same instant in every time zone, a bare date as 00:00 UTC, and stores it with milliseconds', () => {
    const declare = (at: string, TZ: string) =>
      natalia(['answers', 'declare', timedCase, 'DCS-03.1', '--answer', 'NA', '--description', 'No premises of our own.', '--author', 'ciso.marie', '--declared-at', at, ...V403], { TZ });
    const first = declare('2026-03-01', 'America/New_York');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Declared DCS-03\.1 \(CAIQ v4\.0\.3\): NA by ciso\.marie, version 1/);
    // The same instant, written with an offset, from another zone: the same answer, nothing new recorded.
    const again = declare('2026-03-01T01:00:00+01:00', 'UTC');
    expect(again.stdout).toBe('DCS-03.1 already holds this answer (version 1); nothing recorded.\n');
    expect(withCase(timedCase, (c) => c.answers().list().map((a) => a.declared_at))).toEqual(['2026-03-01T00:00:00.000Z']);

    const future = declare('2030-01-01T00:00:00Z', 'UTC');
    expect(future.code).toBe(2);
    expect(oneLine(future)).toEqual([expect.stringMatching(/^natalia-audit answers: --declared-at 2030-01-01T00:00:00\.000Z is in the future \(this computer's clock says .*Z\): give the time the answer was declared, not a planned one$/)]);
    const impossible = declare('2026-02-30', 'UTC');
    expect(impossible.code).toBe(2);
    expect(oneLine(impossible)).toEqual([expect.stringContaining('--declared-at "2026-02-30" is not a usable time: 2026-02-30 is not a date of the calendar. Expected an RFC 3339 date-time')]);
    expect(withCase(timedCase, (c) => c.answers().history())).toHaveLength(1);
  });

  it('reads --reviewed-at the same way in every time zone, with or without milliseconds, and refuses one in the future', () => {
    const report = (name: string, at: string, TZ: string) =>
      natalia(['erasure-report', timedCase, CERT, '--lang', 'en', '--out', join(dir, `${name}.pdf`), '--reviewer', 'dpo.claire', '--reviewed-at', at], { TZ });
    const paris = report('review-paris', '2026-03-03T11:00:00+01:00', 'Europe/Paris');
    expect(paris.code, paris.stderr).toBe(0);
    expect(paris.stdout).toContain('Recorded the review by dpo.claire in the case');
    const ny = report('review-ny', '2026-03-03T10:00:00Z', 'America/New_York');
    expect(ny.code, ny.stderr).toBe(0);
    expect(ny.stdout).not.toContain('Recorded the review');
    for (const name of ['review-paris', 'review-ny']) {
      expect(JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')).review).toEqual({ reviewer: 'dpo.claire', reviewed_at: '2026-03-03T10:00:00.000Z' });
    }
    expect(withCase(timedCase, (c) => c.reviewHistory(CERT).map((r) => r.reviewed_at))).toEqual(['2026-03-03T10:00:00.000Z']);

    const future = report('review-future', '2030-01-01T00:00:00Z', 'UTC');
    expect(future.code).toBe(2);
    expect(oneLine(future)).toEqual([expect.stringMatching(/^natalia-audit erasure-report: --reviewed-at 2030-01-01T00:00:00\.000Z is in the future .*: give the time the review was made, not a planned one$/)]);
    const zoneless = report('review-zoneless', '2026-03-03T10:00', 'UTC');
    expect(zoneless.code).toBe(2);
    expect(oneLine(zoneless)).toEqual([expect.stringContaining('--reviewed-at "2026-03-03T10:00" is not a usable time: it has no time zone (for UTC write 2026-03-03T10:00:00Z)')]);
    expect(existsSync(join(dir, 'review-future.pdf')) || existsSync(join(dir, 'review-zoneless.pdf'))).toBe(false);
  });
});
