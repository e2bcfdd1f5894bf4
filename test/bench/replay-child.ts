// Child process of the replay benchmark: opens an imported case the way the
// CLI does (a fresh process, nothing cached) and times the replay module's
// queries behind the views. Each query runs once cold (first call after
// opening: statements prepared, pages read) and then WARM_RUNS more times.
//   node --import tsx test/bench/replay-child.ts <case file>
import { CaseFile } from '../../shared/engine/case/case-file.js';
import { listErasures } from '../../shared/engine/replay/erasure-history.js';
import { listReveals } from '../../shared/engine/replay/reveal-history.js';
import { computeReviewItems } from '../../shared/engine/replay/review-items.js';
import { stateAt } from '../../shared/engine/replay/state-at.js';
import { reportToParent } from './child.js';

export interface ReplayTiming {
  name: string;
  /** Rows (or records) the query returned, to show what was timed. */
  rows: number;
  coldMs: number;
  warmMedianMs: number;
}

export interface ReplayChildResult {
  openMs: number;
  actor: string;
  actorReveals: number;
  from: string;
  at: string;
  timings: ReplayTiming[];
}

const WARM_RUNS = 5;
const casePath = process.argv[2];
if (!casePath) throw new Error('usage: replay-child.ts <case file>');

function timeQuery(name: string, q: () => number): ReplayTiming {
  let t = performance.now();
  const rows = q();
  const coldMs = performance.now() - t;
  const warm: number[] = [];
  for (let i = 0; i < WARM_RUNS; i++) {
    t = performance.now();
    q();
    warm.push(performance.now() - t);
  }
  warm.sort((a, b) => a - b);
  return { name, rows, coldMs, warmMedianMs: warm[Math.floor(warm.length / 2)]! };
}

const t0 = performance.now();
const c = CaseFile.open(casePath);
const openMs = performance.now() - t0;
try {
  const store = c.store;
  const bundle = store.db.prepare('SELECT id, exported_at FROM bundles ORDER BY id DESC LIMIT 1').get() as { id: number; exported_at: string } | undefined;
  if (!bundle?.exported_at) throw new Error(`${casePath} holds no bundle with an export time`);
  // The actor with the most reveals: the heaviest "reveals by actor" view there is in this case.
  const busiest = store.db
    .prepare("SELECT actor, count(*) AS n FROM reveal_events WHERE bundle_id = ? AND outcome = 'success' GROUP BY actor ORDER BY n DESC LIMIT 1")
    .get(bundle.id) as { actor: string; n: number } | undefined;
  if (!busiest) throw new Error(`${casePath} holds no reveal`);
  const at = bundle.exported_at;
  const fromDate = new Date(at);
  fromDate.setUTCMonth(fromDate.getUTCMonth() - 13);
  const from = fromDate.toISOString();

  const timings = [
    timeQuery('reveals by actor, 13 months (listReveals)', () => listReveals(store, { actor: busiest.actor, from, at }).length),
    timeQuery('review items, same actor and months (computeReviewItems)', () => computeReviewItems(store, { at, filter: { actor: busiest.actor, from } }).length),
    timeQuery('erasure checks (listErasures)', () => listErasures(store).length),
    timeQuery('state at export time (stateAt)', () => stateAt(store, at).extensions.length),
  ];
  await reportToParent({ openMs, actor: busiest.actor, actorReveals: busiest.n, from, at, timings } satisfies ReplayChildResult);
} finally {
  c.close();
}
