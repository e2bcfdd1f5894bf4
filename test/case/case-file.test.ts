// Opening a case: a new case gets one identity and one first custody entry,
// even when two processes open the same new case at once (two imports).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CaseFile, startCase } from '../../shared/engine/case/case-file.js';
import { EvidenceStore } from '../../shared/engine/store/evidence-store.js';

const dir = mkdtempSync(join(tmpdir(), 'natalia-case-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a new case', () => {
  it('is started once when another process found it empty too and starts it after this one', () => {
    const path = join(dir, 'race.case');
    // The other process opened the new file and found no identity, then this one made the case.
    const theirs = EvidenceStore.open(path, { create: true });
    expect(theirs.db.prepare("SELECT value FROM case_info WHERE key = 'case_id'").get()).toBeUndefined();
    const mine = CaseFile.open(path, { create: true });
    const id = mine.id;
    // Now the other process gets the write lock: it must find the case started and leave it.
    startCase(theirs.db);
    theirs.close();
    expect(mine.id).toBe(id);
    expect(mine.custody().map((r) => r.action)).toEqual(['case.create']);
    expect(mine.checkCustody().ok).toBe(true);
    mine.close();
  });
});
