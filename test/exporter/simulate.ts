// Phase two of a generation: the appliance at work, day by day. Scheduled
// events (plan.ts) and ordinary activity (sessions, reveals, failed logins,
// lockouts) are merged in time order and each becomes a chained, signed
// audit entry. Entries older than the audit retention are chained but not
// written; the rest go to the CSV and JSON lines logs, reveals to the
// register and to a spool the dump reads later.
import { canonicalize } from '../../shared/engine/crypto/jcs.js';
import { sha256Hex } from '../../shared/engine/crypto/hash.js';
import { ZERO_HASH } from '../../shared/engine/crypto/encoding.js';
import type { AuditEntry } from '../../shared/model/audit-entry.js';
import type { AuditLogWriter, EntryPlace } from './audit-writer.js';
import type { HashingWriter } from './file-writer.js';
import type { SigningKey } from './keys.js';
import type { ExpectedFinding } from './options.js';
import { activeAt, roleAt, type DayPlan, type ErasurePlan, type Plan, type ScheduledEvent, type UserPlan } from './plan.js';
import { Rng, scramble40, seedWords } from './random.js';
import { signObject } from './signed-files.js';
import { revealMotive } from './texts.js';
import { DAY, HOUR, MINUTE, SECOND, iso, utcDayStart } from './time.js';

export const AUDIT_CSV = 'data/audit/audit-log.csv';
export const AUDIT_JSONL = 'data/audit/audit-log.jsonl';

type Details = Record<string, unknown>;

interface RevealDraft {
  cdrIndex: number;
  cdrId: number;
  extensionId: number;
  field: 'caller' | 'callee';
  pseudonym: string;
  last4: string;
  alerts: string[];
  revealId: string;
  writeRow: boolean;
}

interface Draft {
  ts: number;
  tenant: string;
  actor: string;
  role: string;
  action: string;
  target: string;
  outcome: 'success' | 'failure' | 'denied';
  motive: string;
  source_ip: string;
  user_agent: string;
  request_id: string;
  /** Built at emission when it depends on the final timestamp or sequence. */
  details: Details | ((ts: number, seq: number) => Details);
  reveal?: RevealDraft;
}

export interface Emitted {
  entry: AuditEntry;
  ts: number;
  visible: boolean;
  place: EntryPlace | null;
}

export interface Certificate {
  certificateId: string;
  json: Record<string, unknown>;
}

export interface SimulationOutcome {
  firstSeq: number;
  lastSeq: number;
  lastHash: string;
  purgedThrough: number;
  highWater: number;
  visibleReveals: number;
  revealRows: number;
  certificates: Certificate[];
  /** Per erasure index: the execute entry's seq (for the dump's erasures table). */
  executeSeq: Map<number, number>;
  executedAt: Map<number, number>;
  currentLicenseInstalledAt: number;
  /** The key in force at export. */
  exportKey: SigningKey;
  keyRotations: number;
  fault?: ExpectedFinding;
}

/** Dump `reveals` rows waiting for the dump, one JSON array per line. */
export type SpooledReveal = [string, string, number, number, string, number, string, string, string, number, number];

export class Simulator {
  private readonly rng: Rng;
  private seq = 1;
  private prevHash = ZERO_HASH;
  private keyIndex = 0;
  private lastTs = -Infinity;
  private highWater = -Infinity;
  private rollback: { deltaMs: number; recorded: boolean } | null = null;
  private jumpTo: number | null = null;
  private jumpedFrom: number | null = null;
  private firstSeq = 0;
  private purgedThrough = { seq: 0, hash: ZERO_HASH };
  private revealCounter = 0;
  private readonly revealMask: bigint;
  private visibleReveals = 0;
  private entriesSinceRotation = -1;
  private carryReveals = 0;
  private lastDayHidden = false;
  private readonly requestSeq = new Map<number, { seq: number; hash: string }>();
  private readonly revealsDeleted = new Map<number, number>();
  private readonly certificates: Certificate[] = [];
  private readonly executeSeq = new Map<number, number>();
  private readonly executedAt = new Map<number, number>();
  private readonly maxAttempts = new Map<string, number>();
  private currentInstalledAt = NaN;
  private keyRotations = 0;
  private fault: ExpectedFinding | undefined;

