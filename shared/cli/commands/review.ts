// natalia-audit review list|decide|tag|star|comment|history <case> ...
//
// The auditor's review kept in the case (engine/review): what there is to
// review (findings, reveal review items, erasures, annotated audit entries)
// with its stable subject key, and the tags, stars, comments and decisions
// given to it, each recorded with its custody entry. The screens call the
// same engine functions through the API.
import { SEVERITIES, type Severity } from '../../model/findings.js';
import { osUser } from '../../engine/case/custody-log.js';
import type { CaseFile } from '../../engine/case/case-file.js';
import { reviewSubjects, type ReviewSubject, type SubjectFilter } from '../../engine/review/case-subjects.js';
import { annotate, DECISIONS, reviewEvents, ReviewInputError, type Decision, type ReviewChange } from '../../engine/review/review-log.js';
import { SUBJECT_KINDS, type SubjectKind } from '../../model/review-subject.js';
import { EXIT_OK, UsageError } from '../cli-error.js';
import { timeArg } from '../time-arg.js';
import { openCase, type Out } from '../case-command.js';
import { table } from '../text-table.js';
import { parseCommand, usageOf } from '../command-table.js';

const REVIEW_USAGE = usageOf('review');

const usage = (why: string) => new UsageError(`${why}. Usage:\n${REVIEW_USAGE}`);

function withCase<T>(path: string | undefined, fn: (c: CaseFile) => T): T {
  const c = openCase(path, REVIEW_USAGE);
  try {
    return fn(c);
  } finally {
    c.close();
  }
}

function decisionArg(v: string | undefined): Decision {
  const d = v?.replace(/-/g, '_');
  if (!d || !(DECISIONS as readonly string[]).includes(d)) throw new UsageError(`--decision must be one of ${DECISIONS.join(', ')}`);
  return d as Decision;
}

function kindsArg(v: string | undefined): SubjectKind[] | undefined {
  if (v === undefined) return undefined;
  const kinds = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = kinds.filter((k) => !(SUBJECT_KINDS as readonly string[]).includes(k));
  if (unknown.length > 0 || kinds.length === 0) throw new UsageError(`--kind: expected ${SUBJECT_KINDS.join(', ')} (comma separated)`);
  return kinds as SubjectKind[];
}

/** One line on what a subject's review says. */
export function reviewLine(s: ReviewSubject): string {
  const r = s.review;
  const parts: string[] = [];
  if (r?.decision) parts.push(`${r.decision.decision.replace(/_/g, ' ')} by ${r.decision.reviewer}${r.decision.reason ? ` (${r.decision.reason})` : ''}`);
  else if (s.decidable) parts.push('undecided');
  if (r?.starred) parts.push('starred');
  if (r?.tags.length) parts.push(`tags ${r.tags.join(', ')}`);
  if (r?.comments.length) parts.push(`${r.comments.length} comment${r.comments.length > 1 ? 's' : ''}`);
  return parts.join('; ');
}

function runList(argv: string[], out: Out): number {
  const { values, positionals } = parseCommand('review', argv, 'list');
  if (positionals.length !== 1) throw usage('list expects one case file');
  if (values.undecided && values.decision !== undefined) throw new UsageError('--undecided and --decision exclude each other');
  const sev = values['min-severity'];
  if (sev !== undefined && !(SEVERITIES as readonly string[]).includes(sev)) throw new UsageError(`--min-severity must be one of ${SEVERITIES.join(', ')}`);
  const kinds = kindsArg(values.kind);
  const filter: SubjectFilter = {
    ...(kinds ? { kinds } : {}),
    ...(values.undecided ? { decision: 'undecided' as const } : values.decision !== undefined ? { decision: decisionArg(values.decision) } : {}),
    ...(values.tag !== undefined ? { tag: values.tag } : {}),
    ...(values.starred ? { starred: true } : {}),
    ...(sev !== undefined ? { minSeverity: sev as Severity } : {}),
  };
  return withCase(positionals[0], (c) => {
    const subjects = reviewSubjects(c.store, filter);
    if (values.json) {
      out.write(JSON.stringify({ filter, subjects }, null, 2) + '\n');
      return EXIT_OK;
    }
    const lines = [`${subjects.length} subject${subjects.length === 1 ? '' : 's'} to review${Object.keys(filter).length ? ' (filtered)' : ''}.`];
    if (subjects.length > 0) {
      lines.push(...table(['SUBJECT', 'SEVERITY', 'WHAT', 'REVIEW'], subjects.map((s) => [s.subject, s.severity ?? '', s.title, reviewLine(s)])));
    }
    out.write(lines.join('\n') + '\n');
    return EXIT_OK;
  });
}

