// What the API writes for a person (shared/api/words.ts) exists in every
// language the screens speak, key for key, and French follows the same
// typography as the screens' catalog (test/unit/i18n-catalog.test.ts).
import { describe, expect, it } from 'vitest';
import { API_WORDS, wordsOf } from '../../shared/api/words.js';
import { callLanguage } from '../../shared/api/contract.js';

/** Every sentence of a language, by path; a sentence made of values is made with sample ones. */
function sentences(node: unknown, path = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof node === 'string') out.set(path, node);
  else if (typeof node === 'function') {
    const sample = { reportId: 'AR-1', bundles: 2, findings: 3, certificateId: 'ERC-1', custodySeq: 4, reviewer: 'Ana', day: '2026-03-02', by: 'ana', user: 'ana', host: 'pc', version: '1', name: 'n', verdict: 'trusted', reason: 'r', kind: 'decision', value: 'accepted', subject: 's', tag: 't', file: '/a/b.pdf', controller: 'C', dpo_name: 'D', screen: 'audit', filter: {}, question_id: 'A&A-01.1', answer: 'Yes', author: 'ana' };
    const fn = node as (v: unknown) => unknown;
    // A sentence about one value (an errno, a check's name) takes a word; the others a record of values.
    const made = String(fn(sample));
    out.set(path, made.includes('[object Object]') ? String(fn('EACCES')) : made);
  } else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) for (const [kk, vv] of sentences(v, path ? `${path}.${k}` : k)) out.set(kk, vv);
  return out;
}

describe('the API\'s words', () => {
  const en = sentences(API_WORDS.en);
  it('has every sentence in every language, and no other', () => {
    expect(en.size).toBeGreaterThan(40);
    for (const [lang, words] of Object.entries(API_WORDS)) expect([...sentences(words).keys()].sort(), lang).toEqual([...en.keys()].sort());
  });

  it('says something in French different from the English, with French typography', () => {
    const problems: string[] = [];
    for (const [key, text] of sentences(API_WORDS.fr)) {
      if (text.trim() === '') problems.push(`${key} is empty`);
      if (text === en.get(key) && !/^(report|check)\./.test(key) && !/\.(csv|xlsx|pdf)$/.test(key)) problems.push(`${key} is the English: "${text}"`);
      const prose = text.replace(/\d:\d/g, '').replace(/[A-Z]&[A-Z]-\d+\.\d/g, '');
      if (/[:;?!](?!\/\/)/u.test(prose.replace(/[\u00a0\u202f][:;?!]/gu, ''))) problems.push(`${key}: no-break space before the mark: "${text}"`);
      if (/'/.test(prose)) problems.push(`${key}: use the apostrophe ’: "${text}"`);
    }
    expect(problems).toEqual([]);
  });

  it('answers in French only when the call says French', () => {
    expect(callLanguage('fr')).toBe('fr');
    expect(callLanguage('fr-FR,fr;q=0.9')).toBe('fr');
    expect(callLanguage('en')).toBe('en');
    expect(callLanguage(undefined)).toBe('en');
    expect(callLanguage('de')).toBe('en');
    expect(callLanguage(42)).toBe('en');
    expect(wordsOf(undefined)).toBe(API_WORDS.en);
  });
});
