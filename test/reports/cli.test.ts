// The three report commands end to end, on a case holding the minimal
// sample as imported by the case importer: files written, signed, recorded
// in the custody log, identical when made again, and checked by verify-report.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import ExcelJS from 'exceljs';
import { importBundle } from '../../shared/engine/case/import-bundle.js';
import { CaseFile } from '../../shared/engine/case/case-file.js';
import { runCaiq } from '../../shared/cli/commands/caiq.js';
import { runErasureReport } from '../../shared/cli/commands/erasure-report.js';
import { runVerifyReport } from '../../shared/cli/commands/verify-report.js';
import { UsageError } from '../../shared/cli/cli-error.js';
import { serializeSignature, signReport, verifyReportSignature } from '../../shared/engine/reports/signing/report-signature.js';
import { exportWorkstationPublicKey, KEY_FILE, loadOrCreateWorkstationKey } from '../../shared/engine/reports/signing/workstation-key.js';
import { sha256Hex } from '../../shared/engine/crypto/hash.js';
import { buildOfficialLikeWorkbook } from './helpers/official-workbook.js';
import { SAMPLE_BAG } from './helpers/sample-verification.js';
import { pdfText } from './helpers/pdf-text.js';

const dir = mkdtempSync(join(tmpdir(), 'natalia-reports-cli-'));
const casePath = join(dir, 'case.sqlite');
const workbook = join(dir, 'CAIQv4.0.3_STAR-Security-Questionnaire.xlsx');
const answers = join(dir, 'answers.json');
const savedHome = process.env.NATALIA_AUDIT_HOME;

