// The screen table in renderer/src/app/route.ts is the one declaration of a
// screen: its route, its place in the navigation and what it needs. These
// check what is derived from it, so a screen added there is reachable,
// labelled in both languages and grouped with the case or bundle screens.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASE_SCREENS, formatRoute, parseRoute, SCREEN_TABLE, SCREENS, screenNeeds } from '../../renderer/src/app/route.js';

const catalog = (lang: string) => JSON.parse(readFileSync(join('renderer/src/i18n/locales', lang, 'app.json'), 'utf8')) as Record<string, Record<string, string>>;

describe('the screen table', () => {
  it('gives every screen a route that leads back to it', () => {
    for (const screen of SCREENS) {
      const route = { screen, caseId: 'c1', bundleId: 'b1' };
      expect(parseRoute(formatRoute(route))).toMatchObject(route);
    }
    expect(new Set(SCREENS).size).toBe(SCREEN_TABLE.length);
  });

  it('sends an unknown route to the first screen', () => {
    expect(parseRoute('#/nowhere?case=c1').screen).toBe(SCREEN_TABLE[0].id);
  });

  it('groups the screens that need no bundle from the table', () => {
    expect(CASE_SCREENS).toEqual(SCREEN_TABLE.filter((s) => s.needs !== 'bundle').map((s) => s.id));
    expect(CASE_SCREENS).toEqual(['cases', 'replay', 'questionnaire', 'custody']);
    expect(screenNeeds('audit')).toBe('bundle');
  });

  it('labels and titles every screen in both languages', () => {
    for (const lang of ['en', 'fr']) {
      const app = catalog(lang);
      for (const screen of SCREENS) {
        expect(app.nav?.[screen], `${lang} app:nav.${screen}`).toBeTruthy();
        expect(app.title?.[screen], `${lang} app:title.${screen}`).toBeTruthy();
      }
    }
  });
});
