// Which bundles of a case the CAIQ answers may rely on. The one place that
// decides it, from each bundle's stored verdict: a bundle whose bag or
// signature could not be verified is set aside with the reason, and the rest
// of the case still counts. Its content is unverified, not negative: it never
// turns an answer into No.
import type { CaiqBundleEvidence } from './answer-types.js';
import { BUNDLE_INTEGRITY_CHECKS } from './evidence-rules.js';

export interface SetAside {
  bundle: CaiqBundleEvidence;
  /** Why it does not count, e.g. `check bundle.signature failed on bundle X`. */
  why: string;
}

/** Null when the bundle counts; else why it is set aside. */
export function unverifiedBecause(b: CaiqBundleEvidence): string | null {
  const v = b.verification;
  const name = v.bundle.name;
  for (const id of BUNDLE_INTEGRITY_CHECKS) {
    const status = v.checks.find((c) => c.id === id)?.status ?? 'not_provided';
    if (status === 'failed') return `check ${id} failed on bundle ${name}, so its content is unverified`;
    if (status === 'not_provided') return `check ${id} was not provided on bundle ${name}, so its content is unverified`;
  }
  if (v.verdict === 'unverifiable') return `bundle ${name} could not be verified`;
  return null;
}

export function bundleStanding(bundles: CaiqBundleEvidence[]): { counted: CaiqBundleEvidence[]; setAside: SetAside[] } {
  const counted: CaiqBundleEvidence[] = [];
  const setAside: SetAside[] = [];
  for (const b of bundles) {
    const why = unverifiedBecause(b);
    if (why) setAside.push({ bundle: b, why });
    else counted.push(b);
  }
  return { counted, setAside };
}
