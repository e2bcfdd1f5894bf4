// A disk that fills during an import (SQLite's max_page_count stands for it:
// the same SQLITE_FULL error a full disk gives, without mounting anything):
// one line naming the disk and what was kept, and the case exactly as it was.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DiskFullError, importBundle } from '../../shared/engine/case/import-bundle.js';
import { loadTrustStore } from '../../shared/engine/license/trust-store.js';
import { MINIMAL_BAG, MINIMAL_TRUST, SAMPLES, scratch } from '../crosscheck/pipeline.js';

const INSERTS = join(SAMPLES, 'inserts/natalia-evidence-NAT-0DF2-67CD-20260302T091407Z.tar.gz');
const INSERTS_TRUST = join(SAMPLES, 'inserts/trust-roots.json');
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

describe('a full disk during import', () => {
  const tmp = scratch('natalia-disk-full-');
  afterAll(() => tmp.cleanup());

  it('into an existing case: one line naming the disk, the import rolled back, the case unchanged', async () => {
    const casePath = join(tmp.dir, 'audit.case');
    await importBundle(casePath, MINIMAL_BAG, { trust: await loadTrustStore(MINIMAL_TRUST) });
    const before = sha(casePath);
    const db = new Database(casePath, { readonly: true });
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.close();
    const err = await importBundle(casePath, INSERTS, { trust: await loadTrustStore(INSERTS_TRUST), pageLimit: pages + 8 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DiskFullError);
    const message = (err as Error).message;
    expect(message).toBe(`the disk holding ${tmp.dir} is full (SQLITE_FULL); the import was rolled back and the case is unchanged (it still holds 1 bundle). Free some space and import again.`);
    expect(message).not.toContain('\n');
    expect(sha(casePath)).toBe(before);
  }, 60_000);

  it('into a new case: no case file is kept, and the message says so', async () => {
    const casePath = join(tmp.dir, 'new.case');
    const err = await importBundle(casePath, MINIMAL_BAG, { trust: await loadTrustStore(MINIMAL_TRUST), pageLimit: 40 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DiskFullError);
    expect((err as Error).message).toMatch(/is full \(SQLITE_FULL\); the import was rolled back and no case file was kept\./);
    expect(existsSync(casePath)).toBe(false);
  }, 60_000);
});
