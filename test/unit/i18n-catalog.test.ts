// The screens' message catalog (renderer/src/i18n/locales/<language>/<namespace>.json):
// every language has every namespace and every key the other has, each plural
// key has the forms its language's plural rules ask for, placeholders agree,
// counts are formatted, and French follows French typography.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FINDING_CATALOG } from '../../shared/model/findings.js';
import { FINDING_CATALOG_FR } from '../../shared/model/findings-fr.js';

const LOCALES = join(process.cwd(), 'renderer', 'src', 'i18n', 'locales');
const LANGUAGES = ['en', 'fr'];
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

type Messages = { [k: string]: string | Messages };

function flatten(m: Messages, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(m)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

function load(lang: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const f of readdirSync(join(LOCALES, lang)).filter((f) => f.endsWith('.json'))) {
    out.set(f.replace(/\.json$/, ''), flatten(JSON.parse(readFileSync(join(LOCALES, lang, f), 'utf8')) as Messages));
  }
  return out;
}

const catalogs = new Map(LANGUAGES.map((l) => [l, load(l)]));
// French finding words live in shared/model (the French findings report uses them too).
catalogs.get('fr')!.set('findings', flatten(FINDING_CATALOG_FR as unknown as Messages));

/** Namespaces only translations have: English is the source they translate (renderer/src/i18n/finding-words.ts). */
const TRANSLATION_ONLY = ['findings'];

/** Plural forms the language uses for integers, from the same CLDR rules i18next asks Intl for. */
function pluralForms(lang: string): Set<string> {
  const rules = new Intl.PluralRules(lang);
  const forms = new Set<string>();
  for (const n of [0, 1, 2, 3, 5, 11, 21, 100, 1_000_000, 1_000_001]) forms.add(rules.select(n));
  return forms;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]!).sort();

/** Catalog keys without plural suffixes: what the code asks for. */
function baseKeys(ns: Map<string, string>): Set<string> {
  return new Set([...ns.keys()].map((k) => k.replace(PLURAL_SUFFIX, '')));
}

describe('the message catalog', () => {
  it('has the same namespaces in every language', () => {
    const names = LANGUAGES.map((l) => [...catalogs.get(l)!.keys()].filter((n) => !TRANSLATION_ONLY.includes(n)).sort());
    expect(names[0]!.length).toBeGreaterThan(3);
    for (const n of names) expect(n).toEqual(names[0]);
  });

  for (const ns of [...catalogs.get('en')!.keys()]) {
    it(`namespace ${ns}: same keys, plural forms, placeholders in every language`, () => {
      const en = catalogs.get('en')!.get(ns)!;
      for (const lang of LANGUAGES) {
        const cat = catalogs.get(lang)!.get(ns)!;
        expect([...baseKeys(cat)].sort(), `${lang}/${ns}.json keys`).toEqual([...baseKeys(en)].sort());
        const forms = pluralForms(lang);
        for (const key of baseKeys(cat)) {
          const have = [...cat.keys()].filter((k) => k.replace(PLURAL_SUFFIX, '') === key && PLURAL_SUFFIX.test(k) && k !== key);
          if (have.length === 0) continue;
          expect(new Set(have.map((k) => PLURAL_SUFFIX.exec(k)![1])), `${lang}/${ns}.json ${key}: plural forms`).toEqual(forms);
        }
        for (const [key, text] of cat) {
          expect(text.trim(), `${lang}/${ns}.json ${key} is empty`).not.toBe('');
          // A count shows as the locale writes numbers ("8 333"), never as raw digits.
          expect(text, `${lang}/${ns}.json ${key}: write {{count, number}}`).not.toMatch(/\{\{\s*count\s*\}\}/);
          const enText = en.get(key) ?? en.get(key.replace(PLURAL_SUFFIX, '_other'));
          if (enText !== undefined) expect(placeholders(text), `${lang}/${ns}.json ${key}: placeholders`).toEqual(placeholders(enText));
        }
      }
    });
  }

  it('translates the title and meaning of every finding code, and no other code', () => {
    for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
      const keys = [...(catalogs.get(lang)!.get('findings') ?? new Map<string, string>()).keys()].sort();
      expect(keys, `${lang}/findings.json`).toEqual(Object.keys(FINDING_CATALOG).flatMap((code) => [`${code}.meaning`, `${code}.title`]).sort());
    }
  });

  it('writes French with French typography: no-break space before : ; ? ! and inside « »', () => {
    const problems: string[] = [];
    for (const [ns, cat] of catalogs.get('fr')!) {
      for (const [key, text] of cat) {
        // Drop placeholders and times (09:14) before looking at punctuation.
        const prose = text.replace(/\{\{[^}]*\}\}/g, 'X').replace(/\d:\d/g, '');
        // Once the well-spaced marks are taken out, any : ; ? ! left (bar a URL's "://") lacks its space.
        if (/[:;?!](?!\/\/)/u.test(prose.replace(/[\u00a0\u202f][:;?!]/gu, ''))) problems.push(`${ns}:${key}: no-break space before the mark: "${text}"`);
        if (/«(?![\u00a0\u202f])|(?<![\u00a0\u202f])»/u.test(prose)) problems.push(`${ns}:${key}: guillemets need no-break spaces: "${text}"`);
        if (/'/.test(prose)) problems.push(`${ns}:${key}: use the apostrophe ’: "${text}"`);
      }
    }
    expect(problems).toEqual([]);
  });
});
