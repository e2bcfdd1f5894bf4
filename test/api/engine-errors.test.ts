// The one table from an engine error's code to each face: the API's code and
// message, the CLI's exit code and line. Every engine error class carries its
// code (and its cause), so no face needs to know the class.
import { describe, expect, it } from 'vitest';
import { cliFailureOf, ENGINE_ERROR_FACES, translateEngineError } from '../../shared/api/engine-errors.js';
import { ApiFailure } from '../../shared/api/result.js';
import { ENGINE_ERROR_CODES, EngineError, engineErrorCode } from '../../shared/engine/engine-error.js';
import { CaseIntegrityError, CaseNotFoundError } from '../../shared/engine/case/case-file.js';
import { DuplicateBundleError } from '../../shared/engine/case/import-bundle.js';
import { InputFileError } from '../../shared/engine/input-file.js';
import { TrustStoreError } from '../../shared/engine/license/trust-store.js';
import { WorkbookError } from '../../shared/engine/reports/caiq/fill-workbook.js';
import { ZipPackageError } from '../../shared/engine/reports/zip-package.js';
import { CaseFormatError } from '../../shared/engine/store/migrate.js';
import { BundleUnreadableError } from '../../shared/engine/verify/verify-bundle.js';
import { EXIT_UNREADABLE } from '../../shared/cli/exit-codes.js';

describe('engine errors', () => {
  it('carry a stable code and the error that caused them', () => {
    const cause = new InputFileError('cannot read the trust store /x: no such file', 'ENOENT');
    const e = new TrustStoreError('no trust store', { cause });
    expect(e).toBeInstanceOf(EngineError);
    expect(e.errorCode).toBe('TRUST_STORE');
    expect(e.cause).toBe(cause);
    expect(cause.errorCode).toBe('INPUT_MISSING');
    // The system's code stays where Node puts it.
    expect(cause.code).toBe('ENOENT');
    expect(new InputFileError('cannot read x: permission denied', 'EACCES').errorCode).toBe('INPUT_UNREADABLE');
    expect([new CaseNotFoundError('a'), new CaseFormatError('b'), new BundleUnreadableError('c'), new WorkbookError('d'), new ZipPackageError('e')].map(engineErrorCode)).toEqual([
      'CASE_NOT_FOUND',
      'CASE_FORMAT',
      'BUNDLE_UNREADABLE',
      'WORKBOOK_INVALID',
      'WORKBOOK_INVALID',
    ]);
  });

  it('reads a locked SQLite file as the case being busy, and nothing else as an engine error', () => {
    expect(engineErrorCode(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))).toBe('CASE_BUSY');
    expect(engineErrorCode(new Error('a bug'))).toBeUndefined();
    expect(engineErrorCode('a string')).toBeUndefined();
  });
});

describe('the table of faces', () => {
  it('has a row for every code', () => {
    expect(Object.keys(ENGINE_ERROR_FACES).sort()).toEqual([...ENGINE_ERROR_CODES].sort());
  });

  it('gives the API its code and message', () => {
    const api = (e: unknown) => {
      const t = translateEngineError(e);
      return t instanceof ApiFailure ? { code: t.code, message: t.message } : t;
    };
    expect(api(new CaseNotFoundError('no case file /w/a.natalia-case'))).toEqual({ code: 'not_found', message: 'no case file /w/a.natalia-case' });
    expect(api(new DuplicateBundleError('this export is already in the case'))).toEqual({ code: 'conflict', message: 'This export is already in the case' });
    expect(api(new CaseIntegrityError('the custody log no longer holds'))).toEqual({ code: 'conflict', message: 'The custody log no longer holds' });
    expect(api(new InputFileError('cannot read the workbook /x: no such file', 'ENOENT'))).toEqual({ code: 'not_found', message: 'Cannot read the workbook /x: no such file.' });
    expect(api(new TrustStoreError('not JSON'))).toEqual({ code: 'invalid_request', message: 'Trust roots: not JSON' });
    expect(api(new WorkbookError('no Answers sheet'))).toEqual({ code: 'invalid_request', message: 'The workbook cannot be filled: no Answers sheet.' });
    expect(api(Object.assign(new Error('database is locked'), { code: 'SQLITE_LOCKED' }))).toEqual({
      code: 'conflict',
      message: 'The case is busy: an import is writing to it. Try again when it has finished.',
    });
    // Not an engine error: left as it is, for the dispatcher to call it internal.
    const bug = new TypeError('x is undefined');
    expect(translateEngineError(bug)).toBe(bug);
  });

  it('gives the CLI its exit code and line', () => {
    expect(cliFailureOf(new CaseNotFoundError('no case file a.natalia-case'))).toEqual({ exit: EXIT_UNREADABLE, line: 'no case file a.natalia-case' });
    expect(cliFailureOf(new TrustStoreError('not JSON'))).toEqual({ exit: EXIT_UNREADABLE, line: 'not JSON' });
    expect(cliFailureOf(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))).toEqual({
      exit: EXIT_UNREADABLE,
      line: 'the case file is busy: another program (an import?) is writing to it. Try again when it has finished.',
    });
    expect(cliFailureOf(new Error('a bug'))).toBeUndefined();
  });
});