  constructor(
    private readonly plan: Plan,
    private readonly log: AuditLogWriter,
    private readonly spool: HashingWriter,
  ) {
    this.rng = new Rng(`${plan.seed}/activity`);
    const w = seedWords(`${plan.seed}/reveal-ids`);
    this.revealMask = (BigInt(w[0]) << 8n) ^ BigInt(w[1]);
  }

  private get key(): SigningKey {
    return this.plan.auditKeys[this.keyIndex]!;
  }

  async run(): Promise<SimulationOutcome> {
    const sched = this.plan.scheduled;
    let si = 0;
    for (const day of this.plan.days) {
      const dayEnd = day.start + DAY;
      const filler = this.fillDay(day);
      let fi = 0;
      while (true) {
        const s = si < sched.length && sched[si]!.ts < dayEnd ? sched[si]! : null;
        const f = fi < filler.length ? filler[fi]! : null;
        if (!s && !f) break;
        if (s && (!f || s.ts <= f.ts)) {
          si++;
          await this.scheduled(s);
        } else {
          fi++;
          await this.emit(f!, true);
        }
      }
    }
    if (si !== sched.length) throw new Error('internal: scheduled events left after the last day');
    if (this.rollback || this.jumpTo !== null || this.jumpedFrom !== null) throw new Error('exportBundle: no entry left after the clock event; raise entries');
    return {
      firstSeq: this.firstSeq,
      lastSeq: this.seq - 1,
      lastHash: this.prevHash,
      purgedThrough: this.purgedThrough.seq,
      highWater: this.highWater,
      visibleReveals: this.visibleReveals,
      revealRows: this.log.revealRows,
      certificates: this.certificates,
      executeSeq: this.executeSeq,
      executedAt: this.executedAt,
      currentLicenseInstalledAt: this.currentInstalledAt,
      exportKey: this.key,
      keyRotations: this.keyRotations,
      fault: this.fault,
    };
  }

  // ── Entries ───────────────────────────────────────────────────────────────

  private nextTs(planned: number, ordinary: boolean): { ts: number; clock: 'jump' | 'back' | 'rollback' | null; anomaly: Details | null } {
    if (this.jumpTo !== null) {
      const ts = this.jumpTo;
      this.jumpedFrom = this.lastTs;
      this.jumpTo = null;
      return { ts, clock: 'jump', anomaly: null };
    }
    if (this.jumpedFrom !== null) {
      // The clock came back from the future: this entry goes back in time, and the appliance records it.
      const ts = Math.max(planned, this.jumpedFrom + 1);
      this.jumpedFrom = null;
      return { ts, clock: 'back', anomaly: { observed: iso(ts), high_water: iso(this.highWater), delta_ms: this.highWater - ts } };
    }
    // The NTP step lands on ordinary activity, not on a scheduled system event.
    if (this.rollback && ordinary) {
      const { deltaMs, recorded } = this.rollback;
      this.rollback = null;
      const ts = this.lastTs - deltaMs;
      return {
        ts,
        clock: 'rollback',
        anomaly: recorded ? { observed: iso(ts), high_water: iso(this.highWater), delta_ms: this.highWater - ts } : null,
      };
    }
    return { ts: Math.max(planned, this.lastTs + 1), clock: null, anomaly: null };
  }

  private async emit(d: Draft, ordinary = false): Promise<Emitted> {
    const { ts, clock, anomaly } = this.nextTs(d.ts, ordinary);
    const e = await this.write(d, ts);
    if (clock === 'rollback' && this.plan.fault === 'audit.clock_rollback') {
      this.recordFault('audit.clock_rollback', e, 'the appliance clock went back 2.5 s and no clock.anomaly entry records it');
    }
    if (clock === 'jump') {
      this.recordFault('audit.future_timestamp', e, 'the appliance clock jumped 40 days ahead for one entry (recorded by a clock.anomaly after it came back)', {
        alsoExpected: this.plan.dump === 'none' ? [] : ['license.clock_tampering'],
      });
    }
    if (anomaly) {
      const anomalyTs = clock === 'rollback' ? this.highWater + SECOND : ts + SECOND;
      await this.write(this.system('clock.anomaly', '', '', anomaly, anomalyTs), anomalyTs);
    }
    return e;
  }

