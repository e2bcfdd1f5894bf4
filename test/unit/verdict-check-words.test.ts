// The Verdict screen says what each check verifies in the user's language:
// every check the verifier runs (CHECK_IDS, the one list) has its sentence in
// every catalog, so a new check cannot reach the screen unnamed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_IDS } from '../../shared/model/verification.js';

const LOCALES = join(import.meta.dirname, '../../renderer/src/i18n/locales');

describe('the checks in the Verdict screen', () => {
  for (const lang of readdirSync(LOCALES)) {
    it(`are each described in ${lang}, with the notices and the verifier's detail`, () => {
      const verdict = JSON.parse(readFileSync(join(LOCALES, lang, 'verdict.json'), 'utf8')) as { checks: { what: Record<string, string>; detail: string } & Record<string, unknown> };
      expect(Object.keys(verdict.checks.what).sort()).toEqual([...CHECK_IDS].sort());
      for (const id of CHECK_IDS) expect(verdict.checks.what[id]!.length, `${lang} ${id}`).toBeGreaterThan(20);
      expect(verdict.checks.detail).toContain('{{text}}');
      expect(verdict.checks.withNotices_other).toContain('{{count, number}}');
    });
  }
});
