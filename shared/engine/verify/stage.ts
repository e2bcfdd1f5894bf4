// What every stage of verifyBundle hands back: its own findings and the
// checks it ran (each check summarised by the stage that ran it).
import type { Finding } from '../../model/findings.js';
import type { CheckResult } from '../../model/verification.js';

export interface StageOutcome {
  findings: Finding[];
  checks: CheckResult[];
}
