// Stage 1, the bag (spec §1): tag files, bag-info, manifests, Payload-Oxum.
// The dump and the audit exports are hashed by the passes that parse them,
// not read twice: their manifest lines are settled at the end by the seal
// stage (seal-stage.ts), which also reports the final bundle.manifests check.
import { checkBag } from '../bundle/bagit.js';
import type { BagCheck, BagHandle } from '../bundle/types.js';
import { AUDIT_CSV_FILE } from '../audit/csv-reader.js';
import { AUDIT_JSONL_FILE } from '../audit/jsonl-reader.js';
import { DUMP_FILE } from '../dump/read-dump.js';
import { isRfc3339Ms } from '../time/rfc3339.js';
import type { StageOutcome } from './stage.js';

export interface BagStage extends StageOutcome {
  bagCheck: BagCheck;
  info: Record<string, string>;
  installationId?: string;
  /** Natalia-Exported-At when well formed (checkBag reported it otherwise; checks that need it then skip). */
  exportedAt?: string;
  /** `path` when the bag holds that payload file. */
  present(path: string): string | undefined;
}

export async function bagStage(bag: BagHandle, mode: 'full' | 'fast', signal?: AbortSignal): Promise<BagStage> {
  const bagCheck = await checkBag(bag, {
    ...(signal ? { signal } : {}),
    hashPayload: mode === 'full',
    deferHash: mode === 'full' ? new Set([DUMP_FILE, AUDIT_CSV_FILE, AUDIT_JSONL_FILE]) : undefined,
  });
  const info = bagCheck.bagInfo;
  const installationId = info['Natalia-Installation-Id'] || undefined;
  const exportedAt = isRfc3339Ms(info['Natalia-Exported-At']) ? info['Natalia-Exported-At'] : undefined;
  return {
    findings: [...bagCheck.findings],
    // bundle.manifests is final only once the deferred hashes are settled (seal stage).
    checks: bagCheck.checks.filter((c) => c.id !== 'bundle.manifests'),
    bagCheck,
    info,
    ...(installationId !== undefined ? { installationId } : {}),
    ...(exportedAt !== undefined ? { exportedAt } : {}),
    present: (p) => (bagCheck.presentPayload.has(p) ? p : undefined),
  };
}
