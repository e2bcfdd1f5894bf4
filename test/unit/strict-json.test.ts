// I-JSON parsing (spec clarification 2026-12-07): duplicate member names and
// unpaired surrogates refused, everything JSON.parse reads otherwise unchanged.
import { describe, expect, it } from 'vitest';
import { findDuplicateName, IJsonError, parseStrictJson } from '../../shared/engine/crypto/strict-json.js';

describe('parseStrictJson', () => {
  it('reads valid I-JSON exactly as JSON.parse does, including names and values that look like names', () => {
    for (const t of ['{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}', '{"m":"he said \\":\\" twice\\":"}', '{"x":"\\ud83d\\ude00"}', '[1,"a",{"k":null}]', '"plain"', '{ "a" : 1 , "b" :2}']) {
      expect(parseStrictJson(t)).toEqual(JSON.parse(t));
    }
  });

  it('refuses a member name written twice in one object, at any depth, also when spelled with an escape', () => {
    expect(() => parseStrictJson('{"motive":"X","motive":"real"}')).toThrow(IJsonError);
    expect(() => parseStrictJson('{"motive":"X","motive":"real"}')).toThrow(/"motive" appears twice/);
    expect(() => parseStrictJson('{"d":{"k":1,"k":2}}')).toThrow(/"k" appears twice/);
    expect(() => parseStrictJson('[{"a":1},{"b":1,"\\u0062":2}]')).toThrow(/"b" appears twice/);
    expect(() => parseStrictJson('{"a" :1, "a": 2}')).toThrow(IJsonError);
    expect(findDuplicateName('{"a":{"b":1},"b":2}')).toBeNull(); // one name per object
  });

  it('refuses unpaired surrogates, escaped or raw, in names and values', () => {
    expect(() => parseStrictJson('{"m":"\\ud800"}')).toThrow(/unpaired surrogate/);
    expect(() => parseStrictJson('{"m":"x\\udc00"}')).toThrow(/unpaired surrogate/);
    expect(() => parseStrictJson('{"\\ud83d":1}')).toThrow(/member name holds an unpaired surrogate/);
    expect(() => parseStrictJson('{"m":"\ud800"}')).toThrow(/unpaired surrogate/);
    expect(() => parseStrictJson('"\\udfff"')).toThrow(/unpaired surrogate/);
  });

  it('keeps JSON syntax errors as they were, and never recurses (deep nesting)', () => {
    expect(() => parseStrictJson('{"a":')).toThrow(SyntaxError);
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(() => parseStrictJson(deep)).not.toThrow();
    const deepObj = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    expect(() => parseStrictJson(deepObj.replace('{"a":1}', '{"a":1,"a":2}'))).toThrow(/"a" appears twice/);
  });
});
