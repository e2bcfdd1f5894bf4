// Stage 5, the seal of the bundle as a whole (spec §1.2): the bundle
// signature, with the audit key in force at export, and the manifest lines
// the bag stage left to the passes that parsed their files. A deferred file
// no pass read to its end (an audit export the reader gave up on, say) is
// read now. Returns the final bundle.manifests check.
import type { Finding } from '../../model/findings.js';
import type { CheckResult } from '../../model/verification.js';
import type { KeySchedule } from '../audit/key-schedule.js';
import { hashBagFile } from '../bundle/bag-files.js';
import { verifyBundleSignature } from '../bundle/bundle-signature.js';
import type { BagCheck, BagHandle } from '../bundle/types.js';
import type { StageOutcome } from './stage.js';

export async function sealStage(x: {
  bag: BagHandle;
  bagCheck: BagCheck;
  keySchedule: KeySchedule;
  installationId: string | undefined;
  /** SHA-256 of deferred files as the passes that parsed them read them to their end. */
  passHashes: ReadonlyMap<string, string>;
  signal?: AbortSignal;
}): Promise<StageOutcome> {
  const bsig = await verifyBundleSignature(x.bag, x.bagCheck.tagManifestSha256, (kid, signedAt) => x.keySchedule.check(kid, signedAt), x.installationId);
  const findings: Finding[] = [...bsig.findings];
  for (const path of x.bagCheck.deferredHashes ?? []) {
    const actual = x.passHashes.get(path) ?? (await hashBagFile(x.bag.root, path, undefined, x.signal).catch(unreadableFile));
    const f = x.bagCheck.settleDeferred!(path, actual);
    if (f) findings.push(f);
  }
  const checks: CheckResult[] = [bsig.check, ...x.bagCheck.checks.filter((c) => c.id === 'bundle.manifests')];
  return { findings, checks };
}

/** As checkBag counts a file it cannot read: differing. Cancellation is not swallowed. */
function unreadableFile(err: unknown): { unreadable: string } {
  if (err instanceof Error && err.name === 'AbortError') throw err;
  return { unreadable: (err as NodeJS.ErrnoException).code ?? String(err) };
}
