// Who each user was at each point of the chain. The dump's users table says
// who existed at export and with which role; the audit log says what changed
// (user.create, user.role_change, user.disable, in chain order). Both are
// needed: when audit retention purged the log's head, the user.create of an
// early account is gone, yet the account acts in the log and is in the dump.
// Users are keyed by installation, tenant and username: one name may exist in
// two tenants, and admin.ines of one appliance is not admin.ines of another.
// Installation-wide users have tenant "".
import type Database from 'better-sqlite3';
import { parseObject } from '../crosscheck/erasure-facts.js';
import { installationKey, newestParts, type ScopePart } from './scope.js';

interface Change {
  seq: number;
  ts_ms: number | null;
  kind: 'create' | 'role' | 'disable';
  role?: string;
  /** user.role_change's old_role: the role before, which a purged head no longer shows. */
  oldRole?: string;
}

interface DumpUser {
  role: string | null;
  createdMs: number | null;
  disabledMs: number | null;
}

export interface UserAt {
  role: string | null;
  disabled: boolean;
  /** Where the answer comes from. */
  source: 'audit' | 'dump' | 'unknown';
}

const userKey = (installation: string, tenant: string, username: string) => `${installation}\u0000${tenant}\u0000${username}`;

export class UserTimeline {
  private readonly changes = new Map<string, Change[]>();
  private readonly dump = new Map<string, DumpUser>();

  /** `scope`'s user entries, and the users table of each installation's newest dump. */
  static load(db: Database.Database, scope: ScopePart[]): UserTimeline {
    const t = new UserTimeline();
    const q = db.prepare(
      // Named index: a few user.* entries among possibly millions; without it the planner may scan the log.
      `SELECT seq, ts_ms, tenant, action, target, details FROM audit_entries INDEXED BY audit_entries_action
       WHERE bundle_id = ? AND action IN ('user.create', 'user.role_change', 'user.disable') AND outcome = 'success'
       AND (? IS NULL OR seq < ?) ORDER BY seq`,
    );
    for (const p of scope) {
      const inst = installationKey(p);
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
        const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
        const change: Change =
          r.action === 'user.create'
            ? { seq: r.seq, ts_ms: r.ts_ms, kind: 'create', role: str(d.role) }
            : r.action === 'user.role_change'
              ? { seq: r.seq, ts_ms: r.ts_ms, kind: 'role', role: str(d.new_role), oldRole: str(d.old_role) }
              : { seq: r.seq, ts_ms: r.ts_ms, kind: 'disable' };
        const key = userKey(inst, r.tenant, username);
        const l = t.changes.get(key) ?? [];
        l.push(change);
        t.changes.set(key, l);
      }
    }
    for (const l of t.changes.values()) l.sort((a, b) => a.seq - b.seq);
    const u = db.prepare('SELECT tenant_id, username, role, created_at, disabled_ms FROM dump_users WHERE bundle_id = ?');
    for (const p of newestParts(scope)) {
      const inst = installationKey(p);
      for (const r of u.iterate(p.bundleId) as IterableIterator<{ tenant_id: string | null; username: string | null; role: string | null; created_at: string | null; disabled_ms: number | null }>) {
        if (r.username === null) continue;
        const created = r.created_at !== null ? Date.parse(r.created_at) : NaN;
        t.dump.set(userKey(inst, r.tenant_id ?? '', r.username), { role: r.role, createdMs: Number.isFinite(created) ? created : null, disabledMs: r.disabled_ms });
      }
    }
    return t;
  }

  /** The user's state just before the entry at `seq` (time `tsMs`) of `installation` (installationKey). */
  at(installation: string, tenant: string, username: string, seq: number, tsMs: number | null): UserAt {
    for (const t of tenant === '' ? [''] : [tenant, '']) {
      const s = this.stateOf(userKey(installation, t, username), seq, tsMs);
      if (s.source !== 'unknown') return s;
    }
    return { role: null, disabled: false, source: 'unknown' };
  }

  private stateOf(key: string, seq: number, tsMs: number | null): UserAt {
    const l = this.changes.get(key) ?? [];
    const dump = this.dump.get(key);
    let role: string | null = null;
    let disabled = false;
    let seen = false;
    let createdLater = false;
    let nextOldRole: string | undefined;
    for (const c of l) {
      if (c.seq >= seq) {
        if (c.kind === 'create') createdLater = true;
        if (c.kind === 'role' && nextOldRole === undefined && !seen) nextOldRole = c.oldRole;
        if (!seen) continue;
        break;
      }
      seen = true;
      if (c.role !== undefined) role = c.role;
      if (c.kind === 'create') disabled = false;
      if (c.kind === 'disable') disabled = true;
    }
    const dumpDisabled = dump?.disabledMs !== null && dump?.disabledMs !== undefined && tsMs !== null && dump.disabledMs <= tsMs;
    if (seen) return { role, disabled: disabled || dumpDisabled, source: dumpDisabled && !disabled ? 'dump' : 'audit' };
    // Nothing in the kept log before this point: the dump says whether the account existed, and with
    // which role, unless the log shows it created later (then it did not exist yet).
    if (!dump || createdLater) return { role: null, disabled: false, source: 'unknown' };
    if (dump.createdMs !== null && tsMs !== null && dump.createdMs > tsMs) return { role: null, disabled: false, source: 'unknown' };
    // The role before the first change the log shows, else the role at export.
    return { role: nextOldRole ?? dump.role, disabled: dumpDisabled, source: 'dump' };
  }

  /** Every user known just before `seqOf(installation)` at time `tsMs`, with state. */
  all(seqOf: (installation: string) => number, tsMs: number | null): { installation: string; tenant: string; username: string; state: UserAt }[] {
    const out: { installation: string; tenant: string; username: string; state: UserAt }[] = [];
    for (const key of new Set([...this.changes.keys(), ...this.dump.keys()])) {
      const [installation, tenant, username] = key.split('\u0000') as [string, string, string];
      const state = this.stateOf(key, seqOf(installation), tsMs);
      if (state.source !== 'unknown') out.push({ installation, tenant, username, state });
    }
    return out.sort((a, b) => a.installation.localeCompare(b.installation) || a.tenant.localeCompare(b.tenant) || a.username.localeCompare(b.username));
  }
}
