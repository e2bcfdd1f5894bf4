// Helpers for the exporter's own tests: temp folders, reading a bag back, and
// small independent readers (csv-parse for CSV, a minimal pg_dump reader) so
// the exporter's output is not only checked by its own code.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

export function tempDir(prefix = 'natalia-exporter-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Bag-relative path -> bytes, for every file under `dir`. */
export function readTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else out.set(p, readFileSync(join(dir, p)));
    }
  };
  walk('');
  return out;
}

export function fileSize(path: string): number {
  return statSync(path).size;
}

export function parseCsv(text: string): string[][] {
  return parse(text, { record_delimiter: '\r\n', relax_column_count: false }) as string[][];
}

export function licenseOf(text: string): { envelope: Record<string, string>; payload: Record<string, any> } {
  const body = text
    .split('\n')
    .filter((l) => l && !l.startsWith('-----'))
    .join('');
  const envelope = JSON.parse(Buffer.from(body, 'base64').toString('utf8'));
  return { envelope, payload: JSON.parse(Buffer.from(envelope.enc, 'base64').toString('utf8')) };
}

export type DumpRow = (string | null)[];
export interface ParsedDump {
  /** Table names in the order their data appears. */
  order: string[];
  columns: Record<string, string[]>;
  rows: Record<string, DumpRow[]>;
}

function unescapeCopy(field: string): string | null {
  if (field === '\\N') return null;
  return field.replace(/\\(.)/g, (_m, c: string) => ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v' })[c] ?? c);
}

/** SQL values of an INSERT: numbers, NULL, and '...' literals with '' escapes (standard_conforming_strings on). */
function sqlValues(text: string): DumpRow {
  const out: DumpRow = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === "'") {
      let v = '';
      i++;
      for (;;) {
        const q = text.indexOf("'", i);
        if (q === -1) throw new Error('unterminated literal');
        v += text.slice(i, q);
        if (text[q + 1] === "'") {
          v += "'";
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(v);
    } else {
      const c = text.indexOf(',', i);
      const tok = text.slice(i, c === -1 ? text.length : c).trim();
      out.push(tok === 'NULL' ? null : tok);
      i = c === -1 ? text.length : c;
    }
    while (text[i] === ',' || text[i] === ' ') i++;
  }
  return out;
}

/** A minimal reader of the exporter's dumps (COPY text format or INSERT statements). */
export function parseDump(text: string): ParsedDump {
  const lines = text.split('\n');
  const dump: ParsedDump = { order: [], columns: {}, rows: {} };
  const table = (name: string, cols: string[]) => {
    if (!dump.rows[name]) {
      dump.order.push(name);
      dump.rows[name] = [];
      dump.columns[name] = cols;
    }
  };
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    const copy = /^COPY public\.(\w+) \((.*)\) FROM stdin;$/.exec(line);
    if (copy) {
      const cols = copy[2]!.split(', ');
      table(copy[1]!, cols);
      for (k++; lines[k] !== '\\.'; k++) {
        const fields = lines[k]!.split('\t').map(unescapeCopy);
        if (fields.length !== cols.length) throw new Error(`line ${k + 1}: ${fields.length} fields for ${cols.length} columns`);
        dump.rows[copy[1]!]!.push(fields);
      }
      continue;
    }
    const ins = /^INSERT INTO public\.(\w+) (?:\((.*?)\) )?VALUES \(/.exec(line);
    if (ins) {
      // A statement ends with ");" outside a literal; literals may hold line breaks.
      let stmt = line;
      while (((stmt.match(/'/g) ?? []).length % 2 !== 0 || !stmt.endsWith(');')) && k + 1 < lines.length) stmt += '\n' + lines[++k];
      const values = sqlValues(stmt.slice(ins[0].length, -2));
      table(ins[1]!, ins[2] ? ins[2].split(', ') : values.map((_, i) => `c${i}`));
      dump.rows[ins[1]!]!.push(values);
    }
  }
  return dump;
}

/** Column accessor for parsed dump rows. */
export function col(dump: ParsedDump, table: string, name: string): (row: DumpRow) => string | null {
  const i = dump.columns[table]!.indexOf(name);
  if (i === -1) throw new Error(`no column ${name} in ${table}`);
  return (row) => row[i]!;
}

/** PostgreSQL timestamptz text (`2026-03-02 10:14:07.512+01`) to UTC ms. */
export function pgTimeToMs(text: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d{1,3})?([+-]\d{2})$/.exec(text);
  if (!m) throw new Error(`not a timestamptz: ${text}`);
  const frac = (m[3] ?? '.0').slice(1).padEnd(3, '0');
  return Date.parse(`${m[1]}T${m[2]}.${frac}${m[4]}:00`);
}

const PARIS = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** `YYYY-MM-DD HH:MM:SS` on a Paris wall clock, by ICU (independent of the exporter's DST rule). */
export function parisWallClock(ms: number): string {
  const p = Object.fromEntries(PARIS.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}