  private async write(d: Draft, ts: number): Promise<Emitted> {
    const seq = this.seq;
    const details = typeof d.details === 'function' ? d.details(ts, seq) : d.details;
    const core = {
      seq,
      ts: iso(ts),
      tenant: d.tenant,
      actor: d.actor,
      role: d.role,
      action: d.action,
      target: d.target,
      outcome: d.outcome,
      motive: d.motive,
      source_ip: d.source_ip,
      user_agent: d.user_agent,
      request_id: d.request_id,
      details,
      prev_hash: this.prevHash,
    };
    const hash = sha256Hex(canonicalize(core));
    let key = this.key;
    const retired = this.plan.fault === 'audit.unknown_key:retired' && this.entriesSinceRotation === 5;
    if (retired) key = this.plan.auditKeys[0]!;
    const entry: AuditEntry = { ...core, hash, kid: key.kid, sig: key.signText('natalia.audit.v1', hash) };
    const visible = ts >= this.plan.visibleFrom;
    let place: EntryPlace | null = null;
    if (visible) {
      if (this.firstSeq === 0) this.firstSeq = seq;
      place = await this.log.entry(entry);
    } else {
      this.purgedThrough = { seq, hash };
    }
    this.seq++;
    this.prevHash = hash;
    this.lastTs = ts;
    this.highWater = Math.max(this.highWater, ts);
    if (this.entriesSinceRotation >= 0) this.entriesSinceRotation++;
    const emitted: Emitted = { entry, ts, visible, place };
    if (retired) this.recordFault('audit.unknown_key', emitted, 'an entry after the key rotation is signed by the retired key');
    if (d.reveal) await this.afterReveal(d, emitted);
    return emitted;
  }

  private recordFault(code: ExpectedFinding['code'], e: Emitted, description: string, extra: Partial<ExpectedFinding> = {}): void {
    if (!e.place) throw new Error(`internal: the ${code} fault landed in the purged part of the log`);
    this.fault = {
      code,
      file: AUDIT_CSV,
      line: e.place.csvLine,
      seq: e.entry.seq,
      alsoAt: [{ file: AUDIT_JSONL, line: e.place.jsonlLine }],
      description,
      ...extra,
    };
  }

  private system(action: string, tenant: string, target: string, details: Draft['details'], ts: number): Draft {
    return {
      ts,
      tenant,
      actor: 'system',
      role: 'system',
      action,
      target,
      outcome: 'success',
      motive: '',
      source_ip: '',
      user_agent: '',
      request_id: '',
      details,
    };
  }

  private user(u: UserPlan, ts: number, action: string, target: string, details: Draft['details'], extra: Partial<Draft> = {}): Draft {
    return {
      ts,
      tenant: u.tenant,
      actor: u.username,
      role: roleAt(u, ts),
      action,
      target,
      outcome: 'success',
      motive: '',
      source_ip: u.ip,
      user_agent: u.userAgent,
      request_id: `req-${this.rng.hex(12)}`,
      details,
      ...extra,
    };
  }

  // ── Reveals ───────────────────────────────────────────────────────────────

  private nextRevealId(): string {
    const n = scramble40(this.revealCounter++, this.revealMask);
    return 'RV-' + n.toString(16).toUpperCase().padStart(10, '0');
  }

  /** A call of `tenantIndex` from the two weeks before t, still in the database at t, or -1. */
  private pickCdr(tenantIndex: number, t: number, extensionId?: number): number {
    const cdr = this.plan.cdr;
    if (cdr.total === 0) return -1;
    const hi = Math.min(Math.floor((utcDayStart(t) - this.plan.startDay) / DAY) - 1, cdr.dayOf(cdr.total - 1));
    if (hi < 0) return -1;
    const lo = Math.max(0, hi - 13);
    const ok = (i: number) => {
      if (cdr.tenantOf(i) !== tenantIndex) return false;
      const ext = cdr.extensionOf(i);
      if (extensionId !== undefined ? ext.id !== extensionId : ext.erasedAt <= t + HOUR) return false;
      const night = cdr.purgeNightOf(tenantIndex, cdr.timeOf(i));
      return night === -1 || this.plan.purgeNights[night]! > t;
    };
    for (let attempt = 0; attempt < 40; attempt++) {
      const d = this.rng.range(lo, hi);
      const a = cdr.firstOfDay(d);
      const b = cdr.firstOfDay(d + 1);
      if (b <= a) continue;
      const i = a + this.rng.int(b - a);
      if (ok(i)) return i;
    }
    for (let i = cdr.firstOfDay(hi + 1) - 1; i >= cdr.firstOfDay(extensionId !== undefined ? 0 : lo); i--) if (ok(i)) return i;
    return -1;
  }

