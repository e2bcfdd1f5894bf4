// The Reveals screen's data for one bundle, under the screen's filter (the
// CLI `reveals` options): reveals per day and per person, the register's
// rows, and what deserves a second look. Counting and selecting only; which
// reveals match is the replay's revealQuery, the patterns its review items.
import type Database from 'better-sqlite3';
import type { Finding } from '../../model/findings.js';
import { findingSubject, reviewSubject } from '../../model/review-subject.js';
import { REVEAL_LOG_FILE } from '../../engine/evidence/reveal-log.js';
import { matchPseudonym } from '../../engine/replay/pseudonyms.js';
import { ReplayInputError, revealQuery, timeBound } from '../../engine/replay/reveal-history.js';
import { computeReviewItems } from '../../engine/replay/review-items.js';
import { replayScope } from '../../engine/replay/scope.js';
import type { RevealFilter } from '../../engine/replay/types.js';
import { caseBundles } from '../../engine/review/case-subjects.js';
import type { EvidenceStore } from '../../engine/store/evidence-store.js';
import { bundleInstallation, registerActorAtLine, registerPage, revealActorAtSeq, revealChoices, revealCountsByActor, revealCountsByDay, type RegisterFilter } from '../../engine/store/reveal-queries.js';
import type { RevealRegisterPage, RevealScreenFilter, RevealTimeline, ReviewItem } from '../contract.js';
import { worstSeverity } from './entry-status.js';

/** The screen's filter as the replay takes it; a phone prefix becomes the one pseudonym it names, or a clear refusal. */
export function revealFilter(db: Database.Database, f: RevealScreenFilter = {}): RevealFilter {
  let phonePseudonym: string | undefined;
  if (f.phone !== undefined) {
    const m = matchPseudonym(db, 'phone', f.phone);
    if (m.kind === 'not_a_pseudonym') throw new ReplayInputError(`The phone filter "${f.phone}" is not a pseudonym: 64 lowercase hex digits, or the first 8 or more of them.`);
    if (m.kind === 'none') throw new ReplayInputError(`No phone pseudonym of this case starts with ${m.prefix}.`);
    if (m.kind === 'several') throw new ReplayInputError(`${m.count} phone pseudonyms of this case start with ${m.prefix} (${m.matches.join(', ')}${m.count > 5 ? ', …' : ''}); give more digits.`);
    phonePseudonym = m.pseudonym;
  }
  return {
    ...(f.actor !== undefined ? { actor: f.actor } : {}),
    ...(f.tenant !== undefined ? { tenant: f.tenant } : {}),
    ...(phonePseudonym !== undefined ? { phonePseudonym } : {}),
    ...(f.extension !== undefined ? { extensionId: f.extension } : {}),
    ...(f.from !== undefined ? { from: f.from } : {}),
    ...(f.at !== undefined ? { at: f.at } : {}),
  };
}

const isFiltered = (f: RevealFilter) => Object.keys(f).length > 0;

/** The filter as the register's query takes it, its time bounds read as the replay reads them. */
const registerFilter = (f: RevealFilter): RegisterFilter => ({ ...f, fromMs: timeBound('from', f.from), atMs: timeBound('at', f.at) });

export function revealTimeline(store: EvidenceStore, bundleId: number, screenFilter?: RevealScreenFilter): RevealTimeline {
  const db = store.db;
  const filter = revealFilter(db, screenFilter);
  // A reveal is a phone.reveal the appliance carried out (revealQuery's default); denied attempts are in the explorer.
  const days = new Map<string, number>();
  const actors = new Map<string, number>();
  for (const part of replayScope(store, { bundleId })) {
    const q = revealQuery(part, filter);
    for (const [day, n] of revealCountsByDay(db, q)) days.set(day, (days.get(day) ?? 0) + n);
    for (const [actor, n] of revealCountsByActor(db, q)) actors.set(actor, (actors.get(actor) ?? 0) + n);
  }
  const byDay = [...days].map(([day, count]) => ({ day, count })).sort((a, b) => a.day.localeCompare(b.day));
  const byActor = [...actors].map(([actor, count]) => ({ actor, count })).sort((a, b) => b.count - a.count || a.actor.localeCompare(b.actor));
  const inst = bundleInstallation(db, bundleId);
  return {
    ...(inst ? { installationId: inst } : {}),
    total: byDay.reduce((n, d) => n + d.count, 0),
    byDay,
    byActor,
    ...(filter.phonePseudonym !== undefined ? { phone: filter.phonePseudonym } : {}),
    choices: { actors: revealChoices(db, bundleId, 'actor'), tenants: revealChoices(db, bundleId, 'tenant') },
  };
}

