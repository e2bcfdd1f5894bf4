// An import thread that crashes or runs out of memory never runs
// importBundle's `finally`: the side that started it cleans up after it
// (shared/host/import-thread.ts). The worker here (crashing-import-worker.ts)
// holds what a real import holds when it fails, then dies.
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseFile } from '../../shared/engine/case/case-file.js';
import { workerScript } from '../../shared/engine/worker-script.js';
import { threadImporter } from '../../shared/host/import-thread.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'natalia-import-thread-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const script = workerScript(import.meta.url, 'crashing-import-worker');

function importer(temps: string) {
  // A small heap, so the 'oom' worker reaches its limit quickly; the 'throw' one never comes near it.
  return threadImporter({ script, tempRoot: temps, resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 } });
}

async function crash(mode: 'throw' | 'oom', casePath: string, temps: string) {
  const progress: string[] = [];
  const run = importer(temps)(casePath, mode, { signal: new AbortController().signal, onProgress: (p) => progress.push(p.stage) });
  await expect(run).rejects.toThrow(/the import stopped unexpectedly/);
  // The thread got as far as holding everything before it died.
  expect(progress).toEqual(['audit']);
}

describe('an import thread that dies without an outcome', () => {
  for (const mode of ['throw', 'oom'] as const) {
    it(`(${mode}) leaves no case file it created and no temporary folder`, async () => {
      const temps = await mkdtemp(join(dir, `temps-${mode}-`));
      const casePath = join(dir, `new-${mode}.natalia-case`);
      await crash(mode, casePath, temps);
      expect(existsSync(casePath)).toBe(false);
      expect(existsSync(`${casePath}-journal`)).toBe(false);
      expect(readdirSync(temps)).toEqual([]);
    }, 120_000);

    it(`(${mode}) leaves a case that existed as it was, and usable`, async () => {
      const temps = await mkdtemp(join(dir, `temps-existing-${mode}-`));
      const casePath = join(dir, `existing-${mode}.natalia-case`);
      const before = CaseFile.open(casePath, { create: true });
      const caseId = before.id;
      before.close();
      await crash(mode, casePath, temps);
      expect(readdirSync(temps)).toEqual([]);
      const after = CaseFile.open(casePath);
      try {
        expect(after.id).toBe(caseId);
        expect(after.info('crashed_import')).toBeUndefined();
        // Not left locked: a write transaction of its own goes through.
        after.store.begin();
        after.store.rollback();
      } finally {
        after.close();
      }
    }, 120_000);
  }
});
