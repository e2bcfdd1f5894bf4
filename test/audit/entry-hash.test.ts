// The written-out JCS of the entry core must be exactly what the generic
// canonicalizer produces (and the reference exporter hashed).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORE_MEMBERS_SORTED, computeEntryHash, coreJcs, entryHashMatches } from '../../shared/engine/audit/entry-hash.js';
import { canonicalize } from '../../shared/engine/crypto/jcs.js';
import { AUDIT_FIELDS } from '../../shared/model/audit-entry.js';
import { JSONL, MINIMAL_BAG, readJsonl } from './helpers.js';

describe('entry hash', () => {
  const entries = readJsonl(join(MINIMAL_BAG, JSONL));

  it('lists the core members in UTF-16 order', () => {
    const core = AUDIT_FIELDS.filter((f) => f !== 'hash' && f !== 'kid' && f !== 'sig');
    expect([...CORE_MEMBERS_SORTED]).toEqual([...core].sort());
  });

  it('writes JCS(core) like canonicalize, and every sample hash recomputes', () => {
    for (const e of entries) {
      const { hash: _h, kid: _k, sig: _s, ...core } = e;
      expect(coreJcs(e, canonicalize(e.details))).toBe(canonicalize(core));
      expect(computeEntryHash(e)).toBe(e.hash);
    }
    const odd = { ...entries[0]!, motive: 'quote " backslash \\ tab \t line\u2028 \ud800 é', tenant: '😀' };
    const { hash: _h, kid: _k, sig: _s, ...core } = odd;
    expect(coreJcs(odd, canonicalize(odd.details))).toBe(canonicalize(core));
    // Every string member, with each character JSON escapes or could get wrong.
    const awkward = ['"', '\\', '\u007f', '\u2028', '\ud800', '\udfff', '😀', 'a"b\\c', ...Array.from({ length: 32 }, (_, i) => `x${String.fromCharCode(i)}y`)];
    for (const member of CORE_MEMBERS_SORTED) {
      if (member === 'seq' || member === 'details') continue;
      for (const text of awkward) {
        const e = { ...entries[1]!, [member]: text };
        const { hash: _h2, kid: _k2, sig: _s2, ...c } = e;
        expect(coreJcs(e, canonicalize(e.details)), `${member} = ${JSON.stringify(text)}`).toBe(canonicalize(c));
      }
    }
  });

  it('accepts the CSV details text verbatim only when it hashes right, else canonicalizes', () => {
    const e = entries[0]!;
    const jcs = canonicalize(e.details);
    expect(entryHashMatches(e, jcs)).toBe(true);
    // Same object written with another member order: not JCS, but the object is the one hashed.
    expect(entryHashMatches(e, JSON.stringify(e.details))).toBe(true);
    expect(entryHashMatches({ ...e, actor: 'mallory' }, jcs)).toBe(false);
    expect(entryHashMatches({ ...e, details: { ...e.details, x: 1.5 } })).toBe(false);
  });
});
