// When a case's chain of custody does not hold, the history commands
// (reveals, replay, erasures) start with a warning, as they do for a bundle
// that did not verify, and exit 1 (their JSON forms keep their shape and warn on stderr).
import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runErasures } from '../../shared/cli/commands/erasures.js';
import { runReplay } from '../../shared/cli/commands/replay.js';
import type { Out } from '../../shared/cli/case-command.js';
import { runReveals } from '../../shared/cli/commands/reveals.js';
import { importBundle } from '../../shared/engine/case/import-bundle.js';
import { loadTrustStore } from '../../shared/engine/license/trust-store.js';
import { MINIMAL_BAG, MINIMAL_TRUST, scratch } from '../crosscheck/pipeline.js';

const RUNS: [string, (path: string, o: Out, json?: boolean) => Promise<number>][] = [
  ['reveals', (p, o, json) => runReveals([p, ...(json ? ['--json'] : [])], o)],
  ['erasures', (p, o, json) => runErasures([p, ...(json ? ['--json'] : [])], o)],
  ['replay', (p, o, json) => runReplay([p, '--at', '2026-03-01T00:00:00.000Z', ...(json ? ['--json'] : [])], o)],
];

function capture() {
  let text = '';
  return { out: { write: (s: string) => (text += s) }, text: () => text };
}

describe('history commands over a case whose custody does not hold', () => {
  const tmp = scratch('natalia-custody-caveat-');
  const good = join(tmp.dir, 'good.case');
  const broken = join(tmp.dir, 'broken.case');
  afterAll(() => tmp.cleanup());

  beforeAll(async () => {
    await importBundle(good, MINIMAL_BAG, { trust: await loadTrustStore(MINIMAL_TRUST) });
    copyFileSync(good, broken);
    const db = new Database(broken);
    db.exec('DROP TRIGGER custody_log_no_update');
    db.prepare("UPDATE custody_log SET os_user = 'someone-else' WHERE seq = 2").run();
    db.close();
  }, 60_000);

  for (const [name, run] of RUNS) {
    it(`${name}: exit as before on an intact case; on a broken one the warning comes first and the exit is 1`, async () => {
      const ok = capture();
      const okCode = await run(good, ok.out);
      expect(ok.text()).not.toContain('WARNING');
      const bad = capture();
      expect(await run(broken, bad.out)).toBe(1);
      expect(bad.text().split('\n')[0]).toMatch(/^WARNING: the case's chain of custody does not hold: .*custody entry 2.* What follows is not proven/);
      expect(okCode).toBe(0);

      const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      try {
        const json = capture();
        expect(await run(broken, json.out, true)).toBe(1);
        expect(() => JSON.parse(json.text()) as unknown).not.toThrow();
        expect(String(err.mock.calls[0]?.[0])).toMatch(/^WARNING: the case's chain of custody does not hold/);
      } finally {
        err.mockRestore();
      }
    }, 60_000);
  }
});
