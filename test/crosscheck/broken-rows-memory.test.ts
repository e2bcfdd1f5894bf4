// A register or a dump of a million broken rows gives the first ones located
// and one summary with the count, capped as the rows are read: the findings
// are not all made first and capped at the end, which held them all in memory
// (3,000,000 such rows in either ran the workstation out of memory).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { heldMemory } from '../support/held-memory.js';
import { copyMinimal, MINIMAL_TRUST, scratch } from './pipeline.js';

const tmp = scratch('natalia-unreadable-register-');
afterAll(() => tmp.cleanup());

it('holds a bounded amount of memory for a register of 1,000,000 unreadable rows', () => {
  const bag = copyMinimal(tmp.dir);
  const register = join(bag, 'data/reveal/reveal-log.csv');
  const header = readFileSync(register, 'utf8').split('\r\n')[0]!;
  writeFileSync(register, `${header}\r\n` + 'not,a,row\r\n'.repeat(1_000_000));
  const r = heldMemory(['bundle', bag, MINIMAL_TRUST]);
  const malformed = r.findings.filter((f) => f.code === 'reveal.malformed_row');
  expect(malformed).toHaveLength(201);
  expect(malformed[200]).toMatchObject({ count: 999_800 });
  expect(r.heldMb).toBeLessThan(60);
});

it('holds a bounded amount of memory for a dump with 1,000,000 broken CDR rows', () => {
  const bag = copyMinimal(join(tmp.dir, 'dump'));
  const dump = join(bag, 'data/db/natalia.sql');
  const lines = readFileSync(dump, 'utf8').split('\n');
  const at = lines.findIndex((l) => l.startsWith('COPY public.cdr '));
  writeFileSync(dump, `${lines.slice(0, at + 1).join('\n')}\n${'x\tnot\ta\trow\n'.repeat(1_000_000)}${lines.slice(at + 1).join('\n')}`);
  const r = heldMemory(['bundle', bag, MINIMAL_TRUST]);
  const broken = r.findings.filter((f) => f.code === 'dump.parse_error');
  expect(broken).toHaveLength(201);
  expect(broken[200]).toMatchObject({ count: 999_800 });
  expect(r.heldMb).toBeLessThan(100);
});
