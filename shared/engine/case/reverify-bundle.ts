// Verifies a bundle of a case again, from the copy of its bytes the case
// kept, under the trust store of the day: a bundle imported before the
// vendor's roots were added to the trust store was unverifiable then and may
// be trusted now. The copy is written to a private temporary folder (each
// file hashed as it is written, and checked against the hash recorded at
// import), verified in full with a temporary store, and the new result is
// stored as the bundle's current verification with its custody entry
// (bundle.verify). The rows the import derived are not touched: the same
// bytes give the same rows; only what the trust store grants changes.
import { closeSync, mkdtempSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { Severity } from '../../model/findings.js';
import type { VerificationResult } from '../../model/verification.js';
import type { VerifyOptions } from '../verify/verify-bundle.js';
import { CaseFile, severityCounts } from './case-file.js';
import { checkHistory } from './history-check.js';
import { withFindings } from './import-bundle.js';

export interface ReverifyOptions {
  trustPath?: string;
  trust?: VerifyOptions['trust'];
  /** Recorded instead of the trust store's path when it means nothing to the user. */
  trustLabel?: string;
  tempRoot?: string;
  signal?: AbortSignal;
  onProgress?: VerifyOptions['onProgress'];
}

export interface ReverifyResult {
  bundleId: number;
  verificationId: number;
  previousVerdict: VerificationResult['verdict'] | null;
  result: VerificationResult;
  custodySeq: number;
}

/** The case cannot verify this bundle again (no such bundle, no copy of its bytes, the copy damaged). */
export class ReverifyError extends Error {
  override name = 'ReverifyError';
}

/** Writes the case's copy of the bundle under `dir`; returns the path to verify. */
function writeCopy(c: CaseFile, bundleId: number, dir: string): string {
  const b = c.store.bundle(bundleId)!;
  const files = c.db.prepare('SELECT path, sha256 FROM bundle_files WHERE bundle_id = ? ORDER BY path').all(bundleId) as { path: string; sha256: string }[];
  const kept = (c.db.prepare('SELECT count(*) AS n FROM bundle_content WHERE bundle_id = ?').get(bundleId) as { n: number }).n;
  if (files.length === 0 || kept === 0) throw new ReverifyError(`the case holds no copy of bundle #${bundleId}'s bytes (imported without them): import the bundle again to verify it`);
  // A directory bag goes to a folder of its name; an archive is one file, named as it was.
  const root = b.form === 'directory' ? join(dir, basename(b.name) || 'bundle') : dir;
  const chunks = c.db.prepare('SELECT data FROM bundle_content WHERE bundle_id = ? AND path = ? ORDER BY chunk');
  for (const f of files) {
    const target = resolve(root, f.path);
    if (!target.startsWith(resolve(root) + sep)) throw new ReverifyError(`bundle #${bundleId} names a file outside its bag (${f.path}): the case file was edited`);
    mkdirSync(dirname(target), { recursive: true });
    const h = createHash('sha256');
    const fd = openSync(target, 'wx');
    try {
      for (const r of chunks.iterate(bundleId, f.path) as IterableIterator<{ data: Buffer }>) {
        h.update(r.data);
        writeSync(fd, r.data);
      }
    } finally {
      closeSync(fd);
    }
    if (h.digest('hex') !== f.sha256) throw new ReverifyError(`the case's copy of ${f.path} (bundle #${bundleId}) no longer has the SHA-256 recorded at import: the case file was edited; nothing was verified`);
  }
  return b.form === 'directory' ? root : join(dir, files[0]!.path);
}

export async function reverifyBundle(casePath: string, bundleId: number, opts: ReverifyOptions = {}): Promise<ReverifyResult> {
  const { verifyBundle } = await import('../verify/verify-bundle.js');
  const c = CaseFile.open(casePath);
  const dir = mkdtempSync(join(opts.tempRoot ?? tmpdir(), 'natalia-reverify-'));
  try {
    const b = c.store.bundle(bundleId);
    if (!b) throw new ReverifyError(`there is no bundle #${bundleId} in this case`);
    // Only from a case that holds, rows included: a fresh result stored next to edited evidence would
    // vouch for it, and the file hashes the copy is checked against are rows too (bound by the digest).
    c.assertIntact({ deep: true });
    const previous = c.store.latestVerification(bundleId);
    const path = writeCopy(c, bundleId, dir);
    const verified = await verifyBundle(path, {
      trustPath: opts.trustPath,
      trust: opts.trust,
      bundleLabel: b.source_path,
      ...(opts.trustLabel !== undefined ? { trustLabel: opts.trustLabel } : {}),
      mode: 'full',
      tempRoot: opts.tempRoot,
      signal: opts.signal,
      onProgress: opts.onProgress,
    });
    opts.signal?.throwIfAborted();
    const history = checkHistory(c.store, bundleId);
    const result = history.length ? withFindings(verified, history) : verified;
    return c.db.transaction(() => {
      const id = c.store.saveVerification(bundleId, result);
      const custody = c.record('bundle.verify', {
        bundle_id: bundleId,
        name: b.name,
        verification_id: id,
        verdict: result.verdict,
        previous_verdict: previous?.result.verdict ?? null,
        trust: result.trust.source,
        result_sha256: c.store.verificationDigest(id)!.result_sha256,
        findings: severityCounts(result.findings.map((f) => f.severity) as Severity[]),
      });
      return { bundleId, verificationId: id, previousVerdict: previous?.result.verdict ?? null, result, custodySeq: custody.seq };
    }).immediate();
  } finally {
    c.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
