// RFC 8785 canonical JSON, restricted to what the Natalia format uses
// (spec "Conventions"): integers with |n| < 2^53, strings, booleans, null,
// arrays and objects. Keys are sorted by UTF-16 code units, which is what
// JavaScript's default string comparison does; strings are escaped exactly as
// JSON.stringify escapes them. Pure: also runs in the renderer.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export class CanonicalizationError extends Error {}

export function canonicalize(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value)) {
        throw new CanonicalizationError(`number ${value} is not an integer below 2^53`);
      }
      // Object.is catches -0, which JCS writes as 0 but the format never holds.
      return Object.is(value, -0) ? '0' : String(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return '[' + value.map(canonicalize).join(',') + ']';
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).sort();
      let out = '{';
      let first = true;
      for (const k of keys) {
        const v = obj[k];
        if (v === undefined) continue;
        out += (first ? '' : ',') + JSON.stringify(k) + ':' + canonicalize(v);
        first = false;
      }
      return out + '}';
    }
    default:
      throw new CanonicalizationError(`cannot canonicalize a ${typeof value}`);
  }
}
