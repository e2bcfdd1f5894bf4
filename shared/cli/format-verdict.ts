// The human form of a verdict: what was checked, what passed, what was not
// provided, then each finding with its place and meaning, most severe first.
import { FINDING_CATALOG, SEVERITIES, type Finding } from '../model/findings.js';
import type { CheckResult, VerificationResult } from '../model/verification.js';
import { terminalSafe } from './terminal-text.js';

const VERDICT_LINE: Record<VerificationResult['verdict'], string> = {
  trusted: 'TRUSTED: every check that had its evidence passed; no problem found.',
  problems: 'PROBLEMS FOUND: the evidence does not hold as exported; see the findings below.',
  unverifiable: 'COULD NOT VERIFY: nothing in this bundle could be tied to a trusted vendor key.',
  partial:
    'PARTLY CHECKED (--fast): no problem in the chain, the seal, the timestamps and the policies, but file contents, entry hashes and signatures were not checked, so nothing here is proven authentic yet. Verify without --fast for a verdict.',
};

const STATUS_MARK: Record<CheckResult['status'], string> = { passed: 'passed', failed: 'FAILED', not_provided: 'not provided' };

/** A check's status in words: a passed check with low notices says so, never FAILED. */
export function statusText(c: CheckResult): string {
  return c.status === 'passed' && c.notices ? 'passed, with notices' : STATUS_MARK[c.status];
}

export function place(f: Finding): string {
  const parts: string[] = [];
  if (f.file) parts.push(f.line ? `${f.file}:${f.line}` : f.file);
  if (f.seq !== undefined) parts.push(`seq ${f.seq}`);
  if (f.certificate_id) parts.push(f.certificate_id);
  if (f.reveal_id) parts.push(f.reveal_id);
  return parts.join(', ');
}

export function formatVerdict(r: VerificationResult): string {
  const out: string[] = [];
  out.push(`Bundle       ${r.bundle.name} (${r.bundle.form})`);
  if (r.installation_id) out.push(`Installation ${r.installation_id}${r.appliance_version ? `, appliance ${r.appliance_version}` : ''}`);
  if (r.exported_at) out.push(`Exported     ${r.exported_at}${r.exported_by ? ` by ${r.exported_by}` : ''}`);
  out.push(`Trust        ${r.trust.roots.length} vendor root${r.trust.roots.length === 1 ? '' : 's'} from ${r.trust.source}`);
  if (r.stats.audit_entries) {
    out.push(`Audit log    ${r.stats.audit_entries.toLocaleString('en')} entries, seq ${r.stats.first_seq} to ${r.stats.last_seq} (${r.stats.mode} verification)`);
  }
  out.push('', VERDICT_LINE[r.verdict]);
  const counts = SEVERITIES.map((s) => [s, r.findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  if (counts.length) out.push(`Findings: ${counts.map(([s, n]) => `${n} ${s}`).join(', ')}`);

  out.push('', 'Checks');
  const width = Math.max(...r.checks.map((c) => c.id.length));
  const statusWidth = Math.max(8, ...r.checks.map((c) => statusText(c).length));
  for (const c of r.checks) {
    out.push(`  ${statusText(c).padEnd(statusWidth)}  ${c.id.padEnd(width)}  ${c.summary}`);
  }

  if (r.findings.length) {
    out.push('', 'Findings, most severe first');
    for (const f of r.findings) {
      const where = place(f);
      out.push(`  [${f.severity.toUpperCase()}] ${f.code}${where ? `  at ${where}` : ''}`);
      out.push(`      ${f.message}`);
      out.push(`      What it means: ${FINDING_CATALOG[f.code].meaning}`);
    }
  }
  out.push('', `Done in ${(r.stats.duration_ms / 1000).toFixed(1)} s by natalia-audit ${r.workstation_version}.`);
  return out.map(terminalSafe).join('\n') + '\n';
}
