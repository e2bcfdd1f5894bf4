// Review items grouped as a reviewer works through them: by kind (a finding
// code or a replay pattern), then by the person whose reveals they concern,
// each with its count and how many are decided.
import type { ReviewItem } from '../../../../shared/api/contract.js';

export interface ActorGroup {
  /** undefined: items that name no person. */
  actor: string | undefined;
  items: ReviewItem[];
}

export interface KindGroup {
  kind: string;
  count: number;
  actors: ActorGroup[];
}

/** Groups in the order their first item comes (findings first, as the engine lists them); people by item count, then name. */
export function groupReviewItems(items: readonly ReviewItem[]): KindGroup[] {
  const kinds = new Map<string, Map<string | undefined, ReviewItem[]>>();
  for (const it of items) {
    const byActor = kinds.get(it.kind) ?? new Map<string | undefined, ReviewItem[]>();
    kinds.set(it.kind, byActor);
    const list = byActor.get(it.actor) ?? [];
    byActor.set(it.actor, list);
    list.push(it);
  }
  return [...kinds].map(([kind, byActor]) => ({
    kind,
    count: [...byActor.values()].reduce((n, l) => n + l.length, 0),
    actors: [...byActor]
      .map(([actor, list]) => ({ actor, items: list }))
      .sort((a, b) => b.items.length - a.items.length || (a.actor ?? '\uffff').localeCompare(b.actor ?? '\uffff')),
  }));
}
