// The SHA-256 of each file of an archive bundle, for the case to keep
// (bundle_members): a case stores a zip or tar.gz as one file, so its
// members are hashed only here, from the extracted copy the checks read.
import type { CheckResult } from '../../model/verification.js';
import { hashBagFile } from '../bundle/bag-files.js';

/**
 * The manifest checks' hashes (payload and tag files, as read, matching or
 * not), with every other file a check read (the bundle signature, which no
 * manifest lists) hashed now: every file a report may cite. A file that
 * cannot be read has no hash to give and is left out; cancelling is not swallowed.
 */
export async function memberHashes(root: string, hashed: ReadonlyMap<string, string>, checks: readonly CheckResult[], signal?: AbortSignal): Promise<Map<string, string>> {
  const out = new Map(hashed);
  for (const file of new Set(checks.flatMap((c) => c.files ?? []))) {
    if (out.has(file)) continue;
    const sha256 = await hashBagFile(root, file, undefined, signal).catch((e: unknown) => {
      if (e instanceof Error && e.name === 'AbortError') throw e;
      return undefined;
    });
    if (sha256 !== undefined) out.set(file, sha256);
  }
  return out;
}
