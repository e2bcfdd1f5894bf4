// Phase one of a generation: everything decided before the first audit entry
// is written. Who exists (tenants, users, extensions), which keys and licenses
// the appliance has and when, the erasures and retention purges it will run,
// the calls it records (as a pure function, see cdr-model.ts), and the
// scheduled events of the log. The budget of filler activity per day follows,
// so the exported log has exactly the requested number of entries.
import { createHash } from 'node:crypto';
import { deriveKey, KEY_LABELS, type SigningKey } from './keys.js';
import { Rng } from './random.js';
import { CdrModel, type ExtensionPlan } from './cdr-model.js';
import { DAY, HOUR, MINUTE, SECOND, addMonths, parseIso, utcDayStart } from './time.js';
import type { ApplianceFault, ExportDumpForm, ExportForm, ExportOptions, TenantOption } from './options.js';

export const DEFAULT_EXPORTED_AT = '2026-03-02T09:14:07.512Z';
export const AUDIT_RETENTION_MONTHS = 13;
export const GRACE_DAYS = 14;

export type Role = 'Viewer' | 'Admin' | 'Auditor' | 'Integrator';

export interface UserPlan {
  id: number;
  /** Index in plan.tenants, or -1 for the installation-wide integrator. */
  tenantIndex: number;
  tenant: string;
  username: string;
  initialRole: Role;
  ip: string;
  userAgent: string;
  createdAt: number;
  /** When a role change made this user an Admin (Infinity: never). */
  promotedAt: number;
  disabledAt: number;
}

export function roleAt(u: UserPlan, t: number): Role {
  return u.promotedAt !== Infinity && t >= u.promotedAt ? 'Admin' : u.initialRole;
}

export function activeAt(u: UserPlan, t: number): boolean {
  return t >= u.createdAt && t < u.disabledAt;
}

export interface TenantPlan {
  index: number;
  id: string;
  name: string;
  retentionMonths: number;
  createdAt: number;
  users: UserPlan[];
  extensions: ExtensionPlan[];
}

export interface LicensePlan {
  id: string;
  issuedAt: number;
  notBefore: number;
  expiresAt: number;
  keys: { key: SigningKey; notBefore: number }[];
  installAt: number;
  installationId: string;
  signer: SigningKey;
  /** Written to license/history/ (earlier licenses, when history is exported). */
  inHistory: boolean;
  /** The license in force at export, written to license/natalia.lic. */
  current: boolean;
}

export interface ErasurePlan {
  index: number;
  certificateId: string;
  tenantIndex: number;
  extension: ExtensionPlan;
  reference: string;
  receivedAt: number;
  requestAt: number;
  executeAt: number;
  requestedBy: string;
  channel: 'email' | 'letter' | 'portal';
  motive: string;
  /** Counted in the planning pass over the CDRs. */
  cdrDeleted: number;
}

/** Events of the log decided in advance. `entries` is 0 for markers that only change the clock. */
export type ScheduledEvent = { ts: number; order: number; entries: 0 | 1 } & (
  | { type: 'setup.config' }
  | { type: 'license.install'; license: LicensePlan }
  | { type: 'user.create'; user: UserPlan; by: UserPlan | null }
  | { type: 'user.role_change'; user: UserPlan; by: UserPlan }
  | { type: 'user.disable'; user: UserPlan; by: UserPlan }
  | { type: 'license.warning'; license: LicensePlan; daysLeft: number }
  | { type: 'license.grace'; license: LicensePlan }
  | { type: 'license.lockout'; license: LicensePlan }
  | { type: 'key.rotate' }
  | { type: 'cdr.purge'; tenantIndex: number; olderThan: number; count: number }
  | { type: 'audit.purge'; olderThan: number }
  | { type: 'erasure.request'; erasure: ErasurePlan }
  | { type: 'erasure.request_missing'; erasure: ErasurePlan }
  | { type: 'erasure.execute'; erasure: ErasurePlan }
  | { type: 'clock.step'; deltaMs: number; recorded: boolean }
  | { type: 'clock.jump'; toMs: number }
  | { type: 'fault.reveal'; mode: 'viewer' | 'no_motive' | 'no_row' | 'after_erasure' }
  | { type: 'fault.activity_after_lockout' }
  | { type: 'refused.reveal'; user: UserPlan; outcome: 'denied' | 'failure'; motive: string }
  | { type: 'audit.export' }
);

