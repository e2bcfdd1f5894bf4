// Request validation, written once for both transports. Whatever arrives from
// the renderer (IPC argument or HTTP body) is `unknown` until the validator of
// its method accepts it; unknown members are dropped, not passed on.
import { CHECK_IDS } from '../model/verification.js';
import { SEVERITIES } from '../model/findings.js';
import { DECISIONS, SUBJECT_KINDS } from '../model/review-subject.js';
import { ALL_SSRM_OWNERSHIPS, CAIQ_VERSIONS } from '../engine/reports/caiq/caiq-versions.js';
import { GIVEN_TIME_FORMS, parseGivenTime } from '../engine/time/given-time.js';
import {
  AUDIT_PAGE_MAX,
  AUDIT_SORT_FIELDS,
  type ApiMethod,
  type ApiRequest,
  type AuditFilter,
  type AuditQuery,
  type FileSource,
  type ReviewChangeRequest,
  type ReviewFilter,
  type PickKind,
  type RevealScreenFilter,
} from './contract.js';

export type Validation<T> = { ok: true; value: T } | { ok: false; message: string };
export type Validator<T> = (value: unknown, path: string) => Validation<T>;

const good = <T>(value: T): Validation<T> => ({ ok: true, value });
const bad = (path: string, what: string): Validation<never> => ({ ok: false, message: `${path}: ${what}` });

/** Longest string accepted anywhere: names, paths and filter values are short. */
const MAX_STRING = 4096;

export function str(opts: { min?: number; max?: number; pattern?: RegExp } = {}): Validator<string> {
  const min = opts.min ?? 0;
  const max = opts.max ?? MAX_STRING;
  return (v, path) => {
    if (typeof v !== 'string') return bad(path, 'expected a string');
    if (v.length < min) return bad(path, min === 1 ? 'must not be empty' : `must have at least ${min} characters`);
    if (v.length > max) return bad(path, `must have at most ${max} characters`);
    if (v.includes('\u0000')) return bad(path, 'must not contain NUL');
    if (opts.pattern && !opts.pattern.test(v)) return bad(path, 'has an unexpected form');
    return good(v);
  };
}

export function int(opts: { min?: number; max?: number } = {}): Validator<number> {
  const min = opts.min ?? Number.MIN_SAFE_INTEGER;
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  return (v, path) => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) return bad(path, 'expected an integer');
    if (v < min || v > max) return bad(path, `must be between ${min} and ${max}`);
    return good(v);
  };
}

export function oneOf<const T extends string>(values: readonly T[]): Validator<T> {
  return (v, path) =>
    typeof v === 'string' && (values as readonly string[]).includes(v)
      ? good(v as T)
      : bad(path, `expected one of ${values.join(', ')}`);
}

type Shape<T> = { [K in keyof T]-?: Validator<T[K]> };

/** An object with the members of `shape`; other members are dropped. */
export function obj<T extends object>(shape: Shape<T>): Validator<T> {
  return (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return bad(path, 'expected an object');
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(shape) as (keyof T & string)[]) {
      const member = Object.prototype.hasOwnProperty.call(v, key) ? (v as Record<string, unknown>)[key] : undefined;
      const r = shape[key](member, `${path}.${key}`);
      if (!r.ok) return r;
      if (r.value !== undefined) out[key] = r.value;
    }
    return good(out as T);
  };
}

/** Accepts an absent (or null) member. */
export function optional<T>(inner: Validator<T>): Validator<T | undefined> {
  return (value, path) => (value === undefined || value === null ? good(undefined) : inner(value, path));
}

/** A list of at most `max` items, each checked by `item`. */
export function arrayOf<T>(item: Validator<T>, max: number): Validator<T[]> {
  return (v, path) => {
    if (!Array.isArray(v)) return bad(path, 'expected a list');
    if (v.length > max) return bad(path, `must have at most ${max} items`);
    const out: T[] = [];
    for (let i = 0; i < v.length; i++) {
      const r = item(v[i], `${path}[${i}]`);
      if (!r.ok) return r;
      out.push(r.value);
    }
    return good(out);
  };
}

