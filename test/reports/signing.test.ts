// The workstation key and detached report signatures: made once, reused,
// deterministic, and any change to the report or its signature is caught.
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  exportWorkstationPublicKey,
  KEY_FILE,
  keyFileExposure,
  loadOrCreateWorkstationKey,
  loadWorkstationKey,
  WorkstationKeyError,
} from '../../shared/engine/reports/signing/workstation-key.js';
import { serializeSignature, signReport, verifyReportSignature } from '../../shared/engine/reports/signing/report-signature.js';
import { importPublicKey } from '../../shared/engine/crypto/ed25519.js';

const home = mkdtempSync(join(tmpdir(), 'natalia-sign-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('workstation key', () => {
  it('is made once, kept private, and reused', () => {
    expect(loadWorkstationKey(home)).toBeNull();
    const k1 = loadOrCreateWorkstationKey(home, () => new Date('2026-03-01T00:00:00.000Z'));
    const k2 = loadOrCreateWorkstationKey(home);
    expect(k2.kid).toBe(k1.kid);
    expect(k2.publicKey).toBe(k1.publicKey);
    expect(statSync(join(home, KEY_FILE)).mode & 0o777).toBe(0o600);
    const pub = exportWorkstationPublicKey(k1);
    expect(pub).toEqual({ format: 'natalia-audit.workstation-public-key.v1', kid: k1.kid, public_key: k1.publicKey, created_at: '2026-03-01T00:00:00.000Z' });
    const imported = importPublicKey(pub.public_key);
    expect('key' in imported && imported.key.kid).toBe(k1.kid);
    expect(JSON.stringify(pub)).not.toContain('private');
  });

  it('refuses a key file whose public half was edited', () => {
    const other = mkdtempSync(join(tmpdir(), 'natalia-sign-'));
    try {
      loadOrCreateWorkstationKey(other);
      const path = join(other, KEY_FILE);
      const doc = JSON.parse(readFileSync(path, 'utf8'));
      doc.public_key = loadOrCreateWorkstationKey(home).publicKey;
      writeFileSync(path, JSON.stringify(doc));
      expect(() => loadWorkstationKey(other)).toThrow(WorkstationKeyError);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});

describe('workstation key file permissions', () => {
  it('refuses a key that other accounts can read, in one line, and never replaces it', () => {
    const other = mkdtempSync(join(tmpdir(), 'natalia-sign-'));
    try {
      const made = loadOrCreateWorkstationKey(other);
      const path = join(other, KEY_FILE);
      for (const mode of [0o640, 0o604, 0o644, 0o660]) {
        chmodSync(path, mode);
        for (const load of [() => loadWorkstationKey(other), () => loadOrCreateWorkstationKey(other)]) {
          let message = '';
          try {
            load();
          } catch (e) {
            expect(e).toBeInstanceOf(WorkstationKeyError);
            message = (e as Error).message;
          }
          expect(message).toContain(`${path}: other users can read the workstation key (mode 0${mode.toString(8)})`);
          expect(message).toContain(`chmod 600 ${path}`);
          expect(message).not.toContain('\n');
        }
      }
      // The refused key is still the one on disk: nothing was made in its place.
      expect(JSON.parse(readFileSync(path, 'utf8')).kid).toBe(made.kid);
      chmodSync(path, 0o600);
      expect(loadWorkstationKey(other)?.kid).toBe(made.kid);
      chmodSync(path, 0o400);
      expect(loadWorkstationKey(other)?.kid).toBe(made.kid);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('reads group and other bits only, and leaves Windows to its ACLs', () => {
    expect(keyFileExposure(0o100600, 'linux')).toBeNull();
    expect(keyFileExposure(0o100400, 'darwin')).toBeNull();
    expect(keyFileExposure(0o100640, 'linux')).toBe('mode 0640');
    expect(keyFileExposure(0o100602, 'linux')).toBe('mode 0602');
    expect(keyFileExposure(0o100666, 'win32')).toBeNull();
  });
});

describe('report signatures', () => {
  const sigHome = mkdtempSync(join(tmpdir(), 'natalia-sign-'));
  afterAll(() => rmSync(sigHome, { recursive: true, force: true }));
  const key = loadOrCreateWorkstationKey(sigHome);
  const content = Buffer.from('%PDF-1.3 a report\n');
  const sig = signReport(content, { file: '/somewhere/report.pdf', kind: 'erasure-pdf', signedAt: '2026-03-03T10:00:00.000Z' }, key);

  it('verifies, names the file, and is byte-identical when made again', () => {
    expect(sig).toMatchObject({ format: 'natalia-audit.report-signature.v1', file: 'report.pdf', kind: 'erasure-pdf', bytes: content.length, kid: key.kid });
    expect(verifyReportSignature(content, sig)).toEqual({ valid: true, signature: sig, notes: [] });
    const again = signReport(content, { file: 'report.pdf', kind: 'erasure-pdf', signedAt: '2026-03-03T10:00:00.000Z' }, key);
    expect(serializeSignature(again)).toBe(serializeSignature(sig));
  });

  it('catches a changed report, a changed signature object, and a foreign key', () => {
    const changed = Buffer.from(content);
    changed[3] = changed[3]! ^ 1;
    expect(verifyReportSignature(changed, sig)).toMatchObject({ valid: false, reason: expect.stringContaining('changed after it was signed') });
    expect(verifyReportSignature(content, { ...sig, signed_at: '2026-03-04T10:00:00.000Z' })).toMatchObject({ valid: false, reason: 'the signature does not verify' });
    expect(verifyReportSignature(content, { ...sig, kind: 'caiq-csv' })).toMatchObject({ valid: false });
    expect(verifyReportSignature(content, { ...sig, kid: '0000000000000000' })).toMatchObject({ valid: false, reason: 'kid is not the id of public_key' });
    expect(verifyReportSignature(content, { ...sig, extra: 1 })).toMatchObject({ valid: false, reason: expect.stringContaining('unexpected member') });
    expect(verifyReportSignature(content, sig, { expectedKid: 'ffffffffffffffff' })).toMatchObject({ valid: false, reason: expect.stringContaining('not by the expected key') });
    expect(verifyReportSignature(content, 'nonsense')).toMatchObject({ valid: false });
    // A signature made by another key over the same bytes verifies, but only as that key's.
    const other = mkdtempSync(join(tmpdir(), 'natalia-sign-'));
    try {
      const foreign = signReport(content, { file: 'report.pdf', kind: 'erasure-pdf', signedAt: sig.signed_at }, loadOrCreateWorkstationKey(other));
      expect(verifyReportSignature(content, foreign)).toMatchObject({ valid: true });
      expect(verifyReportSignature(content, foreign, { expectedKid: key.kid })).toMatchObject({ valid: false });
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('notes a renamed file without failing it', () => {
    expect(verifyReportSignature(content, sig, { fileName: '/x/renamed.pdf' })).toMatchObject({ valid: true, notes: ['the file was renamed: it was signed as "report.pdf"'] });
  });
});
