// `npm run sbom`: a CycloneDX SBOM of what the desktop app ships (the npm
// packages electron-builder packs, i.e. production dependencies), made by
// @cyclonedx/cyclonedx-npm from the installed node_modules, offline.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const dir = mkdtempSync(join(tmpdir(), 'natalia-sbom-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Bom {
  bomFormat: string;
  specVersion: string;
  metadata: { component: { name: string; version: string } };
  components: { name: string; group?: string; version: string; purl: string }[];
}

describe('npm run sbom', () => {
  it('writes a CycloneDX SBOM of the shipped packages, without the development tools', () => {
    const script = pkg.scripts.sbom!;
    expect(script).toMatch(/^cyclonedx-npm --omit dev /);
    const out = join(dir, 'sbom.cdx.json');
    // The script as written, to another file: the last --output-file wins.
    execFileSync('npm', ['run', '--silent', 'sbom', '--', '--output-file', out], { cwd: process.cwd(), stdio: 'pipe', timeout: 120_000 });
    const bom = JSON.parse(readFileSync(out, 'utf8')) as Bom;
    expect(bom.bomFormat).toBe('CycloneDX');
    expect(bom.specVersion).toBe('1.6');
    expect(bom.metadata.component).toMatchObject({ name: pkg.name, version: pkg.version });
    const names = new Set(bom.components.map((c) => (c.group ? `${c.group}/${c.name}` : c.name)));
    for (const dep of Object.keys(pkg.dependencies)) expect(names.has(dep), dep).toBe(true);
    for (const dev of ['vitest', 'electron-builder', 'playwright-core', '@cyclonedx/cyclonedx-npm', 'eslint']) {
      if (dev in pkg.dependencies) continue;
      expect(names.has(dev), dev).toBe(false);
    }
    for (const c of bom.components) expect(c.purl).toMatch(/^pkg:npm\//);
  }, 180_000);
});