/** Tagged unions keyed by `kind`. */
export function union<T extends { kind: string }>(variants: { [K in T['kind']]: Validator<Extract<T, { kind: K }>> }): Validator<T> {
  return (v, path) => {
    const kind = typeof v === 'object' && v !== null ? (v as { kind?: unknown }).kind : undefined;
    if (typeof kind !== 'string' || !Object.prototype.hasOwnProperty.call(variants, kind)) {
      return bad(`${path}.kind`, `expected one of ${Object.keys(variants).join(', ')}`);
    }
    return (variants as Record<string, Validator<T>>)[kind]!(v, path);
  };
}

const empty: Validator<Record<string, never>> = (v, path) =>
  v === undefined || v === null || (typeof v === 'object' && !Array.isArray(v))
    ? good({} as Record<string, never>)
    : bad(path, 'expected an empty object');

// ── Field validators ─────────────────────────────────────────────────────────

/** Case and bundle ids are opaque tokens the engine chose: base64url letters only (no dot, no slash). */
const id = str({ min: 1, max: 512, pattern: /^[A-Za-z0-9_-]+$/ });
const bool: Validator<boolean> = (v, path) => (typeof v === 'boolean' ? good(v) : bad(path, 'expected true or false'));
/** An instant, read as the command line reads one (a date-time with a zone; no bare date here), passed on as UTC with milliseconds. */
const time: Validator<string> = (v, path) => {
  const s = str({ max: 40 })(v, path);
  if (!s.ok) return s;
  const t = parseGivenTime(s.value);
  return t.ok ? good(t.iso) : bad(path, `has an unexpected form: ${t.problem} (expected ${GIVEN_TIME_FORMS})`);
};
/** A time, or a day (00:00 UTC that day), as the command's --reviewed-at and --extension-* take them. */
const dayOrTime: Validator<string> = (v, path) => {
  const s = str({ max: 40 })(v, path);
  if (!s.ok) return s;
  const t = parseGivenTime(s.value, { allowDate: true });
  return t.ok ? good(t.iso) : bad(path, `has an unexpected form: ${t.problem} (expected a date such as 2026-03-04, or ${GIVEN_TIME_FORMS})`);
};
const filterValue = str({ max: 512 });

/** Absolute path on the engine's machine (POSIX or Windows); no traversal games matter since it is read only. */
const absolutePath = str({ min: 1, pattern: /^(\/|[A-Za-z]:[\\/]|\\\\)/ });

export const fileSource: Validator<FileSource> = union<FileSource>({
  path: obj<{ kind: 'path'; path: string }>({ kind: oneOf(['path'] as const), path: absolutePath }),
  upload: obj<{ kind: 'upload'; uploadId: string; name: string }>({
    kind: oneOf(['upload'] as const),
    uploadId: str({ min: 16, max: 64, pattern: /^[a-f0-9]+$/ }),
    name: str({ min: 1, max: 255 }),
  }),
});

const auditFilter = obj<AuditFilter>({
  text: optional(filterValue),
  actor: optional(filterValue),
  action: optional(filterValue),
  tenant: optional(filterValue),
  outcome: optional(filterValue),
  from: optional(time),
  to: optional(time),
});

const auditSort = obj<AuditQuery['sort']>({ field: oneOf(AUDIT_SORT_FIELDS), direction: oneOf(['asc', 'desc'] as const) });

const bundleRef = { caseId: id, bundleId: id };

/** The CLI `reveals` options; the engine says when a phone prefix names no pseudonym, or several. */
const revealScreenFilter = obj<RevealScreenFilter>({
  actor: optional(filterValue),
  tenant: optional(filterValue),
  phone: optional(str({ min: 1, max: 80 })),
  extension: optional(int({ min: 0 })),
  from: optional(time),
  at: optional(time),
});

/** CAIQ ids such as A&A-02.1 or DSP-11.1 (the engine checks it is a Lite question). */
const questionId = str({ min: 3, max: 16, pattern: /^[A-Z&]{2,4}-\d{2}\.\d{1,2}$/ });
/** Certificate ids are the appliance's own (e.g. ERC-2026-000017): printable, no path characters. */
const certificateId = str({ min: 1, max: 200, pattern: /^[A-Za-z0-9][A-Za-z0-9._:-]*$/ });
/** A controller's or DPO's name or contact ('' clears it; the engine checks spaces and control characters). */
const partyText = str({ max: 200 });
/** Free text the user writes in the answer library (the engine's own limit is 4,000 characters). */
const statement = str({ max: 4000 });

