// Collects a check's findings, reporting each code individually up to a cap
// and then once more as a summary carrying the count of the rest. A register
// that lost half its rows would otherwise give half a million identical
// findings; the first ones locate the problem, the count sizes it.
import { finding, type Finding, type FindingInput } from '../../model/findings.js';

export const PER_CODE_CAP = 200;

export class FindingList {
  private readonly items: Finding[] = [];
  private readonly perCode = new Map<string, number>();
  private readonly overflow = new Map<string, { first: FindingInput; count: number }>();

  constructor(private readonly cap = PER_CODE_CAP) {}

  add(input: FindingInput): void {
    const n = (this.perCode.get(input.code) ?? 0) + 1;
    this.perCode.set(input.code, n);
    if (n <= this.cap) {
      this.items.push(finding(input));
      return;
    }
    const o = this.overflow.get(input.code);
    if (o) o.count++;
    else this.overflow.set(input.code, { first: input, count: 1 });
  }

  /**
   * Takes in what another list collected (one filled while a file was read,
   * say), as if each of its findings had been added here: the ones it
   * summarised stay summarised, with their count, not a summary of a summary.
   */
  absorb(other: FindingList): void {
    for (const f of other.items) this.add(f);
    for (const [code, o] of other.overflow) {
      this.perCode.set(code, (this.perCode.get(code) ?? 0) + o.count);
      const mine = this.overflow.get(code);
      if (mine) mine.count += o.count;
      else this.overflow.set(code, { first: o.first, count: o.count });
    }
  }

  /** Findings of `code` seen so far, reported or summarised. */
  count(code?: string): number {
    if (code) return this.perCode.get(code) ?? 0;
    let n = 0;
    for (const v of this.perCode.values()) n += v;
    return n;
  }

  list(): Finding[] {
    const out = [...this.items];
    for (const [code, o] of this.overflow) {
      out.push(
        finding({
          ...o.first,
          count: o.count,
          message: `${o.count} further ${code} finding(s) like the ones above, not listed one by one; the first is here: ${o.first.message}`,
        }),
      );
    }
    return out;
  }
}