  private revealDraft(u: UserPlan, ts: number, cdrIndex: number, overrides: { motive?: string; writeRow?: boolean } = {}): Draft {
    const row = this.plan.cdr.row(cdrIndex);
    const field = this.rng.chance(0.5) ? 'caller' : 'callee';
    const pseudonym = field === 'caller' ? row.callerPseudonym : row.calleePseudonym;
    const last4 = field === 'caller' ? row.callerLast4 : row.calleeLast4;
    const tenant = this.plan.tenants[u.tenantIndex]!;
    const others = tenant.users.filter((o) => o !== u && roleAt(o, ts) === 'Admin' && activeAt(o, ts));
    const alerts = this.rng.shuffle(others).slice(0, Math.min(others.length, this.rng.chance(0.8) ? 1 : 2)).map((o) => o.username);
    const revealId = this.nextRevealId();
    return this.user(
      u,
      ts,
      'phone.reveal',
      `cdr:${row.id}`,
      { reveal_id: revealId, field, phone_pseudonym: pseudonym, last4, alert_sent_to: alerts, extension_id: row.extensionId },
      {
        motive: overrides.motive ?? revealMotive(this.rng),
        reveal: {
          cdrIndex,
          cdrId: row.id,
          extensionId: row.extensionId,
          field,
          pseudonym,
          last4,
          alerts,
          revealId,
          writeRow: overrides.writeRow ?? true,
        },
      },
    );
  }

  private async afterReveal(d: Draft, e: Emitted): Promise<void> {
    const r = d.reveal!;
    const { entry } = e;
    if (e.visible) {
      this.visibleReveals++;
      if (r.writeRow) {
        await this.log.reveal({
          reveal_id: r.revealId,
          ts: entry.ts,
          tenant: entry.tenant,
          actor: entry.actor,
          role: entry.role,
          cdr_id: r.cdrId,
          extension_id: r.extensionId,
          field: r.field,
          phone_pseudonym: r.pseudonym,
          last4: r.last4,
          motive: entry.motive,
          alert_sent_to: r.alerts,
          audit_seq: entry.seq,
          audit_hash: entry.hash,
        });
      }
    }
    const spooled: SpooledReveal = [
      r.revealId,
      entry.tenant,
      r.cdrId,
      r.extensionId,
      entry.actor,
      e.ts,
      r.field,
      r.pseudonym,
      entry.motive,
      entry.seq,
      r.cdrIndex,
    ];
    await this.spool.write(JSON.stringify(spooled) + '\n');
    const erasure = this.plan.erasures.find((x) => x.extension.id === r.extensionId);
    if (erasure && e.ts < erasure.executeAt && this.plan.cdr.fate(r.cdrIndex).kind === 'erased') {
      this.revealsDeleted.set(erasure.index, (this.revealsDeleted.get(erasure.index) ?? 0) + 1);
    }
  }

  // ── Scheduled events ─────────────────────────────────────────────────────