export interface DayPlan {
  index: number;
  start: number;
  windowStart: number;
  windowEnd: number;
  hidden: boolean;
  /** Part of a license lockout: authentication only. */
  locked: boolean;
  fillerQuota: number;
  revealQuota: number;
}

export interface Plan {
  seed: string;
  entries: number;
  form: ExportForm;
  dump: ExportDumpForm;
  fault: ApplianceFault | undefined;
  exportAt: number;
  startDay: number;
  /** Entries before this instant were purged from the log before the export (audit retention). */
  visibleFrom: number;
  installationId: string;
  customer: string;
  contractMode: string;
  applianceVersion: string;
  vendorRoot: SigningKey;
  auditKeys: SigningKey[];
  rotateAt: number;
  tenants: TenantPlan[];
  users: UserPlan[];
  integrator: UserPlan;
  exporter: UserPlan;
  licenses: LicensePlan[];
  lockedWindows: [number, number][];
  erasures: ErasurePlan[];
  cdr: CdrModel;
  purgeNights: number[];
  scheduled: ScheduledEvent[];
  days: DayPlan[];
  revealsWanted: number;
  /** Filled by the planning pass over the CDRs. */
  cdrPresent: number;
}

const FIRST_NAMES = [
  'ines', 'louis', 'paul', 'chloe', 'noah', 'sarah', 'adam', 'lea', 'hugo', 'emma', 'jules', 'lina', 'tom',
  'manon', 'nathan', 'camille', 'leo', 'zoe', 'lucas', 'jade', 'arthur', 'alice', 'gabriel', 'rose', 'raphael',
  'anna', 'louise', 'victor', 'nina', 'mathis', 'clara', 'ethan', 'julia', 'sacha', 'mila', 'theo',
];

const USER_AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/134.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/131.0',
];

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

export function validateOptions(o: ExportOptions): void {
  if (typeof o.seed !== 'string' || o.seed === '') throw new Error('exportBundle: seed must be a non-empty string');
  if (!Number.isSafeInteger(o.entries) || o.entries < 20) throw new Error('exportBundle: entries must be an integer >= 20');
  if (o.cdrs !== undefined && (!Number.isSafeInteger(o.cdrs) || o.cdrs < 0)) throw new Error('exportBundle: cdrs must be an integer >= 0');
  for (const t of o.tenants ?? []) {
    if (!/^[a-z][a-z0-9-]*$/.test(t.id)) throw new Error(`exportBundle: tenant id ${JSON.stringify(t.id)} must be lowercase letters, digits, dashes`);
    if (!Number.isSafeInteger(t.retentionMonths) || t.retentionMonths < 1) throw new Error('exportBundle: retentionMonths must be >= 1');
  }
  if (o.tenants && new Set(o.tenants.map((t) => t.id)).size !== o.tenants.length) throw new Error('exportBundle: duplicate tenant id');
  if (o.tenants && o.tenants.length === 0) throw new Error('exportBundle: at least one tenant');
}

/** Splits `total` over weights in integers (cumulative rounding keeps the sum exact). */
export function allocate(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map(() => 0);
  let acc = 0;
  let prev = 0;
  return weights.map((w) => {
    acc += w;
    const upto = Math.round((total * acc) / sum);
    const n = upto - prev;
    prev = upto;
    return n;
  });
}

