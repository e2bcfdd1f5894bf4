// Memory stays flat whatever the dump size: a million-row COPY block reads
// with a bounded RSS growth (the dump itself is ~100 MB on disk).
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDumpBatches } from '../../shared/engine/dump/read-dump.js';

const ROWS = 1_000_000;
const dir = mkdtempSync(join(tmpdir(), 'natalia-dump-big-'));
const path = join(dir, 'natalia.sql');

async function writeDump(): Promise<void> {
  const out = createWriteStream(path);
  out.write('SET standard_conforming_strings = on;\n\nCOPY public.cdr (id, tenant_id, extension_id, started_at, duration_s, direction, caller_pseudonym, caller_last4, callee_pseudonym, callee_last4, disposition, queue) FROM stdin;\n');
  let buf = '';
  for (let i = 0; i < ROWS; i++) {
    buf += `${1_000_000 + i}\tacme\t${100 + (i % 50)}\t2026-02-16 10:15:16.${String(i % 1000).padStart(3, '0')}+01\t${i % 3600}\tin\tc17af7ac\t1234\t5be32\t5678\tanswered\t${i % 3 ? '\\N' : 'support\\tq'}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf + '\\.\n\n-- done\n');
  await once(out, 'finish');
}

describe('memory', () => {
  beforeAll(writeDump);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`reads ${ROWS.toLocaleString('en')} COPY rows with RSS growth under 100 MB`, async () => {
    const before = process.memoryUsage().rss;
    let peak = before;
    let rows = 0;
    let lastLine = 0;
    let errors = 0;
    for await (const batch of readDumpBatches(path, 'data/db/natalia.sql', {
      onProgress: () => {
        peak = Math.max(peak, process.memoryUsage().rss);
      },
    })) {
      for (const item of batch) {
        if (item.kind === 'row') {
          rows++;
          lastLine = item.line;
        } else errors++;
      }
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    expect(errors).toBe(0);
    expect(rows).toBe(ROWS);
    expect(lastLine).toBe(ROWS + 3);
    const growthMb = (peak - before) / 1e6;
    expect(growthMb).toBeLessThan(100);
  });
});