/** A subject key (shared/model/review-subject.ts; the engine checks its form). */
const subject = str({ min: 3, max: 1000, pattern: /^(entry|finding|review|erasure):/ });
const reviewer = str({ min: 1, max: 200 });
const tag = str({ min: 1, max: 64 });
const viewScreen = oneOf(['audit', 'reveals'] as const);

/** A screen's filter, kept as JSON: a plain object of bounded size, copied so nothing but data passes. */
const jsonObject: Validator<Record<string, unknown>> = (v, path) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return bad(path, 'expected an object');
  let text: string;
  try {
    text = JSON.stringify(v);
  } catch {
    return bad(path, 'is not plain data');
  }
  if (text.length > 16_384) return bad(path, 'must be at most 16384 bytes of JSON');
  return good(JSON.parse(text) as Record<string, unknown>);
};

const reviewFilter = obj<ReviewFilter>({
  kinds: optional(arrayOf(oneOf(SUBJECT_KINDS), SUBJECT_KINDS.length)),
  decision: optional(oneOf([...DECISIONS, 'undecided'] as const)),
  tag: optional(tag),
  starred: optional(bool),
  minSeverity: optional(oneOf(SEVERITIES)),
  bundleId: optional(id),
});

const reviewChange = union<ReviewChangeRequest>({
  tag: obj<{ kind: 'tag'; tag: string }>({ kind: oneOf(['tag'] as const), tag }),
  untag: obj<{ kind: 'untag'; tag: string }>({ kind: oneOf(['untag'] as const), tag }),
  star: obj<{ kind: 'star' }>({ kind: oneOf(['star'] as const) }),
  unstar: obj<{ kind: 'unstar' }>({ kind: oneOf(['unstar'] as const) }),
  comment: obj<{ kind: 'comment'; text: string }>({ kind: oneOf(['comment'] as const), text: str({ min: 1, max: 4000 }) }),
  decision: obj<{ kind: 'decision'; decision: (typeof DECISIONS)[number]; reason?: string }>({
    kind: oneOf(['decision'] as const),
    decision: oneOf(DECISIONS),
    reason: optional(str({ max: 4000 })),
  }),
});

export const pickKind: Validator<PickKind> = oneOf(['bundle-archive', 'bundle-folder', 'trust-roots'] as const);

// ── One validator per method; the compiler checks none is missing ───────────