  private async scheduled(s: ScheduledEvent): Promise<void> {
    const plan = this.plan;
    switch (s.type) {
      case 'setup.config':
        await this.emit(this.system('config.change', '', 'config:installation.id', { key: 'installation.id', old: '', new: plan.installationId }, s.ts));
        return;
      case 'license.install': {
        const l = s.license;
        const d = this.user(plan.integrator, s.ts, 'license.install', `license:${l.id}`, {
          license_id: l.id,
          expires_at: iso(l.expiresAt),
          vendor_kid: l.signer.kid,
        });
        const e = await this.emit(d);
        if (l.current) {
          this.currentInstalledAt = e.ts;
          if (plan.fault === 'license.clock_tampering:install_before_issue') {
            this.recordFault('license.clock_tampering', e, 'the current license was installed before it was issued (appliance clock behind)');
          }
        }
        return;
      }
      case 'user.create': {
        const details = { username: s.user.username, role: s.user.initialRole };
        const d = s.by
          ? this.user(s.by, s.ts, 'user.create', `user:${s.user.username}`, details)
          : this.system('user.create', s.user.tenant, `user:${s.user.username}`, details, s.ts);
        await this.emit(d);
        return;
      }
      case 'user.role_change':
        await this.emit(
          this.user(s.by, s.ts, 'user.role_change', `user:${s.user.username}`, {
            username: s.user.username,
            old_role: s.user.initialRole,
            new_role: 'Admin',
          }),
        );
        return;
      case 'user.disable':
        await this.emit(this.user(s.by, s.ts, 'user.disable', `user:${s.user.username}`, { username: s.user.username }));
        return;
      case 'license.warning':
        await this.emit(this.system('license.warning', '', `license:${s.license.id}`, { expires_at: iso(s.license.expiresAt), days_left: s.daysLeft }, s.ts));
        return;
      case 'license.grace':
        await this.emit(
          this.system('license.grace', '', `license:${s.license.id}`, {
            expires_at: iso(s.license.expiresAt),
            grace_until: iso(s.license.expiresAt + 14 * DAY),
          }, s.ts),
        );
        return;
      case 'license.lockout':
        await this.emit(this.system('license.lockout', '', `license:${s.license.id}`, { expires_at: iso(s.license.expiresAt) }, s.ts));
        return;
      case 'key.rotate': {
        const next = plan.auditKeys[this.keyIndex + 1]!;
        await this.emit(this.system('key.rotate', '', `key:${next.kid}`, { new_kid: next.kid, new_public_key: next.publicKey, reason: 'scheduled' }, s.ts));
        this.keyIndex++;
        this.keyRotations++;
        this.entriesSinceRotation = 0;
        return;
      }
      case 'cdr.purge':
        await this.emit(
          this.system('retention.purge', plan.tenants[s.tenantIndex]!.id, '', { kind: 'cdr', older_than: iso(s.olderThan), purged_count: s.count }, s.ts),
        );
        return;
      case 'audit.purge': {
        const through = this.purgedThrough;
        if (through.seq === 0) throw new Error('internal: audit purge with nothing purged');
        await this.emit(
          this.system('retention.purge', '', '', {
            kind: 'audit',
            older_than: iso(s.olderThan),
            purged_count: through.seq,
            purged_through_seq: through.seq,
            purged_through_hash: through.hash,
          }, s.ts),
        );
        return;
      }
      case 'erasure.request':
      case 'erasure.request_missing':
        await this.erasureRequest(s.erasure, s.ts, s.type === 'erasure.request_missing');
        return;
      case 'erasure.execute':
        await this.erasureExecute(s.erasure, s.ts);
        return;
      case 'clock.step':
        this.rollback = { deltaMs: s.deltaMs, recorded: s.recorded };
        return;
      case 'clock.jump':
        this.jumpTo = s.toMs;
        return;
      case 'fault.reveal':
        await this.faultReveal(s.mode, s.ts);
        return;
      case 'refused.reveal': {
        // A refused attempt: details {} and no register row (spec §2.2, clarification 2026-12-07).
        const i = this.pickCdr(s.user.tenantIndex, s.ts);
        const target = i === -1 ? 'cdr:1' : `cdr:${plan.cdr.row(i).id}`;
        await this.emit(this.user(s.user, s.ts, 'phone.reveal', target, {}, { outcome: s.outcome, motive: s.motive }));
        return;
      }
      case 'fault.activity_after_lockout': {
        const u = plan.tenants[0]!.users[0]!;
        const e = await this.emit(this.cdrExport(u, s.ts));
        this.recordFault('policy.activity_after_lockout', e, 'an Admin exported CDRs while the license was locked');
        return;
      }
      case 'audit.export': {
        if (this.rollback || this.jumpTo !== null || this.jumpedFrom !== null) throw new Error('exportBundle: no entry left after the clock event; raise entries');
        const u = plan.exporter;
        await this.emit(
          this.user(u, s.ts, 'audit.export', '', (_ts, seq) => ({ format: 'bundle', first_seq: this.firstSeq || seq, last_seq: seq })),
        );
        return;
      }
    }
  }

