// The audit readers split records on byte text (byte-text.ts) and decode
// only the records holding a byte >= 0x80. What they hand out must be, to the
// character, what they would read from the file decoded as a whole, whatever
// the read size and wherever multi-byte or invalid sequences fall.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAuditCsv } from '../../shared/engine/audit/csv-reader.js';
import { readAuditJsonl } from '../../shared/engine/audit/jsonl-reader.js';
import type { ReadItem } from '../../shared/engine/audit/read-item.js';
import { HighByteSpans, hasHighChar, readByteText, utf8OfByteText } from '../../shared/engine/text/byte-text.js';
import { CSV, JSONL, MINIMAL_BAG } from '../audit/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'natalia-byte-text-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function write(bytes: Buffer): string {
  const p = join(dir, `f${n++}`);
  writeFileSync(p, bytes);
  return p;
}

const whole = (b: Buffer) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(b);

async function byteText(path: string, highWaterMark: number, readBytes?: number): Promise<string> {
  let text = '';
  for await (const c of readByteText(path, { highWaterMark, readBytes })) {
    // When a chunk comes with its bytes, the text is exactly their byte text.
    if (c.bytes) expect(c.bytes.toString('latin1')).toBe(c.text);
    text += c.text;
  }
  return text;
}

/** Chunk sizes, each with reads of one chunk, of a few chunks and a bit, and of the default 1 MiB. */
const READS = (hwm: number) => [hwm, hwm * 3 + 1, undefined];

async function collect(it: AsyncIterable<ReadItem>): Promise<ReadItem[]> {
  const out: ReadItem[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const SIZES = [1, 2, 3, 5, 7, 64, 1 << 16];

describe('byte text', () => {
  const cases: [string, Buffer][] = [
    ['two-, three- and four-byte characters', Buffer.from('é,€,𝄞;'.repeat(40) + 'abc')],
    ['invalid bytes between ASCII runs', Buffer.concat([Buffer.from('aaaa'), Buffer.from([0xc3]), Buffer.from('bbbb'), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from('cc')])],
    ['a sequence cut off at the end of the file', Buffer.concat([Buffer.from('tail '.repeat(7)), Buffer.from([0xe2, 0x82])])],
    ['an overlong encoding and a surrogate', Buffer.concat([Buffer.from([0xc0, 0xaf, 0x41, 0xed, 0xa0, 0x80, 0x42])])],
  ];
  for (const [name, bytes] of cases) {
    it(`decodes to exactly what one TextDecoder makes of the file: ${name}`, async () => {
      const path = write(bytes);
      for (const hwm of SIZES) {
        for (const rb of READS(hwm)) expect(utf8OfByteText(await byteText(path, hwm, rb)), `chunk ${hwm}, read ${rb}`).toBe(whole(bytes));
      }
    });
  }

  it('gives a leading byte order mark as U+FEFF even when the reads cut it, and only at the start', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('x\ufeffy')]);
    const path = write(bytes);
    for (const hwm of SIZES) for (const rb of READS(hwm)) expect(await byteText(path, hwm, rb)).toBe('\ufeffx\u00ef\u00bb\u00bfy');
    const partial = write(Buffer.from([0xef, 0xbb]));
    for (const hwm of [1, 2, 64]) for (const rb of READS(hwm)) expect(await byteText(partial, hwm, rb)).toBe('\u00ef\u00bb');
  });

  it('gives the SHA-256 of the whole file once read to its end, and none when the reader stops before', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('é,€,𝄞;'.repeat(500))]);
    const path = write(bytes);
    const expected = createHash('sha256').update(bytes).digest('hex');
    for (const hwm of [1, 7, 1 << 16]) {
      for (const rb of READS(hwm)) {
        const got: string[] = [];
        for await (const _ of readByteText(path, { highWaterMark: hwm, readBytes: rb, onSha256: (h) => got.push(h) }));
        expect(got, `chunk ${hwm}, read ${rb}`).toEqual([expected]);
      }
    }
    const early: string[] = [];
    for await (const c of readByteText(path, { highWaterMark: 64, readBytes: 128, onSha256: (h) => early.push(h) })) {
      if (c.bytesRead > 256) break;
    }
    expect(early).toEqual([]);
    const empty: string[] = [];
    for await (const _ of readByteText(write(Buffer.alloc(0)), { onSha256: (h) => empty.push(h) }));
    expect(empty).toEqual([createHash('sha256').digest('hex')]);
  });

  it('tells which spans hold a byte >= 0x80, across 4 KB blocks and the carried part', () => {
    let seed = 11;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const spans = new HighByteSpans();
    for (let round = 0; round < 40; round++) {
      const len = 1 + rnd(20_000);
      let t = '';
      for (let i = 0; i < len; i++) t += rnd(3000) === 0 ? String.fromCharCode(0x80 + rnd(128)) : 'a';
      const carried = rnd(3) === 0 ? 0 : rnd(600);
      const s = t.slice(0, carried) + t;
      spans.reset(carried, t);
      for (let q = 0; q < 300; q++) {
        const from = rnd(s.length);
        const to = from + rnd(Math.min(9000, s.length - from + 1));
        expect(spans.has(s, from, to), `round ${round} [${from}, ${to})`).toBe(/[\u0080-\uffff]/.test(s.slice(from, to)));
      }
    }
  });

  it('tells whether a text holds a byte >= 0x80', () => {
    expect(hasHighChar('abc\u00e9d')).toBe(true);
    expect(hasHighChar('\u0080')).toBe(true);
    expect(hasHighChar('\u00ff')).toBe(true);
    expect(hasHighChar('abc\u007f')).toBe(false);
    expect(hasHighChar('')).toBe(false);
  });
});

