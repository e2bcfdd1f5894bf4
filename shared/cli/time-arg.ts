// Every flag that takes a time (--at, --from, --reviewed-at, --declared-at,
// --extension-notified-at, --extension-to) is read here, by the engine's one
// strict reader (engine/time/given-time.ts): the same instant whatever the
// machine's time zone, or one line saying what is wrong (exit 2).
import { GIVEN_DATE_FORM, GIVEN_TIME_FORMS, parseGivenTime } from '../engine/time/given-time.js';
import { UsageError } from './cli-error.js';

/** How far past this machine's clock a stated time may be (clocks drift). */
export const CLOCK_TOLERANCE_MS = 5 * 60_000;

/** The accepted forms, for usage lines and help. */
export const TIME_ARG_FORMS = `TIME is ${GIVEN_TIME_FORMS}, or ${GIVEN_DATE_FORM}`;

export interface TimeArgOptions {
  /** What the person states they did then (e.g. "the review was made"): a time in the future is refused. */
  done?: string;
  /** The clock, for tests. */
  now?: Date;
}

/** The instant `--flag value` names, as the engine stores times (UTC, milliseconds, Z), or undefined without the flag. */
export function timeArg(flag: string, value: string | undefined, opts: TimeArgOptions = {}): string | undefined {
  if (value === undefined) return undefined;
  const t = parseGivenTime(value, { allowDate: true });
  if (!t.ok) throw new UsageError(`--${flag} ${JSON.stringify(value)} is not a usable time: ${t.problem}. Expected ${GIVEN_TIME_FORMS}, or ${GIVEN_DATE_FORM}`);
  if (opts.done !== undefined) {
    const now = (opts.now ?? new Date()).getTime();
    if (t.ms > now + CLOCK_TOLERANCE_MS) {
      throw new UsageError(
        `--${flag} ${t.iso} is in the future (this computer's clock says ${new Date(now).toISOString()}): give the time ${opts.done}, not a planned one`,
      );
    }
  }
  return t.iso;
}