  private async erasureRequest(er: ErasurePlan, ts: number, missing: boolean): Promise<void> {
    const tenant = this.plan.tenants[er.tenantIndex]!;
    const admin = tenant.users[0]!;
    const d = missing
      ? this.user(admin, ts, 'config.change', 'config:ui.language', { key: 'ui.language', old: 'fr', new: 'en' })
      : this.user(admin, ts, 'erasure.request', `ext:${er.extension.pseudonym}`, {
          request_ref: er.reference,
          received_at: iso(er.receivedAt),
          requested_by: er.requestedBy,
          channel: er.channel,
        });
    const e = await this.emit(d);
    this.requestSeq.set(er.index, { seq: e.entry.seq, hash: e.entry.hash });
    // The first pending request (plan.ts) is the erasure.overdue fault when that fault is asked for.
    if (this.plan.fault === 'erasure.overdue' && er.index === 1000) {
      this.recordFault('erasure.overdue', e, 'an erasure request received 40 days before the export was never executed');
    }
  }

  private async erasureExecute(er: ErasurePlan, ts: number): Promise<void> {
    const plan = this.plan;
    const tenant = plan.tenants[er.tenantIndex]!;
    const admin = tenant.users[1]!;
    const req = this.requestSeq.get(er.index)!;
    const revealsDeleted = this.revealsDeleted.get(er.index) ?? 0;
    const d = this.user(
      admin,
      ts,
      'erasure.execute',
      `ext:${er.extension.pseudonym}`,
      {
        certificate_id: er.certificateId,
        request_seq: req.seq,
        extension_id: er.extension.id,
        cdr_deleted: er.cdrDeleted,
        reveals_deleted: revealsDeleted,
      },
      { motive: er.motive },
    );
    const e = await this.emit(d);
    this.executeSeq.set(er.index, e.entry.seq);
    this.executedAt.set(er.index, e.ts);
    const reference = plan.fault === 'erasure.audit_mismatch' && er.index === 0 ? er.reference.replace(/\d$/, (c) => String((+c + 1) % 10)) : er.reference;
    const cert = signObject(
      'natalia.erasure.v1',
      {
        format: 'natalia.erasure-certificate.v1',
        certificate_id: er.certificateId,
        installation_id: plan.installationId,
        tenant: tenant.id,
        subject: {
          type: 'extension',
          extension_id: er.extension.id,
          ext_pseudonym: er.extension.pseudonym,
          label: er.extension.label,
          last4: er.extension.last4,
        },
        request: {
          reference,
          received_at: iso(er.receivedAt),
          requested_by: er.requestedBy,
          channel: er.channel,
          audit_seq: req.seq,
        },
        execution: {
          executed_at: e.entry.ts,
          executed_by: admin.username,
          motive: er.motive,
          audit_seq: e.entry.seq,
          audit_hash: e.entry.hash,
          deleted: { cdr: er.cdrDeleted, reveals: revealsDeleted, extension: 1 },
        },
        method: 'hard-delete',
        issued_at: iso(e.ts + SECOND),
      },
      this.key,
    );
    this.certificates.push({ certificateId: er.certificateId, json: cert });
    if (er.index !== 0) return;
    const certFile = `data/erasure/${er.certificateId}.json`;
    const certId = { certificate_id: er.certificateId };
    switch (plan.fault) {
      case 'policy.missing_motive:erasure':
        this.recordFault('policy.missing_motive', e, 'an erasure was executed with an empty motive');
        break;
      case 'erasure.request_missing':
        this.recordFault('erasure.request_missing', e, 'an erasure was executed with no erasure request in the log', {
          ...certId,
          alsoExpected: ['erasure.audit_mismatch'],
        });
        break;
      case 'erasure.audit_mismatch':
        this.fault = { code: 'erasure.audit_mismatch', file: certFile, ...certId, description: 'the certificate names another request reference than its erasure.request entry' };
        break;
      case 'erasure.late':
        this.recordFault('erasure.late', e, 'the erasure was executed 40 days after the request was received', certId);
        break;
      default:
    }
  }

