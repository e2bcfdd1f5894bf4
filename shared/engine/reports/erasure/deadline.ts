// GDPR art. 12(3): a request is answered within one month of receipt; that
// may be extended by two further months when the data subject is told so,
// with the reasons, within the first month. Months are reckoned as the
// cross-checks reckon them (Regulation 1182/71, in the appliance's time zone,
// crosscheck/calendar.ts), so the report and the verifier agree to the day.
import { parisLocalToUtc, parisParts } from '../../crosscheck/calendar.js';
import { DAY_MS, isRfc3339Ms, toMs } from '../../time/rfc3339.js';

/** First instant past a period of `months` calendar months starting at `receivedMs`. */
export function deadlineAfterMonths(receivedMs: number, months: number): number {
  const p = parisParts(receivedMs);
  const m0 = p.month - 1 + months;
  const y = p.year + Math.floor(m0 / 12);
  const m = (m0 % 12) + 1;
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return parisLocalToUtc(y, m, Math.min(p.day, lastDay) + 1);
}

/** An extension of the deadline, declared by the user (the appliance does not record it). */
export interface DeadlineExtension {
  /** When the data subject was told of the extension and its reasons. */
  notified_at: string;
  reason: string;
  decided_by: string;
  /**
   * The new deadline told to the data subject, when one was. It can shorten
   * the extended period, never lengthen it past three months from receipt.
   */
  extended_to?: string;
}

export type DeadlineStatus = 'on_time' | 'on_time_extended' | 'late' | 'unknown';

export interface DeadlineFacts {
  received_at?: string;
  executed_at?: string;
  /** Last instant within one month (the verifier's deadline), RFC 3339. */
  due_at?: string;
  /** Last instant within three months, when an extension was declared. */
  extended_due_at?: string;
  extension?: DeadlineExtension & { /** Told within the first month, as the regulation asks. */ notified_in_time: boolean };
  /** Whole days from receipt to execution. */
  days_taken?: number;
  status: DeadlineStatus;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function deadlineFacts(receivedAt: string | undefined, executedAt: string | undefined, extension?: DeadlineExtension | null): DeadlineFacts {
  if (!isRfc3339Ms(receivedAt) || !isRfc3339Ms(executedAt)) {
    return { ...(receivedAt ? { received_at: receivedAt } : {}), ...(executedAt ? { executed_at: executedAt } : {}), status: 'unknown' };
  }
  const received = toMs(receivedAt);
  const executed = toMs(executedAt);
  const due = deadlineAfterMonths(received, 1);
  const out: DeadlineFacts = {
    received_at: receivedAt,
    executed_at: executedAt,
    due_at: iso(due - 1),
    days_taken: Math.floor((executed - received) / DAY_MS),
    status: executed < due ? 'on_time' : 'late',
  };
  if (extension) {
    const legalLimit = deadlineAfterMonths(received, 3);
    // An announced date is a last instant (inclusive); the limits here are first instants past the period.
    const announced = isRfc3339Ms(extension.extended_to) ? toMs(extension.extended_to) + 1 : undefined;
    const extendedDue = announced !== undefined ? Math.min(legalLimit, announced) : legalLimit;
    const notifiedInTime = isRfc3339Ms(extension.notified_at) && toMs(extension.notified_at) < due;
    out.extended_due_at = iso(extendedDue - 1);
    out.extension = {
      notified_at: extension.notified_at,
      reason: extension.reason,
      decided_by: extension.decided_by,
      ...(extension.extended_to !== undefined ? { extended_to: extension.extended_to } : {}),
      notified_in_time: notifiedInTime,
    };
    if (out.status === 'late' && notifiedInTime && executed < extendedDue) out.status = 'on_time_extended';
  }
  return out;
}
