// Who a case's erasure reports speak for: the controller (the organisation
// responsible for the personal data) and its data protection officer, set
// once per case and printed on every erasure report. The appliance records
// neither. They live in the case's chain of custody itself (action
// `case.parties`, the latest entry speaks): hash-chained like every other
// fact the case adds, so a name edited into the file with a database tool
// breaks the chain instead of changing the reports.
import type Database from 'better-sqlite3';
import { appendCustody } from './custody-log.js';

export interface CaseParties {
  /** The controller: the organisation, as it names itself to data subjects. */
  controller?: string;
  /** The data protection officer, and how to reach them (an e-mail address, a phone number). */
  dpo?: { name: string; contact?: string };
}

/** What a change gives: a field given as '' is cleared, one not given is kept. */
export interface PartiesChange {
  controller?: string;
  dpoName?: string;
  dpoContact?: string;
}

const MAX_TEXT = 200;

function checkText(problems: string[], what: string, v: string | undefined): void {
  if (v === undefined || v === '') return;
  if (v.trim() !== v) problems.push(`${what} starts or ends with spaces`);
  else if (v.length > MAX_TEXT) problems.push(`${what} is longer than ${MAX_TEXT} characters`);
  else if (/[\u0000-\u001f\u007f]/.test(v)) problems.push(`${what} holds a control character (a line break, a tab)`);
}

/** The case's parties as its latest `case.parties` custody entry set them (none: nothing set). */
export function caseParties(db: Database.Database): CaseParties {
  const row = db.prepare("SELECT details FROM custody_log WHERE action = 'case.parties' ORDER BY seq DESC LIMIT 1").get() as { details: string } | undefined;
  if (!row) return {};
  const d = JSON.parse(row.details) as { controller?: unknown; dpo_name?: unknown; dpo_contact?: unknown };
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const controller = str(d.controller);
  const name = str(d.dpo_name);
  const contact = str(d.dpo_contact);
  return { ...(controller ? { controller } : {}), ...(name ? { dpo: { name, ...(contact ? { contact } : {}) } } : {}) };
}

/** The parties after `change`, or the problems that refuse it. */
export function applyPartiesChange(current: CaseParties, change: PartiesChange): { parties: CaseParties; problems: string[] } {
  const problems: string[] = [];
  checkText(problems, 'the controller', change.controller);
  checkText(problems, "the DPO's name", change.dpoName);
  checkText(problems, "the DPO's contact", change.dpoContact);
  const controller = change.controller ?? current.controller ?? '';
  const name = change.dpoName ?? current.dpo?.name ?? '';
  const contact = change.dpoContact ?? current.dpo?.contact ?? '';
  if (contact !== '' && name === '') problems.push("a DPO's contact needs the DPO's name");
  const parties: CaseParties = { ...(controller ? { controller } : {}), ...(name ? { dpo: { name, ...(contact ? { contact } : {}) } } : {}) };
  return { parties, problems };
}

export class PartiesError extends Error {
  override name = 'PartiesError';
}

/**
 * Sets the controller and DPO of the case, with its custody entry, in one
 * transaction; nothing is written when they are already so.
 */
export function recordParties(db: Database.Database, change: PartiesChange): { recorded: boolean; parties: CaseParties; custodySeq?: number } {
  return db
    .transaction(() => {
      const current = caseParties(db);
      const { parties, problems } = applyPartiesChange(current, change);
      if (problems.length > 0) throw new PartiesError(`${problems.join('; ')}`);
      if (JSON.stringify(parties) === JSON.stringify(current)) return { recorded: false, parties };
      const rec = appendCustody(db, 'case.parties', {
        controller: parties.controller ?? '',
        dpo_name: parties.dpo?.name ?? '',
        dpo_contact: parties.dpo?.contact ?? '',
      });
      return { recorded: true, parties, custodySeq: rec.seq };
    })
    .immediate();
}