export function revealRegister(store: EvidenceStore, bundleId: number, findings: readonly Finding[], offset: number, limit: number, screenFilter?: RevealScreenFilter): RevealRegisterPage {
  const db = store.db;
  const { all, total, rows } = registerPage(db, bundleId, registerFilter(revealFilter(db, screenFilter)), offset, limit);
  return {
    total,
    all,
    offset,
    rows: rows.map((r) => {
      const own = findings.filter((f) => (f.file === REVEAL_LOG_FILE && f.line === r.line) || (f.reveal_id !== undefined && f.reveal_id === r.reveal_id));
      const seq = /^\d+$/.test(r.audit_seq) ? Number(r.audit_seq) : null;
      return { ...r, audit_seq: seq, worstSeverity: worstSeverity(own) };
    }),
  };
}

/** The findings the reveals screen lists: rules about reveals the verdict says were broken. */
function isRevealFinding(f: Finding): boolean {
  return f.code.startsWith('reveal.') || f.code === 'policy.reveal_by_non_admin' || (f.code === 'policy.missing_motive' && f.details?.action !== 'erasure.execute');
}

/**
 * What deserves a second look in the reveal history: first the verdict's
 * reveal and policy findings (rules broken), then the replay's advice
 * (patterns worth a look: off hours, bursts, repeats...), both in the
 * engine's words. Under a filter, a finding stays when the reveal entry or
 * register row it points at matches it (a finding that points at neither is
 * shown only unfiltered).
 */
export function revealReviewItems(store: EvidenceStore, bundleId: number, findings: readonly Finding[], titleOf: (f: Finding) => string, screenFilter?: RevealScreenFilter): ReviewItem[] {
  const db = store.db;
  const filter = revealFilter(db, screenFilter);
  const scope = replayScope(store, { bundleId });
  const bundle = caseBundles(store).find((b) => b.id === bundleId);
  const bundleKey = bundle?.key ?? `local-${bundleId}`;
  const installation = bundle?.installation ?? `bundle-local-${bundleId}`;

  // Whose reveal a finding points at, if the filter selects it (every outcome: a refused reveal has findings too).
  const bySeq = scope.map((part) => revealActorAtSeq(db, revealQuery(part, { ...filter, successfulOnly: false })));
  const byLine = registerActorAtLine(db, bundleId, registerFilter(filter));
  const actorOf = (f: Finding): string | undefined => {
    if (f.seq !== undefined) {
      for (const actorAt of bySeq) {
        const a = actorAt(f.seq);
        if (a !== undefined) return a;
      }
    }
    return f.file === REVEAL_LOG_FILE && f.line !== undefined ? byLine(f.line) : undefined;
  };

  const fromFindings: ReviewItem[] = [];
  findings.forEach((f, i) => {
    if (!isRevealFinding(f)) return;
    const actor = actorOf(f);
    if (isFiltered(filter) && actor === undefined) return;
    fromFindings.push({
      id: `${f.code}-${i}`,
      kind: f.code,
      ...(actor !== undefined ? { actor } : {}),
      reviewSubject: findingSubject(bundleKey, f),
      severity: f.severity,
      title: titleOf(f),
      description: f.message,
      seq: f.seq,
      revealId: f.reveal_id,
      file: f.file,
      line: f.line,
    });
  });
  const { at, ...rest } = filter;
  const advice: ReviewItem[] = computeReviewItems(store, { scope, at, filter: rest }).map((r) => ({
    id: r.id,
    kind: r.kind,
    ...(r.actor !== undefined ? { actor: r.actor } : {}),
    reviewSubject: reviewSubject(installation, r.kind, r.seq),
    severity: r.severity,
    title: r.title,
    description: r.message,
    seq: r.seq,
    revealId: r.revealId,
    file: r.file,
    line: r.line,
  }));
  return [...fromFindings, ...advice];
}
