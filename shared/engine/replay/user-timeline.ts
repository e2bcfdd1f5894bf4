// Who each user was at each point of the chain: role and disabled state from
// user.create, user.role_change and user.disable entries (in chain order),
// and, for what the audit log no longer shows, the dump's users table
// (disabled_at). Users are keyed by tenant and username (one name may exist
// in two tenants); installation-wide users have tenant "".
import type Database from 'better-sqlite3';
import { parseObject } from '../crosscheck/erasure-facts.js';
import type { ScopePart } from './scope.js';

interface Change {
  seq: number;
  ts_ms: number | null;
  role?: string;
  disabled?: boolean;
}

export interface UserAt {
  role: string | null;
  disabled: boolean;
  /** Where the answer comes from. */
  source: 'audit' | 'dump' | 'unknown';
}

export class UserTimeline {
  private readonly changes = new Map<string, Change[]>();
  private readonly disabledAt = new Map<string, number>();

  static load(db: Database.Database, scope: ScopePart[], dumpBundles: number[]): UserTimeline {
    const t = new UserTimeline();
    const q = db.prepare(
      // Named index: a few user.* entries among possibly millions; without it the planner may scan the log.
      `SELECT seq, ts_ms, tenant, action, target, details FROM audit_entries INDEXED BY audit_entries_action
       WHERE bundle_id = ? AND action IN ('user.create', 'user.role_change', 'user.disable') AND outcome = 'success'
       AND (? IS NULL OR seq < ?) ORDER BY seq`,
    );
    const all: (Change & { key: string })[] = [];
    for (const p of scope) {
      for (const r of q.iterate(p.bundleId, p.beforeSeq, p.beforeSeq) as IterableIterator<{
        seq: number;
        ts_ms: number | null;
        tenant: string;
        action: string;
        target: string;
        details: string;
      }>) {
        const d = parseObject(r.details);
        const username = typeof d.username === 'string' ? d.username : r.target.replace(/^user:/, '');
        const key = `${r.tenant}\u0000${username}`;
        if (r.action === 'user.create') all.push({ key, seq: r.seq, ts_ms: r.ts_ms, role: typeof d.role === 'string' ? d.role : undefined, disabled: false });
        else if (r.action === 'user.role_change') all.push({ key, seq: r.seq, ts_ms: r.ts_ms, role: typeof d.new_role === 'string' ? d.new_role : undefined });
        else all.push({ key, seq: r.seq, ts_ms: r.ts_ms, disabled: true });
      }
    }
    all.sort((a, b) => a.seq - b.seq);
    for (const { key, ...c } of all) {
      const l = t.changes.get(key) ?? [];
      l.push(c);
      t.changes.set(key, l);
    }
    const u = db.prepare('SELECT tenant_id, username, disabled_ms FROM dump_users WHERE bundle_id = ? AND disabled_ms IS NOT NULL');
    for (const b of dumpBundles) {
      for (const r of u.iterate(b) as IterableIterator<{ tenant_id: string; username: string; disabled_ms: number }>) {
        t.disabledAt.set(`${r.tenant_id}\u0000${r.username}`, r.disabled_ms);
      }
    }
    return t;
  }

  /** The user's state just before the entry at `seq` (time `tsMs`). */
  at(tenant: string, username: string, seq: number, tsMs: number | null): UserAt {
    const keys = [`${tenant}\u0000${username}`, `\u0000${username}`];
    for (const key of keys) {
      const l = this.changes.get(key);
      let role: string | null = null;
      let disabled = false;
      let seen = false;
      if (l) {
        for (const c of l) {
          if (c.seq >= seq) break;
          seen = true;
          if (c.role !== undefined) role = c.role;
          if (c.disabled !== undefined) disabled = c.disabled;
        }
      }
      const d = this.disabledAt.get(key);
      if (!disabled && d !== undefined && tsMs !== null && d <= tsMs) return { role, disabled: true, source: 'dump' };
      if (seen) return { role, disabled, source: 'audit' };
    }
    return { role: null, disabled: false, source: 'unknown' };
  }

  /** Every user known at `seq`, with state. */
  all(seq: number, tsMs: number | null): { tenant: string; username: string; state: UserAt }[] {
    const out: { tenant: string; username: string; state: UserAt }[] = [];
    for (const key of this.changes.keys()) {
      const [tenant, username] = key.split('\u0000') as [string, string];
      const state = this.at(tenant, username, seq, tsMs);
      if (state.source !== 'unknown') out.push({ tenant, username, state });
    }
    return out.sort((a, b) => a.tenant.localeCompare(b.tenant) || a.username.localeCompare(b.username));
  }
}
