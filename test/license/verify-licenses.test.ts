// verifyLicenses on the minimal sample, and on licenses that are not what a
// license file can be: the verifier reports them and never reads a huge one.
import { cpSync, mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTrustStore } from '../../shared/engine/license/trust-store.js';
import { CURRENT_LICENSE, MAX_LICENSE_BYTES, verifyLicenses } from '../../shared/engine/license/verify-licenses.js';

const SAMPLE = join(import.meta.dirname, '../fixtures/samples/minimal');
const BAG = 'natalia-evidence-NAT-EC94-0782-20260302T091407Z';
const INSTALLATION = 'NAT-EC94-0782';
const EXPORTED_AT = '2026-03-02T09:14:07.512Z';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function copyOfSample(): string {
  const dir = mkdtempSync(join(tmpdir(), 'natalia-licenses-'));
  dirs.push(dir);
  cpSync(join(SAMPLE, BAG), join(dir, BAG), { recursive: true });
  return join(dir, BAG);
}

async function verify(bagRoot: string) {
  const trust = await loadTrustStore(join(SAMPLE, 'trust-roots.json'));
  return verifyLicenses({ bagRoot, files: [CURRENT_LICENSE], trust, installationId: INSTALLATION, exportedAt: EXPORTED_AT });
}

describe('verifyLicenses', () => {
  it('trusts the license of the sample and grants its audit key', async () => {
    const r = await verify(join(SAMPLE, BAG));
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(r.trusted.map((t) => t.file)).toEqual([CURRENT_LICENSE]);
    expect(r.grants.length).toBeGreaterThan(0);
  });

  it('refuses a license file far larger than a license, without reading it', async () => {
    const bag = copyOfSample();
    // Sparse: 64 MiB of zeros on paper, nothing on disk. Read whole, it would cost the memory.
    truncateSync(join(bag, CURRENT_LICENSE), 64 << 20);
    const r = await verify(bag);
    expect(r.findings.map((f) => [f.code, f.file])).toContainEqual(['license.malformed', CURRENT_LICENSE]);
    expect(r.findings.find((f) => f.code === 'license.malformed')!.message).toBe(
      `${CURRENT_LICENSE} is ${64 << 20} bytes, far more than a license holds; it was not read.`,
    );
    expect(r.grants).toEqual([]);
    expect(r.summaries).toEqual([{ file: CURRENT_LICENSE, trusted: false, audit_kids: [] }]);
    expect(64 << 20).toBeGreaterThan(MAX_LICENSE_BYTES);
  });
});
