// Request validation: hostile or malformed arguments are refused with a
// located message; valid ones come out with unknown members dropped.
import { describe, expect, it } from 'vitest';
import { API_METHODS } from '../../shared/api/contract.js';
import { REQUEST_VALIDATORS, validateRequest } from '../../shared/api/validate.js';

const ref = { caseId: 'case-1', bundleId: '3' };
const declaration = { caseId: 'c', version: '4.0.3', questionId: 'HRS-11.1', answer: 'Yes', ownership: 'CSP-owned', description: 'Yearly course.', leansOn: ['audit.chain'], author: 'ciso' };

describe('validateRequest', () => {
  it('has a validator for every method', () => {
    expect(Object.keys(REQUEST_VALIDATORS).sort()).toEqual([...API_METHODS].sort());
  });

  it('accepts a valid audit query and drops unknown members', () => {
    const r = validateRequest('audit.query', {
      ...ref,
      filter: { actor: 'admin.lea', from: '2026-01-01T00:00:00.000Z', evil: '1' },
      sort: { field: 'ts', direction: 'desc' },
      offset: 0,
      limit: 200,
      __proto__: { polluted: true },
      extra: 'dropped',
    });
    expect(r).toEqual({
      ok: true,
      value: { ...ref, filter: { actor: 'admin.lea', from: '2026-01-01T00:00:00.000Z' }, sort: { field: 'ts', direction: 'desc' }, offset: 0, limit: 200 },
    });
  });

  it.each([
    ['a non-object', 'cases.get', 'c1', 'request: expected an object'],
    ['an array', 'cases.get', ['c1'], 'request: expected an object'],
    ['a missing member', 'cases.get', {}, 'request.caseId: expected a string'],
    ['a path-like id', 'cases.get', { caseId: '../../etc' }, 'request.caseId: has an unexpected form'],
    ['a NUL byte', 'cases.create', { name: 'a\u0000b' }, 'request.name: must not contain NUL'],
    ['an empty name', 'cases.create', { name: '' }, 'request.name: must not be empty'],
    ['a fractional offset', 'audit.query', { ...ref, filter: {}, sort: { field: 'seq', direction: 'asc' }, offset: 1.5, limit: 10 }, 'request.offset: expected an integer'],
    ['a page too large', 'audit.query', { ...ref, filter: {}, sort: { field: 'seq', direction: 'asc' }, offset: 0, limit: 100_000 }, 'request.limit: must be between 1 and 1000'],
    ['an unknown sort field', 'audit.query', { ...ref, filter: {}, sort: { field: 'sig; DROP TABLE', direction: 'asc' }, offset: 0, limit: 10 }, 'request.sort.field: expected one of'],
    ['a local time', 'audit.query', { ...ref, filter: { from: '2026-01-01 10:00' }, sort: { field: 'seq', direction: 'asc' }, offset: 0, limit: 10 }, 'request.filter.from: has an unexpected form'],
    ['a time without a zone', 'audit.query', { ...ref, filter: { to: '2026-01-01T10:00:00' }, sort: { field: 'seq', direction: 'asc' }, offset: 0, limit: 10 }, 'request.filter.to: has an unexpected form: it has no time zone'],
    ['a day that does not exist', 'audit.query', { ...ref, filter: { from: '2026-02-30T00:00:00.000Z' }, sort: { field: 'seq', direction: 'asc' }, offset: 0, limit: 10 }, 'request.filter.from: has an unexpected form: 2026-02-30 is not a date of the calendar'],
    ['hour 24', 'audit.query', { ...ref, filter: { from: '2026-02-01T24:00:00Z' }, sort: { field: 'seq', direction: 'asc' }, offset: 0, limit: 10 }, 'request.filter.from: has an unexpected form: 24:00:00 is not a time of day'],
    ['a relative path', 'bundles.import', { caseId: 'c', source: { kind: 'path', path: 'bundle.zip' } }, 'request.source.path: has an unexpected form'],
    ['an unknown source kind', 'bundles.import', { caseId: 'c', source: { kind: 'url', path: 'https://x' } }, 'request.source.kind: expected one of path, upload'],
    ['a malformed upload id', 'bundles.import', { caseId: 'c', source: { kind: 'upload', uploadId: '../x', name: 'a.zip' } }, 'request.source.uploadId'],
    ['a file outside the bag', 'evidence.lines', { ...ref, file: '../../etc/passwd', line: 1, context: 2 }, 'request.file: has an unexpected form'],
    ['an absolute file', 'evidence.lines', { ...ref, file: '/etc/passwd', line: 1, context: 2 }, 'request.file: has an unexpected form'],
    ['line zero', 'evidence.lines', { ...ref, file: 'data/audit/audit-log.csv', line: 0, context: 2 }, 'request.line: must be between 1'],
    ['a question id that is a path', 'caiq.declare', { ...declaration, questionId: '../HRS-11.1' }, 'request.questionId: has an unexpected form'],
    ['an ownership CSA does not list', 'caiq.declare', { ...declaration, ownership: 'csp-owned' }, 'request.ownership: expected one of CSP-owned'],
    ['a check that does not exist', 'caiq.declare', { ...declaration, leansOn: ['audit.chain', 'audit.everything'] }, 'request.leansOn[1]: expected one of'],
    ['leans-on that is not a list', 'caiq.declare', { ...declaration, leansOn: 'audit.chain' }, 'request.leansOn: expected a list'],
    ['an empty author', 'caiq.declare', { ...declaration, author: '' }, 'request.author: must not be empty'],
    ['a description over 4,000 characters', 'caiq.declare', { ...declaration, description: 'x'.repeat(4001) }, 'request.description: must have at most 4000'],
    ['a certificate id with a slash', 'erasures.report', { caseId: 'c', certificateId: 'ERC/../../x', lang: 'en' }, 'request.certificateId: has an unexpected form'],
    ['a language the report does not speak', 'erasures.report', { caseId: 'c', certificateId: 'ERC-1', lang: 'de' }, 'request.lang: expected one of fr, en'],
    ['a workbook given by relative path', 'caiq.export', { caseId: 'c', workbook: { kind: 'path', path: 'CAIQ.xlsx' } }, 'request.workbook.path: has an unexpected form'],
  ] as const)('refuses %s', (_label, method, request, message) => {
    const r = validateRequest(method, request);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(message);
  });

  it('passes audit filter times on as UTC with milliseconds, read the same way as on the command line', () => {
    const r = validateRequest('audit.query', { ...ref, filter: { from: '2026-01-01T01:00:00+01:00', to: '2026-01-02T00:00:00Z' }, sort: { field: 'ts', direction: 'asc' }, offset: 0, limit: 10 });
    expect(r.ok && r.value.filter).toEqual({ from: '2026-01-01T00:00:00.000Z', to: '2026-01-02T00:00:00.000Z' });
  });

  it('accepts a declaration, dropping what the contract does not know', () => {
    expect(validateRequest('caiq.declare', { ...declaration, declared_at: '1999-01-01T00:00:00.000Z', questionId: 'A&A-02.1' })).toEqual({
      ok: true,
      value: { ...declaration, questionId: 'A&A-02.1' },
    });
    expect(validateRequest('caiq.declare', { ...declaration, answer: 'NA', ownership: undefined, leansOn: [] }).ok).toBe(true);
  });

  it('accepts paths of both platforms and optional members left out', () => {
    expect(validateRequest('bundles.import', { caseId: 'c', source: { kind: 'path', path: '/media/usb/b.zip' } }).ok).toBe(true);
    expect(validateRequest('bundles.import', { caseId: 'c', source: { kind: 'path', path: 'C:\\evidence\\b.zip' } }).ok).toBe(true);
    // An import always verifies in full: a mode is not part of the request, and is dropped like any unknown member.
    expect(validateRequest('bundles.import', { caseId: 'c', source: { kind: 'path', path: '/b' }, mode: 'fast' })).toEqual({
      ok: true,
      value: { caseId: 'c', source: { kind: 'path', path: '/b' } },
    });
    expect(validateRequest('app.info', undefined)).toEqual({ ok: true, value: {} });
    expect(validateRequest('audit.query', { ...ref, filter: { tenant: '' }, sort: { field: 'seq', direction: 'asc' }, offset: 0, limit: 1 })).toMatchObject({
      ok: true,
      value: { filter: { tenant: '' } },
    });
  });
});
