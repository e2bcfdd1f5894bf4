// The erasure report as a DPO sends it: it names the case by its name (never
// its internal id), the day it was made, the controller and the DPO set once
// for the case (natalia-audit parties, kept in the chain of custody), and
// tells the recipient how to check the signature in plain words, with no
// command line. Still byte-reproducible for the same day, and verify-report
// still passes on it.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { importBundle } from '../../shared/engine/case/import-bundle.js';
import { CaseFile } from '../../shared/engine/case/case-file.js';
import { runErasureReport } from '../../shared/cli/commands/erasure-report.js';
import { runParties } from '../../shared/cli/commands/parties.js';
import { runVerifyReport } from '../../shared/cli/commands/verify-report.js';
import { UsageError } from '../../shared/cli/cli-error.js';
import { SAMPLE_BAG } from './helpers/sample-verification.js';
import { pdfText } from './helpers/pdf-text.js';

const dir = mkdtempSync(join(tmpdir(), 'natalia-erasure-sent-'));
const casePath = join(dir, 'Acme DSAR 2026.natalia-case');
const savedHome = process.env.NATALIA_AUDIT_HOME;

async function run(fn: (argv: string[]) => Promise<number>, argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  try {
    return { code: await fn(argv), out };
  } finally {
    o.mockRestore();
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

describe('the controller and DPO of a case', () => {
  it('are set once with natalia-audit parties, each change a custody entry, and printed back', async () => {
    expect((await run(runParties, [casePath])).out).toBe('Controller: (not set)\nDPO: (not set)\n');
    const set = await run(runParties, [casePath, '--controller', 'Acme Telecom SAS', '--dpo', 'Claire Martin', '--dpo-contact', 'dpo@acme.example']);
    expect(set.code).toBe(0);
    expect(set.out).toMatch(/^Controller: Acme Telecom SAS\nDPO: Claire Martin \(dpo@acme\.example\)\nRecorded in the case \(custody entry \d+\)/);
    expect((await run(runParties, [casePath, '--dpo', 'Claire Martin'])).out).toContain('The case already says so: nothing recorded.');
    const c = CaseFile.open(casePath, { readonly: true });
    try {
      expect(c.custody().filter((e) => e.action === 'case.parties')).toHaveLength(1);
      expect(c.checkCustody().ok).toBe(true);
    } finally {
      c.close();
    }
    expect(JSON.parse((await run(runParties, [casePath, '--json'])).out)).toEqual({ controller: 'Acme Telecom SAS', dpo: { name: 'Claire Martin', contact: 'dpo@acme.example' } });
  });

  it('refuses a name with a line break, a contact without a DPO, and changes nothing', async () => {
    await expect(run(runParties, [casePath, '--controller', 'Acme\nEvil'])).rejects.toThrow(new UsageError('cannot set the parties: the controller holds a control character (a line break, a tab)'));
    await expect(run(runParties, [casePath, '--dpo', ''])).rejects.toThrow(/a DPO's contact needs the DPO's name/);
    expect(JSON.parse((await run(runParties, [casePath, '--json'])).out).dpo.name).toBe('Claire Martin');
  });
});

describe('the erasure report as sent', () => {
  const args = (out: string, lang: 'fr' | 'en', day = '2026-12-01') => [casePath, 'ERC-2026-000017', '--lang', lang, '--out', out, '--generated-on', day];

  it('names the case, its day, the controller and DPO, and says how to check it without a command line (English)', async () => {
    const out = join(dir, 'sent-en.pdf');
    expect((await run(runErasureReport, args(out, 'en'))).code).toBe(0);
    const text = (await pdfText(readFileSync(out))).flat;
    const facts = JSON.parse(readFileSync(join(dir, 'sent-en.json'), 'utf8'));
    expect(text).toContain('Case Acme DSAR 2026');
    // The internal id is the JSON twin's, not the reader's.
    expect(facts.case).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'Acme DSAR 2026' });
    expect(text).not.toContain(facts.case.id);
    expect(facts.generated_on).toBe('2026-12-01');
    expect(text).toContain('Report made on 1 December 2026');
    expect(text).toContain('Controller Acme Telecom SAS');
    expect(text).toContain('Data protection officer Claire Martin (dpo@acme.example)');
    expect(facts.controller).toBe('Acme Telecom SAS');
    expect(facts.dpo).toEqual({ name: 'Claire Martin', contact: 'dpo@acme.example' });
    expect(text).toContain('How to check this report');
    expect(text).toContain('Ask Claire Martin (dpo@acme.example) for the workstation');
    expect(text).toContain('on the Cases screen, use "Check a report you received"');
    expect(text.replace(/\s+/g, '')).toContain(facts.signer.fingerprint);
    expect(text).not.toMatch(/natalia-audit verify-report|--key/);
  });

  it('in French too', async () => {
    const out = join(dir, 'sent-fr.pdf');
    expect((await run(runErasureReport, args(out, 'fr'))).code).toBe(0);
    const text = (await pdfText(readFileSync(out))).flat;
    expect(text).toContain('Dossier Acme DSAR 2026');
    expect(text).toContain('Rapport établi le 1 décembre 2026');
    expect(text).toContain('Responsable du traitement Acme Telecom SAS');
    expect(text).toContain('Délégué à la protection des données Claire Martin (dpo@acme.example)');
    expect(text).toContain('Comment vérifier ce rapport');
    expect(text).toContain('écran Dossiers, « Vérifier un rapport reçu »');
    expect(text).not.toMatch(/natalia-audit verify-report/);
  });

  it('is the same bytes made again for the same day, another day changes only its date; verify-report passes', async () => {
    mkdirSync(join(dir, 'again'));
    await run(runErasureReport, args(join(dir, 'again', 'sent-en.pdf'), 'en'));
    for (const suffix of ['pdf', 'pdf.sig.json', 'json', 'json.sig.json']) {
      expect(readFileSync(join(dir, 'again', `sent-en.${suffix}`)).equals(readFileSync(join(dir, `sent-en.${suffix}`))), suffix).toBe(true);
    }
    const later = join(dir, 'later.pdf');
    await run(runErasureReport, args(later, 'en', '2026-12-02'));
    expect((await pdfText(readFileSync(later))).flat).toContain('Report made on 2 December 2026');
    for (const f of [join(dir, 'sent-en.pdf'), join(dir, 'sent-fr.pdf'), later, join(dir, 'sent-en.json')]) {
      const r = await run(runVerifyReport, [f]);
      expect([r.code, r.out.split('\n')[0]], f).toEqual([0, expect.stringContaining('VALID')]);
    }
  });

  it('refuses a report day that does not exist or is ahead of the clock', async () => {
    await expect(run(runErasureReport, args(join(dir, 'x.pdf'), 'en', '2026-02-30'))).rejects.toThrow(/--generated-on must be a day YYYY-MM-DD that exists/);
    await expect(run(runErasureReport, args(join(dir, 'x.pdf'), 'en', '2999-01-01'))).rejects.toThrow(/--generated-on 2999-01-01 is in the future/);
  });

  it('without parties set, says so rather than leaving them out', async () => {
    const other = join(dir, 'Bare case.natalia-case');
    await importBundle(other, SAMPLE_BAG, { trustPath: join(SAMPLE_BAG, '../trust-roots.json') });
    const out = join(dir, 'bare.pdf');
    await run(runErasureReport, [other, 'ERC-2026-000017', '--lang', 'en', '--out', out, '--generated-on', '2026-12-01']);
    const text = (await pdfText(readFileSync(out))).flat;
    expect(text).toContain('Controller not set in the case');
    expect(text).toContain('Data protection officer not set in the case');
    expect(text).toContain('Ask the sender for the workstation');
  });
});
