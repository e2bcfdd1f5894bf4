// Which keys may sign where (spec §2.3).
import { describe, expect, it } from 'vitest';
import { KeySchedule } from '../../shared/engine/audit/key-schedule.js';
import type { AuditEntry } from '../../shared/model/audit-entry.js';
import { grant, newKey, type TestKey } from './helpers.js';

function rotate(seq: number, to: TestKey, over: Partial<AuditEntry> = {}, details: Record<string, unknown> = {}): AuditEntry {
  return {
    seq,
    ts: '2026-02-01T00:00:00.000Z',
    tenant: '',
    actor: 'system',
    role: 'system',
    action: 'key.rotate',
    target: `key:${to.key.kid}`,
    outcome: 'success',
    motive: '',
    source_ip: '',
    user_agent: '',
    request_id: '',
    details: { new_kid: to.key.kid, new_public_key: to.publicB64, reason: 'scheduled', ...details },
    prev_hash: '',
    hash: '',
    kid: '',
    sig: '',
    ...over,
  };
}

describe('KeySchedule', () => {
  const a = newKey();
  const b = newKey();
  const c = newKey();

  it('allows a licensed key from its not_before on, and never an unknown key', () => {
    const s = new KeySchedule([grant(a, '2026-01-10T00:00:00.000Z', 'LIC-A')]);
    expect('key' in s.check(a.key.kid, '2026-01-10T00:00:00.000Z')).toBe(true);
    expect(s.check(a.key.kid, '2026-01-09T23:59:59.999Z')).toEqual({
      reason: `key ${a.key.kid} is granted by license LIC-A only from 2026-01-10T00:00:00.000Z, after this entry's time 2026-01-09T23:59:59.999Z`,
    });
    expect(s.check(b.key.kid, '2026-02-01T00:00:00.000Z')).toMatchObject({ reason: expect.stringMatching(/granted by no trusted license/) });
  });

  it('after an accepted rotate: the new key signs, the outgoing key is retired, in force and summary follow', () => {
    const s = new KeySchedule([grant(a, '2026-01-01T00:00:00.000Z', 'LIC-A')]);
    expect(s.applyRotate(rotate(50, b), a.key.kid)).toEqual({ kid: b.key.kid });
    expect('key' in s.check(b.key.kid, '2026-02-01T00:00:01.000Z')).toBe(true);
    expect(s.check(a.key.kid, '2026-02-01T00:00:01.000Z')).toEqual({ reason: `key ${a.key.kid} was retired by the key.rotate at seq 50` });
    expect(s.inForceAt('2026-03-01T00:00:00.000Z').map((k) => k.kid)).toEqual([b.key.kid]);
    expect(s.inForceAt('2026-01-15T00:00:00.000Z')).toEqual([]);
    expect(s.current().map((k) => k.kid)).toEqual([b.key.kid]);
    expect(s.summary()).toEqual([
      { kid: a.key.kid, public_key: a.publicB64, source: 'LIC-A', not_before: '2026-01-01T00:00:00.000Z', retired_at_seq: 50 },
      { kid: b.key.kid, public_key: b.publicB64, source: 'key.rotate seq 50', not_before: '2026-02-01T00:00:00.000Z' },
    ]);
    // A retired key cannot come back through a later rotate.
    expect(s.applyRotate(rotate(60, a), b.key.kid)).toMatchObject({ reason: expect.stringMatching(/already retired at seq 50/) });
  });

  it('refuses rotates whose new key does not match its kid, target or form, and says so for entries the key signs', () => {
    const s = new KeySchedule([grant(a)]);
    expect(s.applyRotate(rotate(5, b, {}, { new_kid: c.key.kid }), a.key.kid)).toMatchObject({
      reason: expect.stringMatching(/is not the id of the public key/),
    });
    expect(s.check(c.key.kid, '2026-02-02T00:00:00.000Z')).toMatchObject({
      reason: expect.stringMatching(new RegExp(`announced by the key.rotate at seq 5, which was not accepted`)),
    });
    expect(s.applyRotate(rotate(6, b, { target: 'key:0000000000000000' }), a.key.kid)).toMatchObject({ reason: expect.stringMatching(/target/) });
    expect(s.applyRotate(rotate(7, b, {}, { new_public_key: 'AAAA' }), a.key.kid)).toMatchObject({ reason: expect.stringMatching(/unusable/) });
    expect(s.applyRotate(rotate(8, a), a.key.kid)).toMatchObject({ reason: expect.stringMatching(/rotates to the key that signs it/) });
    // Nothing changed: a still signs.
    expect('key' in s.check(a.key.kid, '2026-02-02T00:00:00.000Z')).toBe(true);
  });
});
