// Break-the-glass review: patterns in successful reveals that a reviewer
// should look at. Advice, not findings (severity low or info): a reveal at
// 22:00 may be a legitimate night shift. Thresholds are options with the
// defaults the workstation documents:
//  - off hours: outside 08:00–19:00 Monday to Friday, Europe/Paris;
//  - burst: 5 or more reveals by one actor within 10 minutes (one item per burst);
//  - repeated number: one phone pseudonym revealed 3 or more times within 30 days;
//  - reused motive: the same motive, word for word (whitespace collapsed), on more than one reveal;
//  - actor not entitled: the actor was disabled, or not an Admin, at that point of the chain;
//  - no alert: no other Admin was alerted (alert_sent_to empty or only the actor);
//  - refused attempts: reveals the appliance refused (outcome denied or failure), one item per
//    actor listing them; 3 or more by one actor stand out (low), fewer are context (info).
import type { EvidenceStore } from '../store/evidence-store.js';
import { formatParis, parisParts } from '../crosscheck/calendar.js';
import { listReveals } from './reveal-history.js';
import { installationKey, replayScope, type ScopePart } from './scope.js';
import type { RevealEvent, RevealFilter, ReviewItem } from './types.js';
import { UserTimeline } from './user-timeline.js';

export interface ReviewOptions {
  /** Only reveals up to this time (as of T). */
  at?: string;
  filter?: Omit<RevealFilter, 'at' | 'successfulOnly'>;
  workHours?: { start: number; end: number };
  burst?: { count: number; windowMs: number };
  repeat?: { count: number; windowMs: number };
  scope?: ScopePart[];
}

const MINUTE = 60_000;
const DAY = 86_400_000;

export function computeReviewItems(store: EvidenceStore, opts: ReviewOptions = {}): ReviewItem[] {
  const scope = opts.scope ?? replayScope(store);
  const reveals = listReveals(store, { ...opts.filter, at: opts.at, successfulOnly: true }, scope);
  const timeline = UserTimeline.load(store.db, scope);
  const items: ReviewItem[] = [];
  const hours = opts.workHours ?? { start: 8, end: 19 };
  const base = (kind: ReviewItem['kind'], e: RevealEvent) => ({
    id: `${kind}:${e.bundleId}:${e.seq}`,
    kind,
    bundleId: e.bundleId,
    installationId: e.installationId,
    seq: e.seq,
    ts: e.ts,
    actor: e.actor,
    tenant: e.tenant,
    revealId: e.revealId ?? undefined,
    file: e.file,
    line: e.line,
  });

  for (const e of reveals) {
    const ms = Date.parse(e.ts);
    if (Number.isFinite(ms)) {
      const p = parisParts(ms);
      const weekday = p.weekday >= 1 && p.weekday <= 5;
      if (!weekday || p.hour < hours.start || p.hour >= hours.end) {
        items.push({
          ...base('off_hours', e),
          severity: 'info',
          title: 'Reveal outside working hours',
          message: `${e.actor} revealed a number at ${formatParis(ms)}, outside ${String(hours.start).padStart(2, '0')}:00–${hours.end}:00 Monday to Friday. Check that someone on duty needed it then.`,
        });
      }
    }
    const state = timeline.at(installationKey(e), e.tenant, e.actor, e.seq, Number.isFinite(ms) ? ms : null);
    if (state.disabled || (state.role !== null && state.role !== 'Admin')) {
      items.push({
        ...base('actor_not_entitled', e),
        severity: 'low',
        title: state.disabled ? 'Reveal by a disabled account' : 'Reveal by an account that was not an Admin then',
        message: state.disabled
          ? `${e.actor} revealed a number at ${e.ts}, although the account was disabled by then (${state.source === 'dump' ? "the database's users table" : 'the audit log'} says so). Find out who used it.`
          : `${e.actor} revealed a number at ${e.ts} while ${state.source === 'dump' ? "the database's users table" : "the audit log's user history"} gives the account the role ${state.role}, not Admin (the entry itself says ${e.role}). Check the account's role changes.`,
      });
    }
    const others = e.alertSentTo.filter((u) => u !== e.actor);
    const alertedAdmin = others.some((u) => {
      const s = timeline.at(installationKey(e), e.tenant, u, e.seq, Number.isFinite(ms) ? ms : null);
      return s.role === null || s.role === 'Admin';
    });
    if (!alertedAdmin) {
      items.push({
        ...base('no_alert', e),
        severity: 'low',
        title: 'Reveal that alerted no other Admin',
        message:
          others.length === 0
            ? `${e.actor}'s reveal at ${e.ts} alerted ${e.alertSentTo.length ? 'only the actor' : 'nobody'}: no second Admin was told. Check the alerting setup.`
            : `${e.actor}'s reveal at ${e.ts} alerted ${others.join(', ')}, none of them an Admin then. Check the alerting setup.`,
      });
    }
  }

  const refused = listReveals(store, { ...opts.filter, at: opts.at, successfulOnly: false }, scope).filter((e) => e.outcome !== 'success');
  items.push(...refusedAttempts(refused, base));
  items.push(...bursts(reveals, opts.burst ?? { count: 5, windowMs: 10 * MINUTE }, base));
  items.push(...repeats(reveals, opts.repeat ?? { count: 3, windowMs: 30 * DAY }, base));
  items.push(...reusedMotives(reveals, base));
  return items.sort((a, b) => a.ts.localeCompare(b.ts) || a.seq - b.seq || a.kind.localeCompare(b.kind));
}

type Base = (kind: ReviewItem['kind'], e: RevealEvent) => Omit<ReviewItem, 'severity' | 'title' | 'message'>;

