// The findings report, made once for every face: `natalia-audit
// audit-report` and the screens' Audit report button both call
// produceAuditReport, so the same case, language, name and key give
// byte-identical files: the facts (audit/build-facts, refused when the
// case's custody does not hold), the PDF (audit/render-pdf) and the JSON
// twin, each signed by the workstation key and dated by the as-of time.
import { basename } from 'node:path';
import type { CaseFile } from '../case/case-file.js';
import { loadTrustStore, rootFingerprint, TrustStoreError } from '../license/trust-store.js';
import { WORKSTATION_VERSION } from '../version.js';
import { keyFingerprint } from '../crypto/ed25519.js';
import { auditReportFacts, serializeAuditFacts } from './audit/build-facts.js';
import type { AuditReportFacts } from './audit/facts-types.js';
import { renderAuditPdf } from './audit/render-pdf.js';
import type { ReportLang } from './erasure/labels.js';
import { sibling, signedReportFile, type SignedReportFile } from './signed-file.js';
import { signatureFileFor } from './signing/report-signature.js';
import { loadOrCreateWorkstationKey } from './signing/workstation-key.js';

export interface AuditReportOptions {
  lang: ReportLang;
  /** Name or path of the PDF; the JSON twin goes beside it. */
  fileName: string;
  keyHome: string;
  /** Items tagged so are listed in an annex. */
  annexTag?: string;
  /** Trust root fingerprints by kid, for verifications that recorded only kids. */
  rootFingerprints?: Record<string, string>;
}

export interface AuditReport {
  facts: AuditReportFacts;
  /** The PDF, then its JSON twin. */
  files: [SignedReportFile, SignedReportFile];
  signedBy: string;
}

export async function produceAuditReport(c: CaseFile, opts: AuditReportOptions): Promise<AuditReport> {
  const key = loadOrCreateWorkstationKey(opts.keyHome);
  const facts = auditReportFacts(c, {
    signer: { kid: key.kid, fingerprint: keyFingerprint(Buffer.from(key.publicKey, 'base64')) },
    workstation_version: WORKSTATION_VERSION,
    ...(opts.annexTag !== undefined ? { annexTag: opts.annexTag } : {}),
    ...(opts.rootFingerprints ? { rootFingerprints: opts.rootFingerprints } : {}),
  });
  const pdf = await renderAuditPdf(facts, opts.lang, { signatureFile: basename(signatureFileFor(opts.fileName)) });
  const json = Buffer.from(serializeAuditFacts(facts), 'utf8');
  return {
    facts,
    files: [signedReportFile(opts.fileName, 'audit-pdf', pdf, facts.as_of, key), signedReportFile(sibling(opts.fileName, '.json'), 'audit-json', json, facts.as_of, key)],
    signedBy: key.kid,
  };
}

/**
 * Fingerprints of the workstation trust store's roots by kid: the report
 * names each root a bundle was verified under with its fingerprint, and a
 * verification that recorded only the kid gets it from here. A store that
 * cannot be read gives none (the report then says "not recorded").
 */
export async function trustStoreFingerprints(): Promise<Record<string, string>> {
  try {
    const store = await loadTrustStore();
    return Object.fromEntries(store.roots.map((r) => [r.kid, rootFingerprint(r)]));
  } catch (e) {
    if (e instanceof TrustStoreError) return {};
    throw e;
  }
}
