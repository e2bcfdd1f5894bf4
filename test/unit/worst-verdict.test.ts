// A case's badge is its worst bundle's verdict: a later good import does not hide an earlier bad one.
import { describe, expect, it } from 'vitest';
import { worstVerdict } from '../../shared/model/verification.js';

describe('worstVerdict', () => {
  it('is undefined for a case without bundles', () => {
    expect(worstVerdict([])).toBeUndefined();
  });
  it('keeps problems over anything imported later', () => {
    expect(worstVerdict(['problems', 'trusted'])).toBe('problems');
    expect(worstVerdict(['trusted', 'unverifiable', 'problems', 'partial'])).toBe('problems');
  });
  it('ranks unverifiable over a quick check, and a quick check over trusted', () => {
    expect(worstVerdict(['trusted', 'unverifiable', 'partial'])).toBe('unverifiable');
    expect(worstVerdict(['trusted', 'partial', 'trusted'])).toBe('partial');
    expect(worstVerdict(['trusted', 'trusted'])).toBe('trusted');
  });
});