export const REQUEST_VALIDATORS: { [M in ApiMethod]: Validator<ApiRequest<M>> } = {
  'app.info': empty,
  'cases.list': empty,
  'cases.create': obj({ name: str({ min: 1, max: 120 }) }),
  'cases.get': obj({ caseId: id }),
  'cases.parties': obj({ caseId: id }),
  'cases.setParties': obj({ caseId: id, controller: optional(partyText), dpoName: optional(partyText), dpoContact: optional(partyText) }),
  'bundles.import': obj({
    caseId: id,
    source: fileSource,
    trust: optional(fileSource),
  }),
  'jobs.cancel': obj({ jobId: id }),
  'verification.get': obj(bundleRef),
  'audit.query': obj({
    ...bundleRef,
    filter: auditFilter,
    sort: auditSort,
    offset: int({ min: 0 }),
    limit: int({ min: 1, max: AUDIT_PAGE_MAX }),
  }),
  'audit.facets': obj(bundleRef),
  'audit.entry': obj({ ...bundleRef, seq: int({ min: 0 }) }),
  'audit.locate': obj({ ...bundleRef, filter: auditFilter, sort: auditSort, seq: int({ min: 0 }) }),
  'audit.export': obj({ ...bundleRef, filter: auditFilter, sort: auditSort }),
  'evidence.lines': obj({
    ...bundleRef,
    file: str({ min: 1, max: 512, pattern: /^(?!\/)(?!.*(^|\/)\.\.(\/|$))[^\\]+$/ }),
    line: int({ min: 1 }),
    context: int({ min: 0, max: 200 }),
  }),
  'reveals.timeline': obj({ ...bundleRef, filter: optional(revealScreenFilter) }),
  'reveals.register': obj({ ...bundleRef, filter: optional(revealScreenFilter), offset: int({ min: 0 }), limit: int({ min: 1, max: AUDIT_PAGE_MAX }) }),
  'reveals.review': obj({ ...bundleRef, filter: optional(revealScreenFilter) }),
  'erasures.list': obj(bundleRef),
  'erasures.pending': obj(bundleRef),
  'license.get': obj(bundleRef),
  'replay.state': obj({ caseId: id, at: time }),
  'custody.list': obj({ caseId: id }),
  'custody.check': obj({ caseId: id, deep: optional(bool) }),
  'bundles.exclude': obj({ ...bundleRef, reason: str({ min: 1, max: 2000 }) }),
  'bundles.include': obj(bundleRef),
  'bundles.reverify': obj(bundleRef),
  'caiq.list': obj({ caseId: id, version: optional(oneOf(CAIQ_VERSIONS)) }),
  'caiq.declare': obj({
    caseId: id,
    version: oneOf(CAIQ_VERSIONS),
    questionId,
    answer: oneOf(['Yes', 'No', 'NA'] as const),
    ownership: optional(oneOf(ALL_SSRM_OWNERSHIPS)),
    description: statement,
    customerResponsibilities: optional(statement),
    leansOn: arrayOf(oneOf(CHECK_IDS), CHECK_IDS.length),
    author: str({ min: 1, max: 200 }),
    declaredAt: optional(dayOrTime),
    attach: optional(arrayOf(fileSource, 20)),
    drop: optional(arrayOf(str({ min: 1, max: 512 }), 100)),
  }),
  'caiq.history': obj({ caseId: id, version: oneOf(CAIQ_VERSIONS), questionId }),
  'caiq.exportLibrary': obj({ caseId: id }),
  'caiq.importLibrary': obj({ caseId: id, file: fileSource, author: optional(str({ min: 1, max: 200 })) }),
  'caiq.export': obj({
    caseId: id,
    workbook: optional(fileSource),
    version: optional(oneOf(CAIQ_VERSIONS)),
    overwrite: optional(bool),
    nameDeclarant: optional(bool),
    answers: optional(fileSource),
    lang: optional(oneOf(['fr', 'en'] as const)),
  }),
  'erasures.report': obj({
    caseId: id,
    certificateId,
    lang: oneOf(['fr', 'en'] as const),
    bundleId: optional(id),
    review: optional(obj({ reviewer: str({ min: 1, max: 200 }), reviewedAt: dayOrTime, note: optional(str({ max: 4000 })) })),
    extension: optional(obj({ notifiedAt: dayOrTime, reason: str({ min: 1, max: 4000 }), decidedBy: str({ min: 1, max: 200 }), extendedTo: optional(dayOrTime) })),
  }),
  'reports.key': empty,
  'trust.workstation': empty,
  'trust.inspect': obj({ file: fileSource }),
  'reports.exportKey': empty,
  'reports.verify': obj({ report: fileSource, signature: fileSource, key: optional(fileSource) }),
  'cases.exportPortable': obj({ caseId: id, tag: optional(tag) }),
  'cases.receivePortable': obj({ file: fileSource, signature: optional(fileSource), key: optional(fileSource), name: str({ min: 1, max: 200 }) }),
  'audit.report': obj({ caseId: id, lang: oneOf(['fr', 'en'] as const), annexTag: optional(tag) }),
  'review.list': obj({ caseId: id, filter: optional(reviewFilter) }),
  'review.annotate': obj({ caseId: id, subject, change: reviewChange, reviewer }),
  'review.history': obj({ caseId: id, subject }),
  'views.list': obj({ caseId: id, screen: optional(viewScreen) }),
  'views.save': obj({ caseId: id, screen: viewScreen, name: str({ min: 1, max: 120 }), filter: jsonObject }),
  'views.delete': obj({ caseId: id, screen: viewScreen, name: str({ min: 1, max: 120 }) }),
};

export function validateRequest<M extends ApiMethod>(method: M, request: unknown): Validation<ApiRequest<M>> {
  return REQUEST_VALIDATORS[method](request, 'request');
}
