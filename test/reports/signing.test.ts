// The workstation key and detached report signatures: made once, reused,
// deterministic, and any change to the report or its signature is caught.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  exportWorkstationPublicKey,
  KEY_FILE,
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