function who(values: { reviewer?: string; at?: string }): { reviewer: string; at: string } {
  return { reviewer: values.reviewer ?? osUser(), at: timeArg('at', values.at, { done: 'it was done' }) ?? new Date().toISOString() };
}

function record(casePath: string, subject: string, change: ReviewChange, by: { reviewer: string; at: string }, out: Out): number {
  return withCase(casePath, (c) => {
    let r;
    try {
      r = annotate(c.db, subject, change, by);
    } catch (e) {
      if (e instanceof ReviewInputError) throw new UsageError(e.message);
      throw e;
    }
    // A key no listing shows is said, not refused: a finding may be decided before a newer import, or after one removed it.
    const known = reviewSubjects(c.store).some((s) => s.subject === subject);
    const note = known ? '' : ' (no finding, review item, erasure or entry of this case has this key now)';
    out.write(r.recorded ? `Recorded ${change.kind} on ${subject} (custody entry ${r.custodySeq})${note}.\n` : `Nothing recorded: the case already says so for ${subject}.\n`);
    return EXIT_OK;
  });
}

function runChange(sub: 'decide' | 'tag' | 'star' | 'comment', argv: string[], out: Out): number {
  const { values: v, positionals } = parseCommand('review', argv, sub);
  const needed = sub === 'tag' || sub === 'comment' ? 3 : 2;
  if (positionals.length !== needed) throw usage(`${sub} expects a case file, a subject key${needed === 3 ? (sub === 'tag' ? ' and a tag' : ' and the comment') : ''}`);
  const [casePath, subject, third] = positionals as [string, string, string];
  const change: ReviewChange =
    sub === 'decide'
      ? { kind: 'decision', decision: decisionArg(v.decision), ...(v.reason !== undefined ? { reason: v.reason } : {}) }
      : sub === 'tag'
        ? { kind: v.remove ? 'untag' : 'tag', tag: third }
        : sub === 'star'
          ? { kind: v.remove ? 'unstar' : 'star' }
          : { kind: 'comment', text: third };
  return record(casePath, subject, change, who(v), out);
}

function runHistory(argv: string[], out: Out): number {
  const { values, positionals } = parseCommand('review', argv, 'history');
  if (positionals.length !== 2) throw usage('history expects a case file and a subject key');
  return withCase(positionals[0], (c) => {
    const events = reviewEvents(c.db, positionals[1]);
    if (values.json) {
      out.write(JSON.stringify({ subject: positionals[1], events }, null, 2) + '\n');
      return EXIT_OK;
    }
    if (events.length === 0) {
      out.write(`The case holds no review of ${positionals[1]}.\n`);
      return EXIT_OK;
    }
    out.write(
      table(
        ['AT', 'REVIEWER', 'WHAT', 'DETAIL'],
        events.map((e) => [e.at, e.reviewer, e.kind, [e.value, e.reason].filter((x) => x !== null && x !== '').join(': ')]),
      ).join('\n') + '\n',
    );
    return EXIT_OK;
  });
}

export async function runReview(argv: string[], out: Out = process.stdout): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'list':
      return runList(rest, out);
    case 'decide':
    case 'tag':
    case 'star':
    case 'comment':
      return runChange(sub, rest, out);
    case 'history':
      return runHistory(rest, out);
    default:
      throw usage(sub === undefined ? 'expected a subcommand' : `unknown subcommand "${sub}"`);
  }
}