  private async faultReveal(mode: 'viewer' | 'no_motive' | 'no_row' | 'after_erasure', ts: number): Promise<void> {
    const plan = this.plan;
    let d: Draft;
    let description: string;
    let code: ExpectedFinding['code'];
    if (mode === 'after_erasure') {
      const er = plan.erasures[0]!;
      const admin = plan.tenants[er.tenantIndex]!.users[0]!;
      const i = this.pickCdr(er.tenantIndex, er.executeAt, er.extension.id);
      if (i === -1 || plan.cdr.fate(i).kind !== 'erased') throw new Error('exportBundle: the erased extension had no call to reveal; raise cdrs');
      d = this.revealDraft(admin, ts, i);
      code = 'reveal.after_erasure';
      description = 'a phone number of an erased extension was revealed after the erasure';
    } else {
      const t0 = plan.tenants[0]!;
      const actor = mode === 'viewer' ? t0.users.find((u) => u.initialRole === 'Viewer')! : t0.users[0]!;
      const i = this.pickCdr(0, ts);
      if (i === -1) throw new Error('exportBundle: no call to reveal for the faulty reveal; raise cdrs');
      d = this.revealDraft(actor, ts, i, { motive: mode === 'no_motive' ? '' : undefined, writeRow: mode !== 'no_row' });
      code = mode === 'viewer' ? 'policy.reveal_by_non_admin' : mode === 'no_motive' ? 'policy.missing_motive' : 'reveal.missing_row';
      description =
        mode === 'viewer'
          ? 'a Viewer revealed a phone number'
          : mode === 'no_motive'
            ? 'an Admin revealed a phone number with an empty motive'
            : 'a reveal has no row in the reveal register';
    }
    const e = await this.emit(d);
    // Policy findings are about the entry; reveal findings also name the reveal.
    this.recordFault(code, e, description, code.startsWith('reveal.') ? { reveal_id: d.reveal!.revealId } : {});
  }

  private cdrExport(u: UserPlan, ts: number): Draft {
    const to = utcDayStart(ts);
    return this.user(u, ts, 'cdr.export', `tenant:${u.tenant}`, {
      format: this.rng.chance(0.5) ? 'csv' : 'json',
      rows: this.rng.range(500, 20000),
      from: iso(to - 30 * DAY),
      to: iso(to),
    });
  }

  private configChange(u: UserPlan, ts: number): Draft {
    const old = this.maxAttempts.get(u.tenant) ?? 5;
    let next = this.rng.range(3, 10);
    if (next === old) next = old === 10 ? 3 : old + 1;
    this.maxAttempts.set(u.tenant, next);
    return this.user(u, ts, 'config.change', 'config:login.max_attempts', { key: 'login.max_attempts', old: String(old), new: String(next) });
  }

  // ── Ordinary activity ─────────────────────────────────────────────────────

