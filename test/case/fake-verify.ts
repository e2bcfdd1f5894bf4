// A verifier with verify-bundle's contract towards the store (beginBundle,
// onBundleId, audit sink, cross-checks, saveVerification), built from the
// engine's real stages except the audit signature verification: it lets the
// case tests run on their own. `pauseAfterEntries` stops mid-import (for the
// kill test): it calls `onPause` and waits for `resume`.
import { basename } from 'node:path';
import { compareFindings, isBlocking } from '../../shared/model/findings.js';
import type { VerificationResult } from '../../shared/model/verification.js';
import { openBundle } from '../../shared/engine/bundle/open-bundle.js';
import { checkBag } from '../../shared/engine/bundle/bagit.js';
import { KeySchedule } from '../../shared/engine/audit/key-schedule.js';
import { verifyLicenses, CURRENT_LICENSE } from '../../shared/engine/license/verify-licenses.js';
import { loadTrustStore } from '../../shared/engine/license/trust-store.js';
import { runCrossChecks } from '../../shared/engine/crosscheck/run-cross-checks.js';
import type { VerifyFn } from '../../shared/engine/case/import-bundle.js';
import { readJsonl } from '../crosscheck/pipeline.js';

export interface FakeVerifyHooks {
  /** Pause after this many audit entries (0: after everything, the result stored). */
  pauseAfterEntries?: number;
  onPause?: () => Promise<void>;
  /** Throws after the evidence is stored (tests the rollback on error). */
  failAtEnd?: boolean;
}

export function fakeVerify(hooks: FakeVerifyHooks = {}): VerifyFn {
  return async (bundlePath, opts) => {
    const opened = await openBundle(bundlePath, { tempRoot: opts.tempRoot });
    if (!opened.ok) throw new Error(opened.message);
    const bag = opened.bag;
    try {
      const store = opts.store!;
      const bagCheck = await checkBag(bag);
      const info = bagCheck.bagInfo;
      const trust = await loadTrustStore(opts.trustPath);
      const lic = await verifyLicenses({
        bagRoot: bag.root,
        files: [...bagCheck.presentPayload].filter((p) => p === CURRENT_LICENSE || p.startsWith('data/license/history/')),
        trust,
        installationId: info['Natalia-Installation-Id'],
        exportedAt: info['Natalia-Exported-At'],
      });
      const schedule = new KeySchedule(lic.grants);
      const bundleId = store.beginBundle({
        name: bag.name,
        source_path: bag.source,
        source_sha256: bag.sourceSha256 ?? null,
        form: bag.form,
        installation_id: info['Natalia-Installation-Id'] ?? null,
        exported_at: info['Natalia-Exported-At'] ?? null,
      });
      opts.onBundleId?.(bundleId);
      const sink = store.auditSink(bundleId, { all: opts.keepAllEntries ?? false });
      let n = 0;
      for (const { entry, line } of readJsonl(bag.root)) {
        sink.add(entry, { file: 'data/audit/audit-log.jsonl', line });
        if (entry.action === 'key.rotate') schedule.applyRotate(entry, entry.kid);
        if (++n === hooks.pauseAfterEntries) {
          await hooks.onPause?.();
          opts.signal?.throwIfAborted();
        }
      }
      sink.flush();
      const cc = await runCrossChecks({
        store,
        bundleId,
        bag,
        bagCheck,
        keySchedule: schedule,
        exportedAt: info['Natalia-Exported-At'],
        installationId: info['Natalia-Installation-Id'],
        signal: opts.signal,
      });
      const findings = [...bagCheck.findings, ...lic.findings, ...cc.findings].sort(compareFindings);
      const result: VerificationResult = {
        format: 'natalia-audit.verification.v1',
        installation_id: info['Natalia-Installation-Id'],
        exported_at: info['Natalia-Exported-At'],
        bundle: { path: bundlePath, form: bag.form, name: basename(bag.root), sha256: bag.sourceSha256 },
        trust: { source: trust.source, roots: trust.roots.map((r) => ({ kid: r.kid })) },
        verdict: findings.some((f) => isBlocking(f.severity)) ? 'problems' : 'trusted',
        checks: [...bagCheck.checks, ...lic.checks, ...cc.checks],
        findings,
        licenses: lic.summaries,
        audit_keys: schedule.summary(),
        stats: { audit_entries: n, duration_ms: 0, mode: 'full', ...cc.stats },
        workstation_version: 'test',
      };
      store.saveVerification(bundleId, result);
      if (hooks.pauseAfterEntries === 0) await hooks.onPause?.();
      if (hooks.failAtEnd) throw new Error('verification failed on purpose');
      return result;
    } finally {
      await bag.close();
    }
  };
}
