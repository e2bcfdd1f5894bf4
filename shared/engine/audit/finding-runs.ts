// One root cause, one finding: consecutive occurrences of the same cause
// (every entry after some point signed by an unknown key, all signatures bad,
// a lockout period full of activity...) become one finding at the first entry
// with a count; past a cap per code, occurrences are only counted, in one
// summary finding. An auditor reads tens of findings, never thousands.
// Which check a finding belongs to is the catalog's (FINDING_CATALOG[code].check),
// never the collector's: a run knows only its code and its cause.
import { finding, type Finding, type FindingCode } from '../../model/findings.js';

interface Run {
  finding: Finding;
  key: string;
  lastOrdinal: number;
  lastSeq?: number;
  /** Occurrences in the run, the first included. */
  count: number;
  sticky: boolean;
}

export interface Occurrence {
  code: FindingCode;
  /** Position in the stream the cause is counted in (entry index of one file). */
  ordinal: number;
  /** Occurrences extend a run only when they share this key (e.g. the kid, or the file). */
  cause: string;
  /** A sticky run also extends across ordinals that did not occur (a lockout period with allowed events in it). */
  sticky?: boolean;
  make: () => Finding;
  seq?: number;
}

export class FindingCollector {
  private readonly listed: Finding[] = [];
  private readonly open = new Map<string, Run>();
  private readonly runs: Run[] = [];
  private readonly perCode = new Map<FindingCode, number>();
  private readonly overflow = new Map<FindingCode, { count: number; first: Finding }>();

  constructor(private readonly cap = 50) {}

  /** Records an occurrence; returns true when it started a new finding (false: it extended a run or was only counted). */
  occur(o: Occurrence): boolean {
    const runKey = `${o.code}\u0000${o.cause}`;
    const run = this.open.get(runKey);
    if (run && (run.sticky || o.ordinal === run.lastOrdinal + 1)) {
      run.lastOrdinal = o.ordinal;
      run.count++;
      if (o.seq !== undefined) run.lastSeq = o.seq;
      return false;
    }
    const f = o.make();
    if (!this.admit(f)) return false;
    const r: Run = { finding: f, key: runKey, lastOrdinal: o.ordinal, count: 1, sticky: !!o.sticky };
    if (o.seq !== undefined) r.lastSeq = o.seq;
    this.open.set(runKey, r);
    this.runs.push(r);
    return true;
  }

  /** Ends a sticky run (e.g. at the end of a lockout period). */
  closeRun(code: FindingCode, cause: string): void {
    this.open.delete(`${code}\u0000${cause}`);
  }

  /** Adds a finding that is not part of a run (still subject to the cap). */
  add(f: Finding): void {
    this.admit(f);
  }

  private admit(f: Finding): boolean {
    const n = this.perCode.get(f.code) ?? 0;
    if (f.code !== 'audit.not_covered' && n >= this.cap) {
      const o = this.overflow.get(f.code);
      if (o) o.count += f.count ?? 1;
      else this.overflow.set(f.code, { count: f.count ?? 1, first: f });
      return false;
    }
    this.perCode.set(f.code, n + 1);
    this.listed.push(f);
    return true;
  }

  /** Closes the runs (writing their counts into the messages) and adds the summaries. */
  finish(): Finding[] {
    for (const r of this.runs) {
      if (r.count <= 1) continue;
      const more = r.count - 1;
      const f = r.finding;
      f.count = r.count;
      const range =
        f.seq !== undefined && r.lastSeq !== undefined && r.lastSeq !== f.seq ? ` (up to seq ${r.lastSeq})` : '';
      f.message += r.sticky
        ? ` ${more} later entr${more === 1 ? 'y' : 'ies'} of the same period${range} ${more === 1 ? 'has' : 'have'} the same problem.`
        : ` The same holds for the ${more} entr${more === 1 ? 'y' : 'ies'} that follow${more === 1 ? 's' : ''}${range}.`;
      f.details = { ...f.details, ...(r.lastSeq !== undefined ? { last_seq: r.lastSeq } : {}) };
    }
    this.open.clear();
    const out = [...this.listed];
    for (const [code, o] of this.overflow) {
      out.push(
        finding({
          code: 'audit.not_covered',
          message: `${o.count} further ${code} occurrence${o.count === 1 ? ' was' : 's were'} not listed one by one (the first at seq ${o.first.seq ?? '?'}${o.first.line !== undefined ? `, line ${o.first.line}` : ''}).`,
          count: o.count,
          ...(o.first.file ? { file: o.first.file } : {}),
          details: { code },
        }),
      );
    }
    return out;
  }
}