/** Groups events by a key, keeping their time order. */
function groupBy(reveals: RevealEvent[], key: (e: RevealEvent) => string | null): Map<string, RevealEvent[]> {
  const m = new Map<string, RevealEvent[]>();
  for (const e of reveals) {
    const k = key(e);
    if (k === null) continue;
    const l = m.get(k) ?? [];
    l.push(e);
    m.set(k, l);
  }
  return m;
}

/** Maximal runs where every event has at least count-1 others within the window before it: one item per run. */
function windows(events: RevealEvent[], count: number, windowMs: number): RevealEvent[][] {
  const runs: RevealEvent[][] = [];
  let j = 0;
  let current: { start: number; end: number } | null = null;
  const t = events.map((e) => Date.parse(e.ts));
  for (let i = 0; i < events.length; i++) {
    while (t[i]! - t[j]! > windowMs) j++;
    if (i - j + 1 < count) continue;
    if (current && j <= current.end) current.end = i;
    else {
      if (current) runs.push(events.slice(current.start, current.end + 1));
      current = { start: j, end: i };
    }
  }
  if (current) runs.push(events.slice(current.start, current.end + 1));
  return runs;
}

function bursts(reveals: RevealEvent[], cfg: { count: number; windowMs: number }, base: Base): ReviewItem[] {
  const out: ReviewItem[] = [];
  for (const [, events] of groupBy(reveals, (e) => `${installationKey(e)}\u0000${e.tenant}\u0000${e.actor}`)) {
    for (const run of windows(events, cfg.count, cfg.windowMs)) {
      const first = run[0]!;
      const last = run[run.length - 1]!;
      const minutes = Math.max(1, Math.round((Date.parse(last.ts) - Date.parse(first.ts)) / MINUTE));
      out.push({
        ...base('burst', first),
        severity: 'low',
        title: 'Burst of reveals by one actor',
        message: `${first.actor} revealed ${run.length} numbers in ${minutes} minute${minutes > 1 ? 's' : ''} (${first.ts} to ${last.ts}). Check each motive: a burst may be bulk lookup rather than case work.`,
        relatedSeqs: run.map((e) => e.seq),
      });
    }
  }
  return out;
}

function repeats(reveals: RevealEvent[], cfg: { count: number; windowMs: number }, base: Base): ReviewItem[] {
  const out: ReviewItem[] = [];
  // Pseudonyms are an installation's own: the same hex on two appliances is no evidence of one number.
  for (const [, events] of groupBy(reveals, (e) => (e.phonePseudonym === null ? null : `${installationKey(e)}\u0000${e.phonePseudonym}`))) {
    const phone = events[0]!.phonePseudonym!;
    if (events.length < cfg.count) continue;
    for (const run of windows(events, cfg.count, cfg.windowMs)) {
      const actors = [...new Set(run.map((e) => e.actor))];
      out.push({
        ...base('repeated_number', run[0]!),
        severity: 'low',
        title: 'Same number revealed repeatedly',
        message: `The number ${phone.slice(0, 12)}… (last digits ${run[0]!.last4 ?? '?'}) was revealed ${run.length} times within ${Math.round(cfg.windowMs / DAY)} days, by ${actors.join(', ')}. Check that each reveal had its own reason.`,
        relatedSeqs: run.map((e) => e.seq),
      });
    }
  }
  return out;
}

const collapse = (m: string) => m.replace(/\s+/g, ' ').trim();

function reusedMotives(reveals: RevealEvent[], base: Base): ReviewItem[] {
  const out: ReviewItem[] = [];
  for (const [, events] of groupBy(reveals, (e) => {
    const m = collapse(e.motive);
    return m === '' ? null : `${installationKey(e)}\u0000${m}`;
  })) {
    const motive = collapse(events[0]!.motive);
    if (events.length < 2) continue;
    const actors = [...new Set(events.map((e) => e.actor))];
    out.push({
      ...base('reused_motive', events[0]!),
      severity: 'info',
      title: 'Motive reused word for word',
      message: `The motive "${motive.length > 80 ? motive.slice(0, 77) + '...' : motive}" was typed identically for ${events.length} reveals (by ${actors.join(', ')}). A copied motive may not describe each case.`,
      relatedSeqs: events.map((e) => e.seq),
    });
  }
  return out;
}

/** Refused reveal attempts by actor: no rule broken (clarification 2026-12-07), but repeated tries stand out. */
function refusedAttempts(refused: RevealEvent[], base: Base): ReviewItem[] {
  const out: ReviewItem[] = [];
  for (const [actor, events] of groupBy(refused, (e) => `${e.tenant}\u0000${e.actor}`)) {
    const first = events[0]!;
    const name = actor.split('\u0000')[1]!;
    const outcomes = [...new Set(events.map((e) => e.outcome))].join(', ');
    const repeated = events.length >= 3;
    out.push({
      ...base('refused_reveal', first),
      severity: repeated ? 'low' : 'info',
      title: repeated ? 'Repeated refused attempts to reveal' : 'Refused attempt to reveal',
      message:
        events.length === 1
          ? `${name} (role ${first.role}) tried to reveal a number at ${first.ts} and was refused (${first.outcome}); nothing was revealed.`
          : `${name} tried to reveal a number ${events.length} times and was refused each time (${outcomes}), from ${first.ts} to ${events[events.length - 1]!.ts}; nothing was revealed.${repeated ? ' Find out why this account keeps trying: it may be probing for access it lacks.' : ''}`,
      relatedSeqs: events.map((e) => e.seq),
    });
  }
  return out;
}