  /** The day's sessions and incidents, exactly `fillerQuota` entries, sorted by planned time. */
  private fillDay(day: DayPlan): Draft[] {
    const rng = this.rng;
    const plan = this.plan;
    let budget = day.fillerQuota;
    // Reveals left over in the purged part of the log do not spill into the exported part.
    if (!day.hidden && this.lastDayHidden) this.carryReveals = 0;
    this.lastDayHidden = day.hidden;
    let reveals = day.revealQuota + this.carryReveals;
    this.carryReveals = 0;
    const drafts: Draft[] = [];
    if (budget === 0) {
      this.carryReveals = reveals;
      return drafts;
    }
    const ws = day.windowStart;
    const we = day.windowEnd;
    const eligible = plan.users.filter(
      (u) => activeAt(u, ws) && activeAt(u, we) && !(u.promotedAt >= ws && u.promotedAt <= we) && !(u.disabledAt >= ws - DAY && u.disabledAt <= we + DAY),
    );
    if (eligible.length === 0) {
      this.carryReveals = reveals;
      return drafts;
    }
    const admins = eligible.filter((u) => roleAt(u, ws) === 'Admin');
    const used = new Set<UserPlan>();
    const span = we - ws;
    const session = (u: UserPlan, actions: ((t: number) => Draft | null)[]): number => {
      used.add(u);
      const start = ws + Math.floor(rng.next() * span * 0.6);
      const end = Math.min(we - SECOND, start + 20 * MINUTE + Math.floor(rng.next() * 6 * HOUR));
      const times = actions.map(() => start + 1 + Math.floor(rng.next() * Math.max(1, end - start - 2))).sort((a, b) => a - b);
      drafts.push(this.user(u, start, 'auth.login', `user:${u.username}`, { method: 'password' }));
      let n = 1;
      actions.forEach((make, k) => {
        const d = make(times[k]!);
        if (d) {
          drafts.push(d);
          n++;
        }
      });
      drafts.push(this.user(u, Math.max(end, (times[times.length - 1] ?? start) + 1), 'auth.logout', `user:${u.username}`, {}));
      return n + 1;
    };
    const failure = (u: UserPlan, ts: number, attempt: number): Draft =>
      this.user(
        u,
        ts,
        'auth.login',
        `user:${u.username}`,
        { method: 'password', reason: 'bad_password', attempt, backoff_ms: 250 * 2 ** (attempt - 1) },
        { outcome: 'failure' },
      );

    // Admin sessions carrying the day's reveals.
    if (!day.locked && reveals > 0 && admins.length > 0 && budget >= 3) {
      let k = Math.min(reveals, budget - 2);
      let a = Math.min(admins.length, Math.max(1, Math.ceil(k / 3)));
      while (a > 1 && 2 * a + k > budget) a--;
      k = Math.min(k, budget - 2 * a);
      const chosen = rng.shuffle(admins).slice(0, a);
      let placed = 0;
      chosen.forEach((u, j) => {
        const mine = Math.floor(k / a) + (j < k % a ? 1 : 0);
        const actions = Array.from({ length: mine }, () => (t: number) => {
          const i = this.pickCdr(u.tenantIndex, t);
          if (i === -1) return null;
          placed++;
          return this.revealDraft(u, t, i);
        });
        budget -= session(u, actions);
      });
      reveals -= placed;
    }
    this.carryReveals = reveals;

    // Everything else: logins and logouts, a few failures, rare lockouts, admin chores.
    while (budget >= 2) {
      const roll = rng.next();
      const free = eligible.filter((u) => !used.has(u));
      if (roll < 0.012 && budget >= 6 && free.length > 0) {
        const u = rng.pick(free);
        used.add(u);
        const t0 = ws + Math.floor(rng.next() * span * 0.6);
        for (let k = 0; k < 5; k++) drafts.push(failure(u, t0 + k * 20 * SECOND, k + 1));
        drafts.push(
          this.system('auth.lockout', u.tenant, `user:${u.username}`, (ts) => ({ until: iso(ts + 15 * MINUTE), failures: 5 }), t0 + 85 * SECOND),
        );
        budget -= 6;
      } else if (roll < 0.05 && budget >= 3) {
        const u = rng.pick(eligible);
        const n = session(u, []);
        const login = drafts[drafts.length - n]!;
        drafts.push(failure(u, login.ts - 30 * SECOND, 1));
        budget -= n + 1;
      } else if (roll < 0.1 && budget >= 3 && !day.locked && admins.length > 0) {
        const u = rng.pick(admins);
        budget -= session(u, [(t) => (rng.chance(0.6) ? this.cdrExport(u, t) : this.configChange(u, t))]);
      } else {
        budget -= session(rng.pick(eligible), []);
      }
    }
    if (budget === 1) {
      // One entry left: a mistyped password, or a session closed by timeout (no logout entry).
      const u = rng.pick(eligible);
      const t = ws + Math.floor(rng.next() * span);
      drafts.push(rng.chance(0.3) ? failure(u, t, 1) : this.user(u, t, 'auth.login', `user:${u.username}`, { method: 'password' }));
      budget--;
    }
    if (budget !== 0) throw new Error('internal: day budget not met');
    drafts.sort((x, y) => x.ts - y.ts);
    return drafts;
  }
}
