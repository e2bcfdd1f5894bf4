// RFC 8785 canonical JSON, restricted to what the Natalia format uses
// (spec "Conventions"): integers with |n| < 2^53, strings, booleans, null,
// arrays and objects. Keys are sorted by UTF-16 code units, which is what
// JavaScript's default string comparison does; strings are escaped exactly as
// JSON.stringify escapes them. Pure: also runs in the renderer.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export class CanonicalizationError extends Error {}

/**
 * Deepest nesting of arrays and objects the workstation reads (the value
 * itself is depth 1). The format's objects nest three or four levels; a
 * hostile one nested thousands deep would exhaust the stack of every
 * recursive reader (this one, JSON.stringify, the screens), so it is refused
 * as malformed instead (entry-fields.ts), and canonicalize never recurses past it.
 */
export const MAX_JSON_DEPTH = 128;

export function canonicalize(value: unknown): string {
  return canonical(value, 1);
}

/** Whether `value` nests arrays and objects deeper than `max`; iterative, so any depth is measured safely. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

function canonical(value: unknown, depth: number): string {
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
      if (depth > MAX_JSON_DEPTH) throw new CanonicalizationError(`the value nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep`);
      if (Array.isArray(value)) return '[' + value.map((v) => canonical(v, depth + 1)).join(',') + ']';
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).sort();
      let out = '{';
      let first = true;
      for (const k of keys) {
        const v = obj[k];
        if (v === undefined) continue;
        out += (first ? '' : ',') + JSON.stringify(k) + ':' + canonical(v, depth + 1);
        first = false;
      }
      return out + '}';
    }
    default:
      throw new CanonicalizationError(`cannot canonicalize a ${typeof value}`);
  }
}
