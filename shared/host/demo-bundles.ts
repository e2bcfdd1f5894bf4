// Bundles a demo case opens with. By default the reference samples shipped in
// test/fixtures/samples (each with the trust roots of its vendor); callers may
// add generated ones (e.g. the demo command's tampered copy).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EnginePort } from '../api/engine-port.js';
import { ApiFailure } from '../api/result.js';
import type { VerificationResult } from '../model/verification.js';

export interface DemoBundle {
  /** Words for progress messages. */
  label: string;
  /** Bag name as the case will record it (used to skip bundles already imported). */
  name: string;
  path: string;
  trustPath?: string;
}

export function sampleDemoBundles(projectRoot: string): DemoBundle[] {
  const root = join(projectRoot, 'test', 'fixtures', 'samples');
  const out: DemoBundle[] = [];
  for (const folder of ['minimal', 'full', 'inserts']) {
    const dir = join(root, folder);
    if (!existsSync(dir)) continue;
    const entry = readdirSync(dir).find((n) => n.startsWith('natalia-evidence-'));
    if (!entry) continue;
    out.push({
      label: `sample "${folder}"`,
      name: entry.replace(/\.(zip|tar\.gz)$/, ''),
      path: join(dir, entry),
      trustPath: join(dir, 'trust-roots.json'),
    });
  }
  return out;
}

/** Finds or creates the demo case and imports the bundles it does not hold yet. */
export async function openDemoCase(engine: EnginePort, bundles: DemoBundle[], say?: (m: string) => void): Promise<string> {
  const name = 'Demo evidence';
  const existing = (await engine.listCases()).find((c) => c.name === name);
  const summary = existing ?? (await engine.createCase(name));
  const detail = await engine.getCase(summary.id);
  const have = new Set(detail.bundles.map((b) => b.name));
  for (const b of bundles) {
    if (have.has(b.name)) continue;
    say?.(`Importing ${b.label} …`);
    const controller = new AbortController();
    let lastStage = '';
    try {
      const imported = await engine.importBundle(summary.id, b.path, {
        trustPath: b.trustPath,
        // One line per stage: progress events repeat a stage many times.
        onProgress: (p) => {
          if (p.label !== lastStage) say?.(`  ${p.label}`);
          lastStage = p.label;
        },
        signal: controller.signal,
      });
      const result = await engine.getVerification({ caseId: summary.id, bundleId: imported.bundleId });
      say?.(verdictLine(b.label, result));
    } catch (e) {
      // Already in the case under another name: nothing to add.
      if (e instanceof ApiFailure && e.code === 'conflict') continue;
      throw e;
    }
  }
  return summary.id;
}

/** The verdict in one line, with the most severe finding and its place: what a terminal user needs. */
function verdictLine(label: string, r: VerificationResult): string {
  const words = { trusted: 'TRUSTED', problems: 'PROBLEMS FOUND', unverifiable: 'COULD NOT VERIFY', partial: 'PARTLY CHECKED' }[r.verdict];
  // The most severe finding that points at an entry says more than a file-level one.
  const top = r.findings.filter((f) => f.severity === r.findings[0]?.severity);
  const first = top.find((f) => f.seq !== undefined) ?? r.findings[0];
  if (!first || r.verdict === 'trusted') return `  → ${label}: ${words}`;
  const where = [first.file && (first.line ? `${first.file}:${first.line}` : first.file), first.seq !== undefined && `seq ${first.seq}`].filter(Boolean).join(', ');
  return `  → ${label}: ${words}, ${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}; first: ${first.code}${where ? ` at ${where}` : ''}`;
}