/** Runs a command, returning its exit code and what it printed. */
async function run(fn: (argv: string[]) => Promise<number>, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    return { code: await fn(argv), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

beforeAll(async () => {
  process.env.NATALIA_AUDIT_HOME = join(dir, 'workstation');
  await importBundle(casePath, SAMPLE_BAG, { trustPath: join(SAMPLE_BAG, '../trust-roots.json') });
  writeFileSync(workbook, await buildOfficialLikeWorkbook());
  writeFileSync(
    answers,
    JSON.stringify({
      format: 'natalia-audit.caiq-answers.v1',
      answers: [
        {
          question_id: 'HRS-11.1',
          answer: 'Yes',
          ownership: 'CSP-owned',
          implementation: 'Every employee follows the security awareness course when hired and each year.',
          author: 'ciso.marie',
          declared_at: '2026-02-01T09:00:00.000Z',
          evidence: [{ kind: 'document', title: 'Training register 2025' }],
        },
      ],
    }),
  );
});

afterAll(() => {
  if (savedHome === undefined) delete process.env.NATALIA_AUDIT_HOME;
  else process.env.NATALIA_AUDIT_HOME = savedHome;
  rmSync(dir, { recursive: true, force: true });
});

describe('natalia-audit caiq', () => {
  it('fills the official workbook into a new file, writes the CSV, signs both and records them in the custody log', async () => {
    const out = join(dir, 'caiq-filled.xlsx');
    const before = readFileSync(workbook);
    const r = await run(runCaiq, [casePath, '--workbook', workbook, '--answers', answers, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('CAIQ-Lite v4.0.3: 124 questions — 0 answered No from evidence, 1 declared, 123 need input; 9 supported by verified evidence.');
    expect(r.out).toMatch(/Filled sheet "CAIQv4\.0\.3" of .* \(CAIQ v4\.0\.3\): 1 row written, 0 kept as you answered them, 0 missing; rows still open are left as they were\./);
    expect(r.out).toContain('  written: HRS-11.1');
    // The trust the evidence stands on: source and the anchoring vendor root by kid and fingerprint.
    expect(r.out).toMatch(/Evidence trusted on bundle natalia-evidence-\S+: trust .*trust-roots\.json.*; vendor root [0-9a-f]{16} \(fingerprint [0-9a-f]{64}\)\./);
    expect(r.out).toContain('Needing input');
    expect(readFileSync(workbook).equals(before)).toBe(true);
    for (const f of [out, join(dir, 'caiq-filled.csv')]) {
      const v = verifyReportSignature(readFileSync(f), JSON.parse(readFileSync(`${f}.sig.json`, 'utf8')));
      expect(v.valid, f).toBe(true);
    }
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('CAIQv4.0.3')!;
    const row = (id: string) => {
      let found: ExcelJS.Row | undefined;
      ws.eachRow((x) => {
        if (x.getCell(1).value === id) found = x;
      });
      return found!;
    };
    // The evidence supports LOG-04.1 and DSP-11.1 without answering them: nobody declared them, so they stay blank.
    expect([row('LOG-04.1').getCell(3).value, row('DSP-11.1').getCell(3).value, row('HRS-11.1').getCell(3).value]).toEqual([null, null, 'Yes']);
    expect(row('CEK-12.1').getCell(3).value).toBeNull();
    const c = CaseFile.open(casePath, { readonly: true });
    try {
      const reports = c.custody().filter((x) => x.action === 'report.create');
      expect(reports.map((x) => x.details.kind)).toEqual(['caiq-workbook', 'caiq-csv']);
      expect(reports[0]!.details.sha256).toBe(sha256Hex(readFileSync(out)));
      expect(c.checkCustody().ok).toBe(true);
    } finally {
      c.close();
    }
    const json = await run(runCaiq, [casePath, '--answers', answers, '--out', join(dir, 'trust.xlsx'), '--json']);
    const trust = JSON.parse(json.out).trust as { roots: { kid: string; fingerprint: string }[] }[];
    expect(trust).toHaveLength(1);
    expect(trust[0]!.roots[0]!.fingerprint.startsWith(trust[0]!.roots[0]!.kid)).toBe(true);
    const csv = readFileSync(join(dir, 'trust.csv'), 'utf8');
    expect(csv).toMatch(/vendor root [0-9a-f]{16} \(fingerprint [0-9a-f]{64}\)/);
  });

  it('words the fill report in French with --lang fr, the files being the same as in English', async () => {
    const en = join(dir, 'caiq-lang-en.xlsx');
    const fr = join(dir, 'caiq-lang-fr.xlsx');
    expect((await run(runCaiq, [casePath, '--workbook', workbook, '--answers', answers, '--out', en])).code).toBe(0);
    const r = await run(runCaiq, [casePath, '--workbook', workbook, '--answers', answers, '--lang', 'fr', '--out', fr]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Feuille «\u00a0CAIQv4\.0\.3\u00a0» de .* remplie \(CAIQ v4\.0\.3\)\u00a0: 1 ligne écrite, 0 conservées telles que vous les aviez remplies, 0 manquantes\u00a0; /);
    expect(r.out).toContain('  écrites\u00a0: HRS-11.1');
    expect(r.out).toMatch(/Preuves vérifiées sur le lot natalia-evidence-\S+\u00a0: confiance .*\u00a0; racine éditeur [0-9a-f]{16} \(empreinte [0-9a-f]{64}\)\./);
    expect(r.out).not.toContain('Filled sheet');
    // The language is the report's on screen only: the workbook's content does not change with it.
    const cells = async (f: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(readFileSync(f) as unknown as ArrayBuffer);
      return wb.getWorksheet('CAIQv4.0.3')!.getSheetValues().map((row) => JSON.stringify(row));
    };
    expect(await cells(fr)).toEqual(await cells(en));
    await expect(run(runCaiq, [casePath, '--lang', 'de', '--out', join(dir, 'caiq-lang-de.xlsx')])).rejects.toThrow(/--lang must be en or fr/);
  });

  it('gives byte-identical files for the same case and inputs, and never overwrites without --force', async () => {
    const a = join(dir, 'again-a.xlsx');
    const b = join(dir, 'again-b.xlsx');
    expect((await run(runCaiq, [casePath, '--workbook', workbook, '--answers', answers, '--out', a])).code).toBe(0);
    expect((await run(runCaiq, [casePath, '--workbook', workbook, '--answers', answers, '--out', b])).code).toBe(0);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    expect(readFileSync(join(dir, 'again-a.csv')).equals(readFileSync(join(dir, 'again-b.csv')))).toBe(true);
    expect(readFileSync(`${a}.sig.json`).equals(readFileSync(`${b}.sig.json`))).toBe(false); // names differ
    await expect(run(runCaiq, [casePath, '--workbook', workbook, '--out', a])).rejects.toThrow(/already exists; use --force/);
    expect((await run(runCaiq, [casePath, '--workbook', workbook, '--answers', answers, '--out', a, '--force'])).code).toBe(0);
  });

  it('refuses to write over its input workbook, and explains a file that is not one', async () => {
    await expect(run(runCaiq, [casePath, '--workbook', workbook, '--out', workbook])).rejects.toThrow(/it is an input of this report/);
    const notXlsx = join(dir, 'not.xlsx');
    writeFileSync(notXlsx, 'plain text');
    await expect(run(runCaiq, [casePath, '--workbook', notXlsx, '--out', join(dir, 'x.xlsx')])).rejects.toThrow(UsageError);
    await expect(run(runCaiq, [join(dir, 'no-such-case.sqlite'), '--out', join(dir, 'y.xlsx')])).rejects.toThrow(/no case file/);
  });

  it('writes its four files all or none, and never into a pipe or a missing folder', async () => {
    const custody = () => {
      const c = CaseFile.open(casePath);
      try {
        return c.custody().length;
      } finally {
        c.close();
      }
    };
    const before = custody();
    // A signature left from an earlier run: no workbook without its signature, no CSV either.
    const out = join(dir, 'partial.xlsx');
    writeFileSync(join(dir, 'partial.csv.sig.json'), 'earlier');
    await expect(run(runCaiq, [casePath, '--out', out])).rejects.toThrow(`${join(dir, 'partial.csv.sig.json')} already exists; use --force to replace it`);
    expect(existsSync(out) || existsSync(`${out}.sig.json`) || existsSync(join(dir, 'partial.csv'))).toBe(false);
    // --force replaces files, never a named pipe (writing to it would wait for a reader for ever).
    const pipeOut = join(dir, 'piped.xlsx');
    execFileSync('mkfifo', [join(dir, 'piped.csv')]);
    await expect(run(runCaiq, [casePath, '--out', pipeOut, '--force'])).rejects.toThrow(`cannot write ${join(dir, 'piped.csv')}: it is a named pipe, not a file`);
    expect(existsSync(pipeOut)).toBe(false);
    const orphan = join(dir, 'no', 'such', 'q.xlsx');
    await expect(run(runCaiq, [casePath, '--out', orphan])).rejects.toThrow(`cannot write ${orphan}: the folder ${join(dir, 'no', 'such')} does not exist`);
    // Nothing written, nothing recorded.
    expect(custody()).toBe(before);
  });

  it('says what is wrong with the --out given: a folder, another extension, none', async () => {
    mkdirSync(join(dir, 'reports'), { recursive: true });
    await expect(run(runCaiq, [casePath, '--out', join(dir, 'reports')])).rejects.toThrow(
      `--out ${join(dir, 'reports')} is a folder: --out names the workbook to write, a file ending in .xlsx; the CSV (same name, .csv) is written next to it, e.g. --out ${join(dir, 'reports', 'caiq.xlsx')}`,
    );
    await expect(run(runCaiq, [casePath, '--out', 'reports/'])).rejects.toThrow('--out reports/ is a folder');
    await expect(run(runCaiq, [casePath, '--out', join(dir, 'x.csv')])).rejects.toThrow(
      `--out ${join(dir, 'x.csv')} ends in .csv: --out names the workbook to write, a file ending in .xlsx; the CSV (same name, .csv) is written next to it, e.g. --out ${join(dir, 'x.xlsx')}`,
    );
    await expect(run(runCaiq, [casePath, '--out', join(dir, 'answers')])).rejects.toThrow(`--out ${join(dir, 'answers')} has no extension`);
    await expect(run(runCaiq, [casePath])).rejects.toThrow(/^--out is required: --out names the workbook to write, a file ending in \.xlsx/);
    expect(existsSync(join(dir, 'x.csv')) || existsSync(join(dir, 'reports', 'caiq.xlsx'))).toBe(false);
  });

  it('writes a standalone workbook and CSV without the official workbook', async () => {
    const out = join(dir, 'standalone.xlsx');
    expect((await run(runCaiq, [casePath, '--out', out])).code).toBe(0);
    const csv = readFileSync(join(dir, 'standalone.csv'), 'utf8');
    expect(csv.split('\r\n')[0]).toBe(
      'question_id,topic,answer,ssrm_ownership,implementation,csc_responsibilities,basis,declared_by,declared_at,reason,citations,evidence_shows,evidence_does_not_show,caiq_version,trust',
    );
    // The current release without a workbook: v4.1's 138 questions.
    expect(csv.split('\r\n').filter((l) => /^[A-Z&]{2,4}-\d\d\.\d,/.test(l))).toHaveLength(138);
    expect(csv).toContain('LOG-04.1,Restricted access to audit logs and accountability for it,,,');
    expect(csv).toMatch(/,4\.1\.0,[^\r]*\r\n/);
    expect(existsSync(`${out}.sig.json`)).toBe(true);
  });
});

describe('natalia-audit erasure-report and verify-report', () => {
  const pdf = join(dir, 'erasure-fr.pdf');

  it('writes the PDF and its JSON twin for a certificate, signed, and exits 0 when every check passed', async () => {
    const r = await run(runErasureReport, [casePath, 'ERC-2026-000017', '--lang', 'fr', '--out', pdf, '--reviewer', 'dpo.claire', '--reviewed-at', '2026-03-03T10:00:00.000Z']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('ERC-2026-000017: passed');
    const facts = JSON.parse(readFileSync(join(dir, 'erasure-fr.json'), 'utf8'));
    expect(facts.erasures[0].checks.every((c: { status: string }) => c.status === 'passed')).toBe(true);
    expect(facts.as_of).toBe('2026-03-03T10:00:00.000Z');
    const text = (await pdfText(readFileSync(pdf))).flat;
    expect(text).toContain('Référence DSAR-2026-239');
    expect(text).toContain('Revu par dpo.claire le 3 mars 2026.');
    expect(text.replace(/\s+/g, '')).toContain('erasure-fr.pdf.sig.json');
    expect(text).toContain(`identifiant ${facts.signer.kid}`);
  });

  it('makes the same bytes again, and explains an unknown certificate', async () => {
    mkdirSync(join(dir, 'again'));
    const again = join(dir, 'again', 'erasure-fr.pdf');
    await run(runErasureReport, [casePath, 'ERC-2026-000017', '--lang', 'fr', '--out', again, '--reviewer', 'dpo.claire', '--reviewed-at', '2026-03-03T10:00:00.000Z']);
    for (const suffix of ['pdf', 'pdf.sig.json', 'json', 'json.sig.json']) {
      expect(readFileSync(join(dir, 'again', `erasure-fr.${suffix}`)).equals(readFileSync(join(dir, `erasure-fr.${suffix}`))), suffix).toBe(true);
    }
    await expect(run(runErasureReport, [casePath, 'ERC-1999-000001', '--lang', 'en', '--out', join(dir, 'none.pdf')])).rejects.toThrow(/no erasure certificate/);
    await expect(run(runErasureReport, [casePath, 'ERC-2026-000017', '--lang', 'de', '--out', join(dir, 'de.pdf')])).rejects.toThrow(/--lang/);
  });

  it('says what is wrong with the --out given to erasure-report', async () => {
    const args = [casePath, 'ERC-2026-000017', '--lang', 'en'];
    await expect(run(runErasureReport, [...args, '--out', dir])).rejects.toThrow(
      `--out ${dir} is a folder: --out names the PDF report to write, a file ending in .pdf; its JSON twin (same name, .json) is written next to it, e.g. --out ${join(dir, 'erasure-report.pdf')}`,
    );
    await expect(run(runErasureReport, [...args, '--out', join(dir, 'report.json')])).rejects.toThrow(`--out ${join(dir, 'report.json')} ends in .json:`);
    await expect(run(runErasureReport, args)).rejects.toThrow(/^--out is required/);
  });

  it('reports on a data subject by pseudonym', async () => {
    const out = join(dir, 'subject-en.pdf');
    const r = await run(runErasureReport, [casePath, 'ext:4e119e8c5a475effe9f16f34ea4908ec93dec1a0eb4c3249cfe4f80e7ca87d62', '--lang', 'en', '--out', out]);
    expect(r.code).toBe(0);
    expect((await pdfText(readFileSync(out))).flat).toContain('This report has not been reviewed yet.');
  });

  it('verify-report: 0 for a valid report, 1 for a changed one, 2 for one it cannot read', async () => {
    expect((await run(runVerifyReport, [pdf])).code).toBe(0);
    expect((await run(runVerifyReport, [pdf])).out).toContain("this workstation's own key");
    const changed = join(dir, 'changed.pdf');
    const bytes = readFileSync(pdf);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 1;
    writeFileSync(changed, bytes);
    const bad = await run(runVerifyReport, [changed, '--sig', `${pdf}.sig.json`]);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('INVALID');
    expect((await run(runVerifyReport, [changed])).code).toBe(2);
    expect((await run(runVerifyReport, [join(dir, 'missing.pdf')])).code).toBe(2);
    // A device or a named pipe named as the report or its signature: one line, exit 2, nothing read.
    const dev = await run(runVerifyReport, ['/dev/zero', '--sig', `${pdf}.sig.json`]);
    expect([dev.code, dev.err]).toEqual([2, 'natalia-audit verify-report: cannot read the report /dev/zero: it is a device, not a file\n']);
    const pipe = join(dir, 'sig.fifo');
    execFileSync('mkfifo', [pipe]);
    const sig = await run(runVerifyReport, [pdf, '--sig', pipe]);
    expect([sig.code, sig.err]).toEqual([2, `natalia-audit verify-report: cannot read the signature ${pipe}: it is a named pipe, not a file\n`]);
  });

  it('verify-report exports the public key and checks a report against it', async () => {
    const key = join(dir, 'workstation-public-key.json');
    expect((await run(runVerifyReport, ['--export-key', key])).code).toBe(0);
    expect(JSON.parse(readFileSync(key, 'utf8')).format).toBe('natalia-audit.workstation-public-key.v1');
    expect((await run(runVerifyReport, [pdf, '--key', key])).out).toContain(`signed by key ${JSON.parse(readFileSync(key, 'utf8')).kid}, the key in ${key} given with --key`);
    const other = JSON.parse(readFileSync(key, 'utf8'));
    other.public_key = 'O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik=';
    writeFileSync(join(dir, 'other-key.json'), JSON.stringify(other));
    expect((await run(runVerifyReport, [pdf, '--key', join(dir, 'other-key.json')])).code).toBe(1);
    const shown = await run(runVerifyReport, ['--show-key']);
    expect(JSON.parse(shown.out).kid).toBe(JSON.parse(readFileSync(key, 'utf8')).kid);
  });

  describe('verify-report trusts only a key the user vouches for', () => {
    /** A copy of the French report, changed, then signed again by someone else's key: what a forger would send. */
    function forge(name: string): { file: string; keyFile: string; fingerprint: string; kid: string } {
      const forger = loadOrCreateWorkstationKey(join(dir, `forger-${name}`));
      const file = join(dir, `${name}.pdf`);
      const bytes = readFileSync(pdf);
      bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 1;
      writeFileSync(file, bytes);
      const sig = signReport(bytes, { file, kind: 'erasure-pdf', signedAt: '2026-03-03T10:00:00.000Z' }, forger);
      writeFileSync(`${file}.sig.json`, serializeSignature(sig));
      const keyFile = join(dir, `forger-${name}-public-key.json`);
      writeFileSync(keyFile, JSON.stringify(exportWorkstationPublicKey(forger)));
      return { file, keyFile, kid: forger.kid, fingerprint: sha256Hex(Buffer.from(forger.publicKey, 'base64')) };
    }

    it('a report changed and signed again with another key is not VALID: UNKNOWN SIGNER, its fingerprint and how to check it, exit 1', async () => {
      const f = forge('forged');
      const r = await run(runVerifyReport, [f.file]);
      expect(r.code).toBe(1);
      expect(r.out).not.toContain('VALID:');
      expect(r.out).toMatch(/^UNKNOWN SIGNER: .*forged\.pdf is intact as signed \(erasure-pdf, sha256 [0-9a-f]{64}; report as of 2026-03-03T10:00:00\.000Z\), but by a key you have not vouched for/);
      expect(r.out).toContain(`Signing key: kid ${f.kid}, fingerprint (SHA-256 of the public key) ${f.fingerprint}.`);
      expect(f.fingerprint.startsWith(f.kid)).toBe(true);
      expect(r.out).toContain(`natalia-audit verify-report ${f.file} --key FILE`);
      expect(r.out).toContain('--export-key FILE');
      // Against the auditor's real key: another key than --key, INVALID.
      const key = join(dir, 'workstation-public-key.json');
      if (!existsSync(key)) await run(runVerifyReport, ['--export-key', key]);
      const against = await run(runVerifyReport, [f.file, '--key', key]);
      expect(against.code).toBe(1);
      expect(against.out).toMatch(/^INVALID: .*not by the expected key/);
      // Whoever vouches for the forger's key gets VALID: the verdict is about that key.
      const vouched = await run(runVerifyReport, [f.file, '--key', f.keyFile]);
      expect(vouched.code).toBe(0);
      expect(vouched.out).toContain(`VALID: ${f.file}`);
    });

    it("on another machine, the auditor's genuine report is UNKNOWN SIGNER until checked with the auditor's exported key", async () => {
      const key = join(dir, 'auditor-public-key.json');
      expect((await run(runVerifyReport, ['--export-key', key])).code).toBe(0);
      const elsewhere = join(dir, 'recipient-workstation');
      process.env.NATALIA_AUDIT_HOME = elsewhere;
      try {
        const unknown = await run(runVerifyReport, [pdf]);
        expect(unknown.code).toBe(1);
        expect(unknown.out).toContain(`UNKNOWN SIGNER: ${pdf} is intact as signed`);
        const known = await run(runVerifyReport, [pdf, '--key', key]);
        expect(known.code).toBe(0);
        expect(known.out).toMatch(/^VALID: /);
        // Checking makes no key on the recipient's machine.
        expect(existsSync(join(elsewhere, KEY_FILE))).toBe(false);
      } finally {
        process.env.NATALIA_AUDIT_HOME = join(dir, 'workstation');
      }
    });

    it('--json gives the verdict a script needs, with the same exit codes', async () => {
      const own = await run(runVerifyReport, [pdf, '--json']);
      expect(own.code).toBe(0);
      const sig = JSON.parse(readFileSync(`${pdf}.sig.json`, 'utf8'));
      expect(JSON.parse(own.out)).toEqual({
        verdict: 'valid',
        valid: true,
        intact: true,
        signer_known: true,
        signer: 'workstation',
        file: pdf,
        signature_file: `${pdf}.sig.json`,
        kid: sig.kid,
        fingerprint: sha256Hex(Buffer.from(sig.public_key, 'base64')),
        kind: 'erasure-pdf',
        sha256: sha256Hex(readFileSync(pdf)),
        signed_at: sig.signed_at,
        notes: [],
      });
      const f = forge('forged-json');
      const unknown = await run(runVerifyReport, [f.file, '--json']);
      expect(unknown.code).toBe(1);
      expect(JSON.parse(unknown.out)).toMatchObject({ verdict: 'unknown_signer', valid: false, intact: true, signer_known: false, signer: null, kid: f.kid, fingerprint: f.fingerprint });
      const changed = join(dir, 'changed-json.pdf');
      writeFileSync(changed, Buffer.concat([readFileSync(pdf), Buffer.from('\n')]));
      const bad = await run(runVerifyReport, [changed, '--sig', `${pdf}.sig.json`, '--json']);
      expect(bad.code).toBe(1);
      expect(JSON.parse(bad.out)).toMatchObject({ verdict: 'invalid', valid: false, intact: false, signer_known: true, reason: 'the file was changed after it was signed (SHA-256 differs)' });
    });

    it('given the .sig.json instead of the report, checks the report it signs; with --sig too, says to pass the report', async () => {
      const r = await run(runVerifyReport, [`${pdf}.sig.json`]);
      expect(r.code).toBe(0);
      expect(r.out).toContain(`VALID: ${pdf} (erasure-pdf`);
      expect(r.out).toContain(`Note: ${pdf}.sig.json is a signature file: checked the report it signs, ${pdf}.`);
      await expect(run(runVerifyReport, [`${pdf}.sig.json`, '--sig', `${pdf}.sig.json`])).rejects.toThrow(
        `${pdf}.sig.json is a signature file: pass the report itself (${pdf}), with --sig only when its signature is not next to it`,
      );
    });
  });
});
