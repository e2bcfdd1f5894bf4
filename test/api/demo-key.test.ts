// A demo signs with a throwaway key: made in a temporary home for this launch
// and removed with it, never the workstation's own key (which the auditor
// hands to recipients). A launch that is not a demo signs with the real one.
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_FILE, loadOrCreateWorkstationKey } from '../../shared/engine/reports/signing/workstation-key.js';
import { startWebWorkstation, type WebWorkstation } from '../../shared/server/start-web.js';

let dir: string;
let realHome: string;
let realKid: string;
const savedHome = process.env.NATALIA_AUDIT_HOME;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'natalia-demo-key-test-'));
  realHome = join(dir, 'workstation');
  process.env.NATALIA_AUDIT_HOME = realHome;
  realKid = loadOrCreateWorkstationKey(realHome).kid;
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>t</title>');
});

afterAll(async () => {
  if (savedHome === undefined) delete process.env.NATALIA_AUDIT_HOME;
  else process.env.NATALIA_AUDIT_HOME = savedHome;
  await rm(dir, { recursive: true, force: true });
});

async function signingKid(ws: WebWorkstation): Promise<string> {
  const r = await fetch(`http://127.0.0.1:${ws.port}/api/call/reports.key`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${ws.apiSession()}`, 'Content-Type': 'application/json' },
    body: '{}',
  });
  const j = (await r.json()) as { ok: boolean; value: { kid: string } };
  expect(j.ok).toBe(true);
  return j.value.kid;
}

describe('the key a launch signs with', () => {
  it('is a throwaway one in a demo, removed when the demo stops', async () => {
    const throwaways = () => readdirSync(tmpdir()).filter((n) => n.startsWith('natalia-demo-key-') && !n.startsWith('natalia-demo-key-test-'));
    const before = new Set(throwaways());
    const ws = await startWebWorkstation({ port: 0, caseDir: join(dir, 'demo-cases'), demo: [], rendererRoot: dir });
    let home: string | undefined;
    try {
      const kid = await signingKid(ws);
      expect(kid).not.toBe(realKid);
      const made = throwaways().filter((n) => !before.has(n));
      expect(made).toHaveLength(1);
      home = join(tmpdir(), made[0]!);
      expect(existsSync(join(home, KEY_FILE))).toBe(true);
    } finally {
      await ws.close();
    }
    expect(existsSync(home!)).toBe(false);
    // The real key is untouched.
    expect(loadOrCreateWorkstationKey(realHome).kid).toBe(realKid);
  });

  it('is the workstation key outside a demo', async () => {
    const ws = await startWebWorkstation({ port: 0, caseDir: join(dir, 'cases'), rendererRoot: dir });
    try {
      expect(await signingKid(ws)).toBe(realKid);
    } finally {
      await ws.close();
    }
  });
});