describe('the audit readers on non-ASCII records cut across reads', () => {
  // The minimal sample with non-ASCII text in a motive, a user agent and the details, on several records.
  const csv = readFileSync(join(MINIMAL_BAG, CSV), 'utf8');
  const jsonl = readFileSync(join(MINIMAL_BAG, JSONL), 'utf8');
  const spice = (s: string) => s.replaceAll('system', 'sÿstème—📞').replaceAll('Mozilla', 'Mözilla€');

  it('reads the same entries as from the text decoded whole (CSV)', async () => {
    const bytes = Buffer.from(spice(csv), 'utf8');
    const path = write(bytes);
    const expected = await collect(readAuditCsv(path, CSV));
    expect(expected.length).toBe(130);
    expect(JSON.stringify(expected)).toContain('sÿstème—📞');
    for (const hwm of [3, 17, 500]) {
      for (const rb of READS(hwm)) expect(await collect(readAuditCsv(path, CSV, { highWaterMark: hwm, readBytes: rb })), `chunk ${hwm}, read ${rb}`).toEqual(expected);
    }
  });

  it('reads the same entries as from the text decoded whole (JSON lines), the last line unterminated', async () => {
    const bytes = Buffer.from(spice(jsonl).trimEnd(), 'utf8');
    const path = write(bytes);
    const expected = await collect(readAuditJsonl(path, JSONL));
    expect(expected.filter((i) => 'entry' in i).length).toBe(130);
    expect(JSON.stringify(expected)).toContain('Mözilla€');
    for (const hwm of [3, 17, 500]) {
      for (const rb of READS(hwm)) expect(await collect(readAuditJsonl(path, JSONL, { highWaterMark: hwm, readBytes: rb })), `chunk ${hwm}, read ${rb}`).toEqual(expected);
    }
  });

  it('turns an invalid byte into U+FFFD in the field that holds it, and the record still reads', async () => {
    const lines = csv.split('\r\n');
    const rec = lines[3]!; // seq 3, actor "system"
    const at = rec.indexOf(',system,') + 4;
    const bad = Buffer.concat([
      Buffer.from(lines.slice(0, 3).join('\r\n') + '\r\n' + rec.slice(0, at)),
      Buffer.from([0xff]),
      Buffer.from(rec.slice(at) + '\r\n' + lines.slice(4).join('\r\n')),
    ]);
    const items = await collect(readAuditCsv(write(bad), CSV, { highWaterMark: 7 }));
    expect(items.length).toBe(130);
    const third = items[2] as { entry: { seq: number; actor: string } };
    expect(third.entry).toMatchObject({ seq: 3, actor: 'sys\ufffdtem' });
  });
});