function hexOf(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function buildPlan(o: ExportOptions): Plan {
  validateOptions(o);
  const seed = o.seed;
  const rng = new Rng(`${seed}/plan`);
  const N = o.entries;
  const fault = o.fault;
  const exportAt = parseIso(o.exportedAt ?? DEFAULT_EXPORTED_AT);
  const exportDay = utcDayStart(exportAt);
  const lockout = !!o.licenseLockout;
  const history = !!o.licenseHistory || lockout;
  const tenantsIn: TenantOption[] = o.tenants ?? [{ id: 'acme', name: 'Acme Contact SAS', retentionMonths: 13 }];

  // ── Time frame ───────────────────────────────────────────────────────────
  let visibleFrom = -Infinity;
  let startDay: number;
  let auditPurgeAt = NaN;
  if (o.retentionPurge) {
    auditPurgeAt = exportDay - 3 * DAY + 2 * HOUR + 30 * MINUTE;
    visibleFrom = addMonths(auditPurgeAt, -AUDIT_RETENTION_MONTHS);
    startDay = utcDayStart(visibleFrom) - 14 * DAY;
  } else {
    let days = o.historyDays ?? clamp(Math.ceil(N / 9), 14, 400);
    if (history) days = Math.max(days, 60);
    if (lockout) days = Math.max(days, 100);
    if (fault === 'license.expired') days = Math.max(days, 100);
    if (fault === 'erasure.late' || fault === 'erasure.overdue') days = Math.max(days, 80);
    startDay = exportDay - days * DAY;
  }
  const v0 = Math.max(startDay, visibleFrom);
  const span = exportAt - v0;
  /** UTC midnight of the day at `frac` of the visible span, plus `offset`. */
  const at = (frac: number, offset: number) => utcDayStart(v0 + frac * span) + offset;

  // ── Identity ─────────────────────────────────────────────────────────────
  const idHex = hexOf(`${seed}/installation`).toUpperCase();
  const installationId = `NAT-${idHex.slice(0, 4)}-${idHex.slice(4, 8)}`;
  const customer = tenantsIn[0]!.name;
  const vendorRoot = deriveKey(seed, KEY_LABELS.vendorRoot);
  const k1 = deriveKey(seed, KEY_LABELS.audit(1));
  const auditKeys = [k1];
  let rotateAt = Infinity;
  if (o.keyRotation || fault === 'audit.unknown_key:retired') {
    auditKeys.push(deriveKey(seed, KEY_LABELS.audit(2)));
    rotateAt = at(0.35, 3 * HOUR);
  }
  const k2 = auditKeys[1];

  // ── Tenants, users, extensions ───────────────────────────────────────────
  const visibleDays = Math.max(1, (exportAt - v0) / DAY);
  const perDay = N / visibleDays;
  const usersPerTenant = clamp(Math.round(perDay / (2.5 * tenantsIn.length)), 6, 400);
  const cdrsWanted = o.cdrs ?? clamp(3 * N, 50, 2_000_000);
  const extsPerTenant = clamp(Math.ceil(cdrsWanted / tenantsIn.length / 3000), 12, 5000);
  const setupAt = startDay;
  const users: UserPlan[] = [];
  const tenants: TenantPlan[] = [];
  const taken = new Set<string>();
  const uniqueName = (prefix: string, k: number): string => {
    for (let n = 0; ; n++) {
      const base = FIRST_NAMES[(k + n) % FIRST_NAMES.length]!;
      const round = Math.floor((k + n) / FIRST_NAMES.length);
      const name = `${prefix}.${base}${round > 0 ? round + 1 : ''}`;
      if (!taken.has(name)) {
        taken.add(name);
        return name;
      }
    }
  };
  const ip = () => `10.${rng.range(1, 9)}.${rng.range(0, 255)}.${rng.range(1, 254)}`;
  let extId = 100;
  let userTime = setupAt + 2 * MINUTE + SECOND;
  tenantsIn.forEach((t, ti) => {
    const admins = Math.max(2, Math.round(usersPerTenant * 0.15));
    const auditors = Math.max(1, Math.round(usersPerTenant * 0.05));
    const viewers = Math.max(3, usersPerTenant - admins - auditors);
    const tUsers: UserPlan[] = [];
    const add = (username: string, role: Role) => {
      const u: UserPlan = {
        id: 0,
        tenantIndex: ti,
        tenant: t.id,
        username,
        initialRole: role,
        ip: ip(),
        userAgent: rng.pick(USER_AGENTS),
        createdAt: userTime,
        promotedAt: Infinity,
        disabledAt: Infinity,
      };
      userTime += SECOND;
      tUsers.push(u);
    };
    const offset = rng.int(FIRST_NAMES.length);
    for (let k = 0; k < admins; k++) add(uniqueName('admin', offset + k), 'Admin');
    for (let k = 0; k < viewers; k++) add(uniqueName('viewer', offset + admins + k), 'Viewer');
    for (let k = 0; k < auditors; k++) add(k === 0 && !taken.has(`auditor.${t.id}`) ? `auditor.${t.id}` : uniqueName('auditor', offset + k), 'Auditor');
    taken.add(`auditor.${t.id}`);
    const exts: ExtensionPlan[] = [];
    for (let k = 0; k < extsPerTenant; k++, extId++) {
      const last4 = String((4000 + extId - 100) % 10000).padStart(4, '0');
      exts.push({ id: extId, tenantIndex: ti, pseudonym: hexOf(`${seed}/ext/${extId}`), label: `Ext. ${last4}`, last4, erasedAt: Infinity });
    }
    tenants.push({ index: ti, id: t.id, name: t.name, retentionMonths: t.retentionMonths, createdAt: startDay - 30 * DAY, users: tUsers, extensions: exts });
    users.push(...tUsers);
  });
  const integrator: UserPlan = {
    id: 0,
    tenantIndex: -1,
    tenant: '',
    username: 'integrator.nat',
    initialRole: 'Integrator',
    ip: '',
    userAgent: rng.pick(USER_AGENTS),
    createdAt: setupAt,
    promotedAt: Infinity,
    disabledAt: Infinity,
  };
  users.forEach((u, k) => (u.id = k + 1));
  integrator.id = users.length + 1;
  const exporter = tenants[0]!.users.find((u) => u.initialRole === 'Auditor')!;
  const admin0 = (t: TenantPlan) => t.users[0]!; // never promoted, never disabled

  // ── Licenses ─────────────────────────────────────────────────────────────
  const licId = (t: number) => `LIC-${new Date(t).getUTCFullYear()}-${String(rng.range(1, 9999)).padStart(4, '0')}`;
  const lic = (issuedAt: number, expiresAt: number, keys: LicensePlan['keys'], installAt: number): LicensePlan => ({
    id: licId(issuedAt),
    issuedAt,
    notBefore: issuedAt,
    expiresAt,
    keys,
    installAt,
    installationId,
    signer: vendorRoot,
    inHistory: false,
    current: false,
  });
  const firstIssued = startDay - 10 * DAY;
  const firstInstall = setupAt + MINUTE;
  const licenses: LicensePlan[] = [];
  if (fault === 'license.expired') {
    const expires = exportDay - 30 * DAY;
    licenses.push(lic(firstIssued, expires, [{ key: k1, notBefore: firstIssued }], firstInstall));
  } else if (!history) {
    if (!k2) {
      licenses.push(lic(firstIssued, exportAt + 300 * DAY, [{ key: k1, notBefore: firstIssued }], firstInstall));
    } else {
      // The vendor re-issued the license with the new key after the rotation.
      licenses.push(lic(firstIssued, exportAt + 300 * DAY, [{ key: k1, notBefore: firstIssued }], firstInstall));
      const reissued = utcDayStart(rotateAt) + clamp(Math.round((span * 0.2) / DAY), 1, 9) * DAY;
      licenses.push(
        lic(reissued, exportAt + 300 * DAY, [{ key: k1, notBefore: firstIssued }, { key: k2, notBefore: reissued }], reissued + 10 * HOUR),
      );
    }
  } else {
    const e1 = lockout ? at(0.55, 0) : at(0.75, 0);
    licenses.push(lic(firstIssued, e1, [{ key: k1, notBefore: firstIssued }], firstInstall));
    const issued2 = lockout ? e1 + (GRACE_DAYS + 2) * DAY : e1 - 14 * DAY;
    const install2 = lockout ? issued2 + 10 * HOUR : e1 - 12 * DAY + 10 * HOUR;
    const keys2 = k2 ? [{ key: k2, notBefore: issued2 }] : [{ key: k1, notBefore: firstIssued }];
    if (k2 && rotateAt >= issued2) rotateAt = at(0.3, 3 * HOUR);
    licenses.push(lic(issued2, exportAt + 200 * DAY, keys2, install2));
  }
  licenses.forEach((l, k) => {
    l.current = k === licenses.length - 1;
    l.inHistory = !l.current && history;
  });
  const current = licenses[licenses.length - 1]!;
  if (fault === 'license.untrusted_root') current.signer = deriveKey(seed, KEY_LABELS.rogueVendorRoot);
  if (fault === 'license.installation_mismatch') {
    const other = hexOf(`${seed}/other-installation`).toUpperCase();
    current.installationId = `NAT-${other.slice(0, 4)}-${other.slice(4, 8)}`;
  }
  if (fault === 'license.clock_tampering:install_before_issue') current.issuedAt = current.installAt + 2 * DAY;
  for (const l of licenses) if (l.installAt >= exportAt || l.installAt < startDay) throw new Error('internal: license install outside the history');

  // License lifecycle events and lockout windows.
  const scheduled: ScheduledEvent[] = [];
  const lockedWindows: [number, number][] = [];
  licenses.forEach((l, k) => {
    const next = licenses[k + 1];
    const until = next ? next.installAt : exportAt;
    for (let t = utcDayStart(l.expiresAt - 30 * DAY) + 6 * HOUR; t < Math.min(until, l.expiresAt); t += DAY) {
      if (t <= l.installAt) continue;
      scheduled.push({ ts: t, order: 0, entries: 1, type: 'license.warning', license: l, daysLeft: Math.ceil((l.expiresAt - t) / DAY) });
    }
    if (l.expiresAt < until) scheduled.push({ ts: l.expiresAt, order: 0, entries: 1, type: 'license.grace', license: l });
    const lockAt = l.expiresAt + GRACE_DAYS * DAY;
    if (lockAt < until) {
      scheduled.push({ ts: lockAt, order: 0, entries: 1, type: 'license.lockout', license: l });
      lockedWindows.push([lockAt, until]);
    }
    scheduled.push({ ts: l.installAt, order: 0, entries: 1, type: 'license.install', license: l });
  });
  const inLock = (t: number) => lockedWindows.some(([a, b]) => t >= a && t < b);

  // A little user administration in longer logs, never while the license is locked.
  const outsideLock = (t: number) => {
    while (inLock(t)) t -= DAY;
    return t;
  };
  const t0 = tenants[0]!;
  const t0Viewers = t0.users.filter((u) => u.initialRole === 'Viewer');
  if (N >= 400 && t0Viewers.length >= 3) {
    const promoted = t0Viewers[t0Viewers.length - 1]!;
    promoted.promotedAt = outsideLock(at(0.5, 9 * HOUR + 5 * MINUTE));
    scheduled.push({ ts: promoted.promotedAt, order: 0, entries: 1, type: 'user.role_change', user: promoted, by: admin0(t0) });
    const disabled = t0Viewers[t0Viewers.length - 2]!;
    disabled.disabledAt = outsideLock(at(0.7, 17 * HOUR + 30 * MINUTE));
    scheduled.push({ ts: disabled.disabledAt, order: 0, entries: 1, type: 'user.disable', user: disabled, by: admin0(t0) });
  }


  // ── Erasures ─────────────────────────────────────────────────────────────
  const wantErasures = Math.max(
    o.erasures ?? 1,
    fault?.startsWith('erasure.') || fault === 'reveal.after_erasure' || fault === 'policy.missing_motive:erasure' || fault === 'dump.erasure_mismatch' ? 1 : 0,
  );
  const erasures: ErasurePlan[] = [];
  const latestExec = exportDay - DAY + 14 * HOUR;
  const earliestRequest = Math.max(v0 + DAY, startDay + DAY);
  const erasable = tenants.map((t) => rng.shuffle(t.extensions.slice(1))); // extensions[0] always stays
  const channels = ['email', 'letter', 'portal'] as const;
  for (let k = 0; k < wantErasures; k++) {
    const ti = k % tenants.length;
    const ext = erasable[ti]!.pop();
    if (!ext) break;
    const frac = 0.15 + (0.6 * (k + 0.5)) / wantErasures;
    let requestAt = Math.max(utcDayStart(earliestRequest) + 10 * HOUR, at(frac, 10 * HOUR));
    let execAt = Math.min(requestAt + rng.range(3, 12) * DAY + 4 * HOUR, latestExec);
    let receivedAt = utcDayStart(requestAt) - rng.range(0, 5) * DAY + 3 * HOUR;
    if (k === 0 && fault === 'erasure.late') {
      execAt = latestExec - 5 * DAY;
      receivedAt = utcDayStart(execAt) - 40 * DAY + 3 * HOUR;
      requestAt = receivedAt + DAY + 7 * HOUR;
    }
    const lock = lockedWindows.find(([a, b]) => (execAt >= a && execAt < b) || (requestAt >= a && requestAt < b) || (requestAt < a && execAt >= b));
    if (lock) {
      execAt = utcDayStart(lock[0]) - 2 * DAY + 14 * HOUR;
      requestAt = execAt - 6 * DAY - 4 * HOUR;
      receivedAt = utcDayStart(requestAt) - DAY + 3 * HOUR;
    }
    if (requestAt >= execAt || requestAt < v0 || execAt >= exportAt) throw new Error('exportBundle: history too short for the requested erasures; raise entries or historyDays');
    ext.erasedAt = execAt;
    const year = new Date(execAt).getUTCFullYear();
    const reference = `DSAR-${new Date(receivedAt).getUTCFullYear()}-${rng.range(100, 999)}`;
    erasures.push({
      index: k,
      certificateId: `ERC-${year}-${String(17 + k).padStart(6, '0')}`,
      tenantIndex: ti,
      extension: ext,
      reference,
      receivedAt,
      requestAt,
      executeAt: execAt,
      requestedBy: `Employee ${ext.label} (via HR)`,
      channel: rng.pick(channels),
      motive: fault === 'policy.missing_motive:erasure' && k === 0 ? '' : `GDPR art. 17 request ${reference} — employee left, erasure approved by DPO`,
      cdrDeleted: 0,
    });
    scheduled.push({
      ts: requestAt,
      order: 0,
      entries: 1,
      type: k === 0 && fault === 'erasure.request_missing' ? 'erasure.request_missing' : 'erasure.request',
      erasure: erasures[k]!,
    });
    scheduled.push({ ts: execAt, order: 0, entries: 1, type: 'erasure.execute', erasure: erasures[k]! });
  }

  // Requests received and recorded, never executed before the export. The erasure.overdue
  // fault is the first of them, received 40 days before the export (past its month).
  const pendingDays = [...(fault === 'erasure.overdue' ? [40] : []), ...(o.pendingErasures ?? [])];
  for (const [k, daysBefore] of pendingDays.entries()) {
    const ti = k % tenants.length;
    const ext = erasable[ti]!.pop();
    if (!ext) break;
    const receivedAt = utcDayStart(exportAt - daysBefore * DAY) + 3 * HOUR;
    const requestAt = receivedAt + DAY + 7 * HOUR;
    if (requestAt < v0 || requestAt >= exportAt) throw new Error('exportBundle: a pending erasure request falls outside the exported history; raise entries or historyDays');
    const reference = `DSAR-${new Date(receivedAt).getUTCFullYear()}-P${k + 1}`;
    const pending: ErasurePlan = {
      index: 1000 + k,
      certificateId: '',
      tenantIndex: ti,
      extension: ext,
      reference,
      receivedAt,
      requestAt,
      executeAt: Infinity,
      requestedBy: `Employee ${ext.label} (via HR)`,
      channel: rng.pick(channels),
      motive: '',
      cdrDeleted: 0,
    };
    scheduled.push({ ts: requestAt, order: 0, entries: 1, type: 'erasure.request', erasure: pending });
  }

  // ── Calls and their nightly retention purge ──────────────────────────────
  const purgeNights: number[] = [];
  for (let n = startDay + DAY + 2 * HOUR; n < exportAt; n += DAY) purgeNights.push(n);
  const cdrDays = Math.max(1, Math.round((exportDay - startDay) / DAY));
  const keptFraction =
    tenants.reduce((acc, t) => acc + Math.min(1, (exportAt - addMonths(exportAt, -t.retentionMonths)) / (cdrDays * DAY)), 0) / tenants.length;
  const cdrTotal = cdrsWanted === 0 ? 0 : Math.max(1, Math.ceil(cdrsWanted / keptFraction));
  const cdr = new CdrModel({
    seed,
    total: cdrTotal,
    firstDay: startDay,
    days: cdrDays,
    tenantCount: tenants.length,
    retentionMonths: tenants.map((t) => t.retentionMonths),
    extensions: tenants.map((t) => t.extensions),
    purgeNights,
  });
  const purged = tenants.map(() => new Array<number>(purgeNights.length).fill(0));
  const erasedCount = new Map<number, number>();
  let cdrPresent = 0;
  for (let i = 0; i < cdrTotal; i++) {
    const f = cdr.fate(i);
    if (f.kind === 'present') cdrPresent++;
    else if (f.kind === 'purged') purged[cdr.tenantOf(i)]![f.night]!++;
    else erasedCount.set(f.extensionId, (erasedCount.get(f.extensionId) ?? 0) + 1);
  }
  for (const e of erasures) e.cdrDeleted = erasedCount.get(e.extension.id) ?? 0;
  tenants.forEach((t, ti) => {
    purged[ti]!.forEach((count, night) => {
      if (count > 0) {
        scheduled.push({ ts: purgeNights[night]!, order: ti, entries: 1, type: 'cdr.purge', tenantIndex: ti, olderThan: cdr.olderThan[ti]![night]!, count });
      }
    });
  });

  // ── Other scheduled events ───────────────────────────────────────────────
  scheduled.push({ ts: setupAt, order: 0, entries: 1, type: 'setup.config' });
  for (const t of tenants) {
    t.users.forEach((u, k) => scheduled.push({ ts: u.createdAt, order: 0, entries: 1, type: 'user.create', user: u, by: k === 0 ? null : t.users[0]! }));
  }
  if (k2) scheduled.push({ ts: rotateAt, order: 0, entries: 1, type: 'key.rotate' });
  if (o.retentionPurge) scheduled.push({ ts: auditPurgeAt, order: 0, entries: 1, type: 'audit.purge', olderThan: visibleFrom });
  const quietDay = (frac: number) => {
    let t = at(frac, 11 * HOUR + 24 * MINUTE + 46 * SECOND + 713);
    while (inLock(t) && t > v0 + DAY) t -= DAY;
    return t;
  };
  if (o.clockAnomaly || fault === 'audit.clock_rollback') {
    scheduled.push({ ts: quietDay(0.8), order: 0, entries: fault === 'audit.clock_rollback' ? 0 : 1, type: 'clock.step', deltaMs: 2500, recorded: fault !== 'audit.clock_rollback' });
  }
  if (fault === 'audit.future_timestamp') {
    scheduled.push({ ts: quietDay(0.6), order: 0, entries: 1, type: 'clock.jump', toMs: exportAt + 40 * DAY });
  }
  const faultReveal = ({
    'policy.reveal_by_non_admin': 'viewer',
    'policy.missing_motive': 'no_motive',
    'reveal.missing_row': 'no_row',
    'reveal.after_erasure': 'after_erasure',
  } as const)[fault as string];
  if (faultReveal) {
    const ts = faultReveal === 'after_erasure' ? erasures[0]!.executeAt + 2 * HOUR + 7 * MINUTE : quietDay(0.55) + 2 * HOUR;
    if (ts >= exportAt - HOUR) throw new Error('internal: no room for the faulty reveal');
    scheduled.push({ ts, order: 0, entries: 1, type: 'fault.reveal', mode: faultReveal });
  }
  // Refused reveals (spec clarification 2026-12-07): a Viewer tries three times within minutes and
  // is denied; an Admin's attempt with an empty motive fails. Valid evidence: no rule is broken and no
  // register row is due, so a verifier must report them as info only.
  const viewer = t0Viewers[0];
  if (N >= 120 && viewer) {
    const base = quietDay(0.45) + 3 * HOUR;
    if (base < exportAt - HOUR && base > viewer.createdAt + HOUR) {
      const motive = 'Customer complaint, need the caller number';
      for (let k = 0; k < 3; k++) scheduled.push({ ts: base + k * 2 * MINUTE + 17 * SECOND, order: 0, entries: 1, type: 'refused.reveal', user: viewer, outcome: 'denied', motive });
      scheduled.push({ ts: base + 40 * MINUTE, order: 0, entries: 1, type: 'refused.reveal', user: admin0(t0), outcome: 'failure', motive: '' });
    }
  }
  if (fault === 'policy.activity_after_lockout') {
    const w = lockedWindows[0];
    if (!w) throw new Error('exportBundle: policy.activity_after_lockout needs licenseLockout');
    scheduled.push({ ts: utcDayStart(w[0]) + DAY + 15 * HOUR, order: 0, entries: 1, type: 'fault.activity_after_lockout' });
  }
  scheduled.push({ ts: exportAt - 500, order: 0, entries: 1, type: 'audit.export' });
  scheduled.sort((a, b) => a.ts - b.ts || a.order - b.order);
  for (const s of scheduled) if (s.ts > exportAt) throw new Error(`internal: ${s.type} planned after the export`);

  // ── Daily budget of ordinary activity ────────────────────────────────────
  const days: DayPlan[] = [];
  for (let d = startDay, k = 0; d <= exportDay; d += DAY, k++) {
    const windowStart = d + 6 * HOUR;
    const windowEnd = Math.min(d + 20 * HOUR, exportAt - MINUTE);
    days.push({
      index: k,
      start: d,
      windowStart,
      windowEnd,
      hidden: windowStart < visibleFrom,
      locked: inLock(windowStart) || inLock(windowEnd),
      fillerQuota: 0,
      revealQuota: 0,
    });
  }
  const weight = (day: DayPlan) => {
    if (day.windowEnd - day.windowStart < 10 * MINUTE) return 0;
    const wd = new Date(day.start).getUTCDay();
    return ((day.windowEnd - day.windowStart) / (14 * HOUR)) * (wd === 0 || wd === 6 ? 0.2 : 1);
  };
  const scheduledVisible = scheduled.filter((s) => s.ts >= visibleFrom).reduce((a, s) => a + s.entries, 0);
  const filler = N - scheduledVisible;
  if (filler < 0) {
    throw new Error(`exportBundle: ${N} entries cannot hold the ${scheduledVisible} scheduled events of these options; ask for more entries`);
  }
  // Sparse logs: activity on some days only, so a day holds at least a session with its reveals.
  const baseWeights = days.map(weight);
  const visibleWeight = days.reduce((a, d, k) => a + (d.hidden ? 0 : baseWeights[k]!), 0);
  const density = filler / Math.max(1e-9, visibleWeight);
  if (density < 8) {
    const p = Math.max(0.05, density / 8);
    days.forEach((d, k) => {
      if (baseWeights[k]! > 0 && !rng.chance(p)) baseWeights[k] = 0;
    });
  }
  if (!days.some((d, k) => !d.hidden && baseWeights[k]! > 0)) {
    const k = days.findLastIndex((d) => !d.hidden && weight(d) > 0);
    if (k === -1) throw new Error('exportBundle: no day with room for activity before the export');
    baseWeights[k] = weight(days[k]!);
  }
  const dayWeight = new Map(days.map((d, k) => [d, baseWeights[k]!]));
  const weightOf = (d: DayPlan) => dayWeight.get(d)!;
  const visibleDaysList = days.filter((d) => !d.hidden);
  allocate(filler, visibleDaysList.map(weightOf)).forEach((q, k) => (visibleDaysList[k]!.fillerQuota = q));
  const hiddenDaysList = days.filter((d) => d.hidden);
  if (hiddenDaysList.length > 0) {
    const hiddenTotal = Math.max(10, Math.round((filler / Math.max(1, visibleDaysList.length)) * hiddenDaysList.length * 0.5));
    allocate(hiddenTotal, hiddenDaysList.map(weightOf)).forEach((q, k) => (hiddenDaysList[k]!.fillerQuota = q));
  }
  const faultReveals = faultReveal ? 1 : 0;
  let revealsWanted = Math.max(0, (o.reveals ?? Math.round(N * 0.1)) - faultReveals);
  if (cdrTotal === 0) revealsWanted = 0;
  revealsWanted = Math.min(revealsWanted, Math.floor(filler * 0.4));
  const revealDay = (day: DayPlan) => (day.index >= 1 && !day.locked ? weightOf(day) : 0);
  allocate(revealsWanted, visibleDaysList.map(revealDay)).forEach((r, k) => (visibleDaysList[k]!.revealQuota = r));
  const hiddenReveals = Math.round((revealsWanted / Math.max(1, filler)) * hiddenDaysList.reduce((a, d) => a + d.fillerQuota, 0));
  allocate(hiddenReveals, hiddenDaysList.map(revealDay)).forEach((r, k) => (hiddenDaysList[k]!.revealQuota = r));

  return {
    seed,
    entries: N,
    form: o.form ?? 'directory',
    dump: o.dump ?? 'copy',
    fault,
    exportAt,
    startDay,
    visibleFrom,
    installationId,
    customer,
    contractMode: 'strict',
    applianceVersion: '4.12.3',
    vendorRoot,
    auditKeys,
    rotateAt,
    tenants,
    users,
    integrator,
    exporter,
    licenses,
    lockedWindows,
    erasures,
    cdr,
    purgeNights,
    scheduled,
    days,
    revealsWanted: revealsWanted + faultReveals,
    cdrPresent,
  };
}
