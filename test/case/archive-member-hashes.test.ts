// A bundle imported as a zip or a tar.gz is kept as one file, but its
// members were each hashed against the bag's manifests at verification: the
// case keeps those hashes (bundle_members, case format 5), and CAIQ citations
// carry each file's SHA-256 whatever the container, as they do for a folder.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseFile } from '../../shared/engine/case/case-file.js';
import { importBundle } from '../../shared/engine/case/import-bundle.js';
import { buildCaiqAnswers } from '../../shared/engine/reports/caiq/build-answers.js';
import { caiqBundlesFromCase } from '../../shared/engine/reports/case-source.js';
import { copyMinimal, MINIMAL_BAG, MINIMAL_TRUST, scratch } from '../crosscheck/pipeline.js';
import { writeTarGz, writeZip } from '../exporter/archive.js';

let tmp: { dir: string; cleanup(): void };
beforeEach(() => {
  tmp = scratch('natalia-members-');
});
afterEach(() => tmp.cleanup());

const NAME = 'natalia-evidence-minimal';
const MTIME = new Date('2026-03-02T09:14:07.512Z');
const shaOf = (bag: string, path: string) => createHash('sha256').update(readFileSync(join(bag, path))).digest('hex');

/** The bag in the given container, imported into a new case; the cited files with their hashes. */
async function citedFiles(bag: string, form: 'directory' | 'zip' | 'tar.gz'): Promise<{ cited: Map<string, string | undefined>; casePath: string }> {
  let source = bag;
  if (form === 'zip') await writeZip(bag, NAME, (source = join(tmp.dir, `${form}-${NAME}.zip`)), MTIME);
  if (form === 'tar.gz') await writeTarGz(bag, NAME, (source = join(tmp.dir, `${form}-${NAME}.tar.gz`)), MTIME);
  const casePath = join(tmp.dir, `${form}.case`);
  await importBundle(casePath, source, { trustPath: MINIMAL_TRUST });
  const c = CaseFile.open(casePath);
  try {
    const answers = buildCaiqAnswers({ case_id: c.id, version: '4.1.0', bundles: caiqBundlesFromCase(c), declared: [] });
    const cited = new Map<string, string | undefined>();
    for (const a of answers) for (const x of a.citations) if (x.kind === 'check' && x.file) cited.set(x.file, x.sha256);
    return { cited, casePath };
  } finally {
    c.close();
  }
}

describe('per-file SHA-256 of every bundle form', () => {
  for (const form of ['directory', 'zip', 'tar.gz'] as const) {
    it(`a ${form} import cites each file with the SHA-256 of its bytes`, async () => {
      const { cited, casePath } = await citedFiles(MINIMAL_BAG, form);
      expect(cited.size).toBeGreaterThan(3);
      const wrong = [...cited].filter(([file, sha256]) => sha256 !== shaOf(MINIMAL_BAG, file)).map(([f]) => f);
      expect(wrong).toEqual([]);
      const c = CaseFile.open(casePath);
      try {
        // The rows bound to the import's custody entry hold: the deep check recomputes them.
        const check = c.checkCustody({ deep: true });
        expect(check.problems).toEqual([]);
        expect(check.rowsChecked).toHaveLength(1);
        const members = c.db.prepare('SELECT count(*) AS n FROM bundle_members').get() as { n: number };
        if (form === 'directory') expect(members.n).toBe(0);
        else expect(members.n).toBeGreaterThan(5);
      } finally {
        c.close();
      }
    });
  }

  it('an archive member changed after export is cited with the hash of what was read, not the manifest’s', async () => {
    const bag = copyMinimal(join(tmp.dir, 'edited'));
    const file = 'data/reveal/reveal-log.csv';
    writeFileSync(join(bag, file), readFileSync(join(bag, file), 'utf8').replace('complaint 9932', 'complaint 9933'));
    const c = await citedFiles(bag, 'zip');
    const db = CaseFile.open(c.casePath);
    try {
      const row = db.db.prepare('SELECT sha256 FROM bundle_members WHERE path = ?').get(file) as { sha256: string };
      expect(row.sha256).toBe(shaOf(bag, file));
      expect(row.sha256).not.toBe(shaOf(MINIMAL_BAG, file));
    } finally {
      db.close();
    }
  });

  it('member rows are evidence: write-once, and an edit shows in the deep custody check', async () => {
    const { casePath } = await citedFiles(MINIMAL_BAG, 'tar.gz');
    const c = CaseFile.open(casePath);
    try {
      expect(() => c.db.prepare("UPDATE bundle_members SET sha256 = ? WHERE path = 'bagit.txt'").run('0'.repeat(64))).toThrow(/write-once/);
      c.db.exec('DROP TRIGGER bundle_members_no_update');
      c.db.prepare("UPDATE bundle_members SET sha256 = ? WHERE path = 'bagit.txt'").run('0'.repeat(64));
      const check = c.checkCustody({ deep: true });
      expect(check.problems.map((p) => p.message).join('\n')).toMatch(/bundle_members rows were changed/);
    } finally {
      c.close();
    }
  });
});
