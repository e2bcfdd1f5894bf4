// Hand-made tampers on a private copy of the minimal sample. Each asserts the
// exact finding (code, file, line, seq) and that nothing else is reported:
// one root cause, one finding. Where a tamper needs a valid signature, the
// log is re-signed with a throwaway key that the test grants (or does not).
import { verify as nodeVerify } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditLog, type AuditInput, type AuditOutcome } from '../../shared/engine/audit/verify-audit-log.js';
import type { AuditEntry } from '../../shared/model/audit-entry.js';
import { signedMessage } from '../../shared/engine/crypto/ed25519.js';
import { identityRSignature } from '../support/ed25519-forgeries.js';
import { FINDING_CATALOG, type Finding } from '../../shared/model/findings.js';
import {
  cleanup,
  copyMinimal,
  CSV,
  csvLine,
  csvLineOfSeq,
  EXPORTED_AT,
  grant,
  grantsFromBag,
  hashOf,
  JSONL,
  newKey,
  readJsonl,
  relink,
  SAMPLES,
  seal,
  SEAL,
  writeLog,
  writeSeal,
  type TestKey,
} from './helpers.js';

let bag = '';
let dir = '';
beforeEach(() => ({ bag, dir } = copyMinimal()));
afterEach(() => cleanup(dir));

const sampleGrants = () => grantsFromBag(bag, join(SAMPLES, 'minimal', 'trust-roots.json'));

async function verify(over: Partial<AuditInput> = {}): Promise<AuditOutcome> {
  return verifyAuditLog({
    bagRoot: bag,
    csv: CSV,
    jsonl: JSONL,
    seal: SEAL,
    grants: sampleGrants(),
    installationId: 'NAT-EC94-0782',
    exportedAt: EXPORTED_AT,
    mode: 'full',
    ...over,
  });
}

/** Findings without the informational ones, reduced to what the tests pin down. */
function pinned(out: AuditOutcome): Partial<Finding>[] {
  return out.findings
    .filter((f) => f.severity !== 'info')
    .map((f) => ({ code: f.code, file: f.file, line: f.line, seq: f.seq, ...(f.count ? { count: f.count } : {}) }));
}

const csvPath = () => join(bag, CSV);
const jsonlPath = () => join(bag, JSONL);
const csvRows = () => readFileSync(csvPath(), 'utf8').split('\r\n'); // [header, seq1, ..., seq130, '']
const jsonlRows = () => readFileSync(jsonlPath(), 'utf8').split('\n'); // [seq1, ..., seq130, '']
const writeCsvRows = (rows: string[]) => writeFileSync(csvPath(), rows.join('\r\n'));
const writeJsonlRows = (rows: string[]) => writeFileSync(jsonlPath(), rows.join('\n'));
const status = (out: AuditOutcome, id: string) => out.checks.find((c) => c.id === id)?.status;

/** Checks whose count of findings is not what the catalog files under them, or that hold a finding above low and did not fail. */
function misfiled(out: AuditOutcome): string[] {
  return out.checks.flatMap((c) => {
    const mine = out.findings.filter((f) => FINDING_CATALOG[f.code].check === c.id);
    const wrong: string[] = [];
    if ((c.findings ?? 0) !== mine.length) wrong.push(`${c.id}: ${c.findings ?? 0} findings, the catalog files ${mine.length} under it`);
    if (c.status !== 'failed' && mine.some((f) => f.severity !== 'low' && f.severity !== 'info')) wrong.push(`${c.id} is ${c.status} with a finding above low`);
    return wrong;
  });
}

/** Re-signs the whole minimal log with `k` after `edit`, with a fresh seal: a valid log under k. */
function resign(k: TestKey, edit: (entries: AuditEntry[]) => void = () => {}): AuditEntry[] {
  const entries = readJsonl(jsonlPath());
  edit(entries);
  relink(entries, k);
  writeLog(bag, entries);
  writeSeal(bag, entries, k);
  return entries;
}

describe('tampers on the sample exports', () => {
  it('the untouched copy is clean', async () => {
    expect(pinned(await verify())).toEqual([]);
  });

  it('details cells not written as JCS text: one low notice with the count, and no hash finding (the canonical form holds)', async () => {
    const rows = csvRows();
    for (const i of [46, 60]) {
      const spaced = rows[i]!.replace(',"{""', ',"{ ""'); // JSON whitespace: the same object, not its JCS text
      expect(spaced).not.toBe(rows[i]);
      rows[i] = spaced;
    }
    writeCsvRows(rows);
    const out = await verify();
    expect(pinned(out)).toEqual([{ code: 'audit.malformed_entry', file: CSV, line: 47, seq: 46 }]);
    expect(out.findings[0]).toMatchObject({ severity: 'low', details: { count: 2 } });
    expect(out.findings[0]!.message).toMatch(/^2 entries have their details cell not written as JCS text \(spec §2\), the first here; their hashes were checked on the canonical form and hold\.$/);
    expect(status(out, 'audit.hashes')).toBe('passed');
    expect(status(out, 'audit.csv_jsonl')).toBe('passed');
  });

  it('an edited cell: hash_mismatch at that entry only (its stored hash still links)', async () => {
    const rows = csvRows();
    rows[60] = rows[60]!.replace(',admin.louis,', ',admin.ines,'); // seq 60
    writeCsvRows(rows);
    const j = jsonlRows();
    j[59] = j[59]!.replace('"actor":"admin.louis"', '"actor":"admin.ines"');
    writeJsonlRows(j);
    const out = await verify();
    expect(pinned(out)).toEqual([{ code: 'audit.hash_mismatch', file: CSV, line: 61, seq: 60 }]);
    expect(status(out, 'audit.hashes')).toBe('failed');
    expect(status(out, 'audit.chain')).toBe('passed');
    expect(status(out, 'audit.signatures')).toBe('passed');
    // The edited entry's signature is not checked (its hash failed): the summary says so instead of "all".
    expect(out.checks.find((c) => c.id === 'audit.signatures')!.summary).toMatch(
      /^The 129 entry signatures checked verify \(.*\)\. 1 entry was not signature-checked: its hash or signing key already failed/,
    );
  });

  it('an edited cell in the CSV only: hash_mismatch there and the CSV/JSON lines difference, named by field', async () => {
    const rows = csvRows();
    rows[60] = rows[60]!.replace(',admin.louis,', ',admin.ines,');
    writeCsvRows(rows);
    const out = await verify();
    expect(pinned(out)).toEqual([
      { code: 'audit.hash_mismatch', file: CSV, line: 61, seq: 60 },
      { code: 'audit.csv_jsonl_mismatch', file: JSONL, line: 60, seq: 60 },
    ]);
    expect(out.findings[1]!.details).toMatchObject({ fields: ['actor'], csv_line: 61 });
  });

  it('an edited seq cell: one hash_mismatch, no gap before or after it', async () => {
    const rows = csvRows();
    rows[70] = rows[70]!.replace(/^70,/, '700,');
    writeCsvRows(rows);
    const j = jsonlRows();
    j[69] = j[69]!.replace('"seq":70,', '"seq":700,');
    writeJsonlRows(j);
    expect(pinned(await verify())).toEqual([{ code: 'audit.hash_mismatch', file: CSV, line: 71, seq: 700 }]);
  });

  it('a deleted line: one seq_gap at the next entry, no chain_break and no seal finding', async () => {
    const rows = csvRows();
    rows.splice(69, 1); // seq 69
    writeCsvRows(rows);
    const j = jsonlRows();
    j.splice(68, 1);
    writeJsonlRows(j);
    const out = await verify();
    expect(pinned(out)).toEqual([{ code: 'audit.seq_gap', file: CSV, line: 70, seq: 70 }]);
    expect(out.findings[0]!.message).toMatch(/1 entry is missing here \(seq 69\)\. Its prev_hash is not the hash of seq 68, so the link across the gap is broken too/);
    expect(out.findings[0]!.details).toMatchObject({ link_across_gap: 'broken', also: ['audit.chain_break'] });
  });

  it('a seq renumbered past a gap, the chain intact and re-signed: the gap finding says the link across it holds', async () => {
    const t = newKey();
    resign(t, (entries) => {
      for (const e of entries) if (e.seq >= 70) e.seq += 1; // 69 is followed by 71, nothing removed
    });
    const out = await verify({ grants: [grant(t)] });
    expect(pinned(out)).toEqual([{ code: 'audit.seq_gap', file: CSV, line: 71, seq: 71 }]);
    expect(out.findings[0]!.message).toMatch(/Its prev_hash is the hash of seq 69, so the chain links across the gap: no entry was removed/);
    expect(out.findings[0]!.details).toMatchObject({ link_across_gap: 'holds' });
    expect(out.findings[0]!.details?.also).toBeUndefined();
  });

  it('two swapped lines: one seq_gap at the first, saying they are out of order, and no clock rollback', async () => {
    const rows = csvRows();
    [rows[79], rows[80]] = [rows[80]!, rows[79]!]; // seq 79 and 80
    writeCsvRows(rows);
    const j = jsonlRows();
    [j[78], j[79]] = [j[79]!, j[78]!];
    writeJsonlRows(j);
    const out = await verify();
    expect(pinned(out)).toEqual([{ code: 'audit.seq_gap', file: CSV, line: 80, seq: 80 }]);
    expect(out.findings[0]!.message).toMatch(/out of order/);
  });

  it('a duplicated line: one seq_gap at the copy', async () => {
    const rows = csvRows();
    rows.splice(51, 0, rows[50]!); // seq 50 twice
    writeCsvRows(rows);
    const j = jsonlRows();
    j.splice(50, 0, j[49]!);
    writeJsonlRows(j);
    const out = await verify();
    expect(pinned(out)).toEqual([{ code: 'audit.seq_gap', file: CSV, line: 52, seq: 50 }]);
    expect(out.findings[0]!.message).toMatch(/appears a second time/);
  });

  it('a line moved far down: one finding where the gap opens', async () => {
    const rows = csvRows();
    const [moved] = rows.splice(30, 1); // seq 30
    rows.splice(40, 0, moved!); // now after seq 40
    writeCsvRows(rows);
    const j = jsonlRows();
    const [mj] = j.splice(29, 1);
    j.splice(39, 0, mj!);
    writeJsonlRows(j);
    const out = await verify();
    expect(pinned(out)).toEqual([{ code: 'audit.seq_gap', file: CSV, line: 31, seq: 31 }]);
    expect(out.findings[0]!.details?.reappeared).toEqual([{ seq: 30, line: 41 }]);
  });

  it('a broken prev_hash with hash and sig recomputed under an unknown key: one chain_break there, nothing after', async () => {
    const t = newKey();
    const entries = readJsonl(jsonlPath());
    const e = entries[89]!; // seq 90
    e.prev_hash = entries[49]!.hash;
    seal(e, t);
    writeLog(bag, entries);
    const out = await verify();
    expect(pinned(out)).toEqual([{ code: 'audit.chain_break', file: CSV, line: 91, seq: 90 }]);
    expect(out.findings[0]!.details).toMatchObject({ also: ['audit.unknown_key'], expected: entries[88]!.hash });
    expect(status(out, 'audit.keys')).toBe('failed');
  });

  it('an entry inserted with a valid signature under an unknown key: one unknown_key at it, the real next entry is not blamed', async () => {
    const t = newKey();
    const entries = readJsonl(jsonlPath());
    const forged = seal({ ...entries[60]!, actor: 'mallory', prev_hash: entries[59]!.hash }, t); // claims seq 61
    entries.splice(60, 0, forged);
    writeLog(bag, entries);
    const out = await verify();
    expect(pinned(out)).toEqual([{ code: 'audit.unknown_key', file: CSV, line: 62, seq: 61 }]);
  });

  it('an edit with the hash recomputed but no key to sign: one signature_invalid, the next link is not blamed', async () => {
    const entries = readJsonl(jsonlPath());
    const e = entries[99]!; // seq 100
    e.motive = 'rewritten';
    e.hash = hashOf(e);
    writeLog(bag, entries);
    const out = await verify();
    expect(pinned(out)).toEqual([{ code: 'audit.signature_invalid', file: CSV, line: 101, seq: 100 }]);
    // The rewrite also broke the link from seq 101, which still commits to the original hash: named on the root finding.
    expect(out.findings[0]!.details).toMatchObject({ also: ['audit.chain_break'], next_seq: 101 });
    expect(out.findings[0]!.message).toMatch(/the next entry \(seq 101, line 102\) still commits to the original hash, so the link to it is broken too/);
    expect(status(out, 'audit.chain')).toBe('failed');
    expect(out.checks.find((c) => c.id === 'audit.chain')!.summary).toMatch(/1 broken link/);
  });

  it('a signature with a small-order R (the identity) that OpenSSL alone would accept: signature_invalid, whichever path checks it', async () => {
    const t = newKey();
    const entries = resign(t, (all) => {
      all[59]!.motive = 'rewritten'; // seq 60, re-signed below with a forged signature
    });
    const e = entries[59]!;
    const forged = identityRSignature(t.priv, t.key.raw, signedMessage('natalia.audit.v1', e.hash));
    expect(nodeVerify(null, signedMessage('natalia.audit.v1', e.hash), t.key.node, forged)).toBe(true);
    e.sig = Buffer.from(forged).toString('base64');
    writeLog(bag, entries);
    writeSeal(bag, entries, t);
    const out = await verify({ grants: [grant(t)] });
    expect(pinned(out)).toEqual([{ code: 'audit.signature_invalid', file: CSV, line: 61, seq: 60 }]);
    expect(out.findings[0]!.message).toMatch(/R of small order/);
  });

  it('a CSV whose header is wrong: one finding, and the chain is verified from the JSON lines copy', async () => {
    const rows = csvRows();
    rows[0] = rows[0]!.replace('tenant,actor', 'actor,tenant');
    writeCsvRows(rows);
    const out = await verify();
    expect(pinned(out)).toEqual([{ code: 'audit.malformed_entry', file: CSV, line: 1, seq: undefined }]);
    // The finding is the catalog's audit.malformed_entry, an audit.chain finding: the chain check fails and says
    // that it was verified from the JSON lines copy; the two copies were not compared.
    expect(status(out, 'audit.csv_jsonl')).toBe('not_provided');
    expect(status(out, 'audit.chain')).toBe('failed');
    expect(out.checks.find((c) => c.id === 'audit.chain')!.summary).toMatch(/cannot be read: its first line is not the audit header\. The chain was verified from data\/audit\/audit-log\.jsonl: 130 entries/);
    expect(misfiled(out)).toEqual([]);
    expect(out.stats.entries).toBe(130);
    // Without the JSON lines copy nothing can be checked, and nothing passes.
    const alone = await verify({ jsonl: undefined });
    expect(pinned(alone)).toEqual([{ code: 'audit.malformed_entry', file: CSV, line: 1, seq: undefined }]);
    expect(alone.checks.map((c) => c.status)).toEqual(['failed', ...Array(8).fill('not_provided')]);
  });

  it('a log with a header and no entry: every check that would compare entries is not provided, none passes', async () => {
    writeCsvRows([csvRows()[0]!, '']);
    writeJsonlRows(['']);
    const out = await verify({ seal: undefined });
    for (const id of ['audit.chain', 'audit.hashes', 'audit.signatures', 'audit.keys', 'audit.head', 'audit.timestamps', 'audit.policy']) {
      expect(status(out, id), id).toBe('not_provided');
    }
    expect(out.checks.find((c) => c.id === 'audit.chain')!.summary).toMatch(/holds no audit entry: there is nothing to check/);
  });

  it('no entry signed by an allowed key: signatures, timestamps and policy compared nothing and are not provided', async () => {
    const out = await verify({ grants: [] });
    expect(status(out, 'audit.keys')).toBe('failed');
    expect(status(out, 'audit.signatures')).toBe('not_provided');
    expect(status(out, 'audit.timestamps')).toBe('not_provided');
    expect(status(out, 'audit.policy')).toBe('not_provided');
    expect(out.checks.find((c) => c.id === 'audit.policy')!.summary).toMatch(/No entry is authentic/);
  });

  it('a CSV with bare LF line ends: one low deviation, the entries are read', async () => {
    writeFileSync(csvPath(), readFileSync(csvPath(), 'utf8').replace(/\r\n/g, '\n'));
    const out = await verify();
    expect(pinned(out)).toEqual([{ code: 'audit.malformed_entry', file: CSV, line: 1, seq: undefined, count: undefined }].map(({ count: _c, ...f }) => f));
    expect(out.findings[0]).toMatchObject({ severity: 'low', details: { count: 131 } });
    expect(out.stats.entries).toBe(130);
    // A low notice does not fail its check: it passed, with notices.
    const chain = out.checks.find((c) => c.id === 'audit.chain')!;
    expect(chain).toMatchObject({ status: 'passed', notices: 1 });
    expect(chain.summary).toMatch(/With 1 notice \(low: a deviation from the format that loses nothing; see the findings\)\.$/);
  });

  it('a CSV cut in the middle of its last record: the unreadable record and the lost tail', async () => {
    const text = readFileSync(csvPath(), 'utf8');
    const lastStart = text.lastIndexOf('\r\n', text.length - 3) + 2;
    writeFileSync(csvPath(), text.slice(0, text.indexOf('"{', lastStart) + 6)); // inside the details cell of seq 130
    const out = await verify({ jsonl: undefined });
    expect(pinned(out)).toEqual([
      { code: 'audit.tail_mismatch', file: CSV, line: 130, seq: 129 },
      { code: 'audit.malformed_entry', file: CSV, line: 131, seq: 130 },
    ]);
  });

  it('a bad signature: one signature_invalid', async () => {
    const entries = readJsonl(jsonlPath());
    const s = entries[99]!.sig; // seq 100
    entries[99]!.sig = (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    writeLog(bag, entries);
    const out = await verify();
    expect(pinned(out)).toEqual([{ code: 'audit.signature_invalid', file: CSV, line: 101, seq: 100 }]);
    expect(status(out, 'audit.signatures')).toBe('failed');
  });

  it('every entry signed by an unknown key: one unknown_key finding with the count', async () => {
    const t = newKey();
    const entries = readJsonl(jsonlPath());
    for (const e of entries) seal(e, t);
    writeLog(bag, entries);
    const out = await verify();
    expect(pinned(out)).toEqual([{ code: 'audit.unknown_key', file: CSV, line: 2, seq: 1, count: 130 }]);
    expect(out.findings[0]!.message).toMatch(/The same holds for the 129 entries that follow \(up to seq 130\)/);
  });

  it('scattered bad signatures: 50 listed, the rest counted in one summary', async () => {
    const entries = readJsonl(jsonlPath());
    for (let i = 1; i < 120; i += 2) entries[i]!.sig = 'A' + entries[i]!.sig.slice(1) === entries[i]!.sig ? 'B' + entries[i]!.sig.slice(1) : 'A' + entries[i]!.sig.slice(1);
    writeLog(bag, entries);
    const out = await verify();
    expect(out.findings.filter((f) => f.code === 'audit.signature_invalid').length).toBe(50);
    expect(out.findings.find((f) => f.code === 'audit.not_covered')).toMatchObject({ count: 10, severity: 'info', details: { code: 'audit.signature_invalid' } });
  });

  it('dropping the last entry: one tail_mismatch at the new last entry', async () => {
    const rows = csvRows();
    rows.splice(130, 1);
    writeCsvRows(rows);
    const j = jsonlRows();
    j.splice(129, 1);
    writeJsonlRows(j);
    const out = await verify();
    expect(pinned(out)).toEqual([{ code: 'audit.tail_mismatch', file: CSV, line: 130, seq: 129 }]);
    expect(out.findings[0]!.message).toMatch(/the log ends at seq 129, the seal at seq 130/);
    expect(status(out, 'audit.seal')).toBe('failed');
  });

  it('dropping the first entries: one head_missing, the seal difference folded into it', async () => {
    const rows = csvRows();
    rows.splice(1, 3);
    writeCsvRows(rows);
    const j = jsonlRows();
    j.splice(0, 3);
    writeJsonlRows(j);
    const out = await verify();
    expect(pinned(out)).toEqual([{ code: 'audit.head_missing', file: CSV, line: 2, seq: 4 }]);
    expect(out.findings[0]!.message).toMatch(/3 entries were removed from the head/);
    expect(status(out, 'audit.head')).toBe('failed');
  });

  it('a head vouched for by an audit retention.purge in the export is complete', async () => {
    const a = newKey();
    const all = readJsonl(jsonlPath());
    relink(all, a);
    const purged = all.slice(0, 3);
    const kept = all.slice(3);
    const purge = kept[kept.length - 5]!;
    Object.assign(purge, {
      actor: 'system',
      role: 'system',
      action: 'retention.purge',
      target: '',
      tenant: '',
      details: { kind: 'audit', older_than: '2026-02-16T00:10:00.000Z', purged_count: 3, purged_through_seq: 3, purged_through_hash: purged[2]!.hash },
    });
    relink(kept, a, kept.length - 5);
    writeLog(bag, kept);
    writeSeal(bag, kept, a);
    const out = await verify({ grants: [grant(a)] });
    expect(pinned(out)).toEqual([]);
    expect(out.checks.find((c) => c.id === 'audit.head')?.summary).toMatch(`vouched for by the retention.purge entry at seq ${purge.seq}`);
    // A purge that names another hash vouches for nothing.
    purge.details.purged_through_hash = purged[1]!.hash;
    relink(kept, a, kept.length - 5);
    writeLog(bag, kept);
    writeSeal(bag, kept, a);
    expect(pinned(await verify({ grants: [grant(a)] }))).toEqual([{ code: 'audit.head_missing', file: CSV, line: 2, seq: 4 }]);
  });

  it('a valid seal of another installation or export time: one tail_mismatch on seal.json', async () => {
    const a = newKey();
    const entries = resign(a);
    writeSeal(bag, entries, a, 'NAT-OTHER-0000', '2026-03-02T09:15:00.000Z');
    const out = await verify({ grants: [grant(a)] });
    expect(pinned(out)).toEqual([{ code: 'audit.tail_mismatch', file: SEAL, line: undefined, seq: undefined }]);
    expect(out.findings[0]!.message).toMatch(/names installation NAT-OTHER-0000.*exported at 2026-03-02T09:14:07.512Z/);
  });

  it('a seal signed by a key not in force at export: one tail_mismatch on seal.json', async () => {
    const a = newKey();
    const entries = readJsonl(jsonlPath());
    writeSeal(bag, entries, a);
    const out = await verify();
    expect(pinned(out)).toEqual([{ code: 'audit.tail_mismatch', file: SEAL, line: undefined, seq: undefined }]);
    expect(out.findings[0]!.message).toMatch(/not the audit key in force at export/);
  });

  it('a seal edited after export: one tail_mismatch on seal.json', async () => {
    const s = JSON.parse(readFileSync(join(bag, SEAL), 'utf8'));
    s.last_seq = 131;
    writeFileSync(join(bag, SEAL), JSON.stringify(s));
    const out = await verify();
    expect(pinned(out)).toEqual([{ code: 'audit.tail_mismatch', file: SEAL, line: undefined, seq: undefined }]);
    expect(out.findings[0]!.message).toMatch(/does not verify/);
  });

  it('no seal in the bundle: the seal check is not provided (spec §1), and says what that leaves open', async () => {
    rmSync(join(bag, SEAL));
    const out = await verify({ seal: undefined });
    expect(pinned(out)).toEqual([]);
    expect(status(out, 'audit.seal')).toBe('not_provided');
    expect(out.checks.find((c) => c.id === 'audit.seal')!.summary).toMatch(/no seal\.json.*end of the log is not bound/);
  });

  it('a CSV/JSON lines difference is located in the JSON lines file, with the fields named', async () => {
    const j = jsonlRows();
    const e = JSON.parse(j[45]!); // seq 46
    e.motive = 'changed';
    e.details = { ...e.details, last4: '0000' };
    j[45] = JSON.stringify(e);
    writeJsonlRows(j);
    const out = await verify();
    expect(pinned(out)).toEqual([{ code: 'audit.csv_jsonl_mismatch', file: JSONL, line: 46, seq: 46 }]);
    expect(out.findings[0]!.details).toMatchObject({ fields: ['motive', 'details'], csv_line: 47 });
    expect(status(out, 'audit.csv_jsonl')).toBe('failed');
  });

  it('JSON lines missing its last three entries: one finding at the first missing entry', async () => {
    const j = jsonlRows();
    j.splice(127, 3);
    writeJsonlRows(j);
    const out = await verify();
    expect(pinned(out)).toEqual([{ code: 'audit.csv_jsonl_mismatch', file: CSV, line: 129, seq: 128, count: 3 }]);
  });

  it('JSON lines details in another member order is the same entry (compared by JCS)', async () => {
    // The sample already writes details unsorted; sorting them changes the text, not the entry.
    const j = jsonlRows().map((l) => (l ? JSON.stringify({ ...JSON.parse(l), details: JSON.parse(JSON.stringify(JSON.parse(l).details, Object.keys(JSON.parse(l).details).sort())) }) : l));
    writeJsonlRows(j);
    expect(pinned(await verify())).toEqual([]);
  });

  it('a malformed CSV row: one malformed_entry at its line, and the chain reads on', async () => {
    const rows = csvRows();
    rows[77] = rows[77]!.replace(',auth.', ',"auth.'); // seq 77: an opening quote that closes nowhere sensible
    writeCsvRows(rows);
    const out = await verify();
    expect(pinned(out)).toEqual([{ code: 'audit.malformed_entry', file: CSV, line: 78, seq: 77 }]);
    expect(status(out, 'audit.chain')).toBe('failed');
  });

  it('a CSV row with a cell too few: one malformed_entry', async () => {
    const rows = csvRows();
    rows[10] = rows[10]!.slice(0, rows[10]!.lastIndexOf(',')); // seq 10
    writeCsvRows(rows);
    expect(pinned(await verify())).toEqual([{ code: 'audit.malformed_entry', file: CSV, line: 11, seq: 10 }]);
  });
});

describe('tampers that need a valid signature (log re-signed with a throwaway key)', () => {
  it('the re-signed log is clean under its key', async () => {
    const a = newKey();
    resign(a);
    expect(pinned(await verify({ grants: [grant(a)] }))).toEqual([]);
  });

  it('a key retired by key.rotate signing a later entry: one unknown_key there', async () => {
    const a = newKey();
    const b = newKey();
    const entries = readJsonl(jsonlPath());
    Object.assign(entries[49]!, {
      actor: 'system',
      role: 'system',
      action: 'key.rotate',
      target: `key:${b.key.kid}`,
      tenant: '',
      source_ip: '',
      user_agent: '',
      request_id: '',
      details: { new_kid: b.key.kid, new_public_key: b.publicB64, reason: 'scheduled' },
    }); // seq 50
    for (let i = 0; i < entries.length; i++) {
      if (i > 0) entries[i]!.prev_hash = entries[i - 1]!.hash;
      seal(entries[i]!, i <= 49 || i === 59 ? a : b); // seq 60 signed by the retired key
    }
    writeLog(bag, entries);
    writeSeal(bag, entries, b);
    const out = await verify({ grants: [grant(a)] });
    expect(pinned(out)).toEqual([{ code: 'audit.unknown_key', file: CSV, line: 61, seq: 60 }]);
    expect(out.findings[0]!.message).toMatch(`retired by the key.rotate at seq 50`);
    expect(out.keySchedule.summary()).toEqual([
      { kid: a.key.kid, public_key: a.publicB64, source: 'LIC-TEST', not_before: '2000-01-01T00:00:00.000Z', retired_at_seq: 50 },
      { kid: b.key.kid, public_key: b.publicB64, source: 'key.rotate seq 50', not_before: entries[49]!.ts },
    ]);

    // The same rotate with a bad signature introduces nothing: its new key's entries are not allowed.
    entries[59] = seal(entries[59]!, b);
    entries[60]!.prev_hash = entries[59]!.hash;
    relink(entries, b, 60);
    entries[49]!.sig = (entries[49]!.sig[0] === 'A' ? 'B' : 'A') + entries[49]!.sig.slice(1);
    writeLog(bag, entries);
    writeSeal(bag, entries, b);
    const out2 = await verify({ grants: [grant(a)] });
    expect(pinned(out2)).toEqual([
      { code: 'audit.signature_invalid', file: CSV, line: 51, seq: 50 },
      { code: 'audit.unknown_key', file: CSV, line: 52, seq: 51, count: 80 },
      { code: 'audit.tail_mismatch', file: SEAL, line: undefined, seq: undefined },
    ]);
    expect(out2.findings[1]!.message).toMatch(/announced by the key.rotate at seq 50, which was not accepted \(its signature does not verify\)/);
  });

  it('time going back with no clock.anomaly after it: clock_rollback there', async () => {
    const a = newKey();
    resign(a, (es) => {
      es[39]!.ts = '2026-02-16T00:00:30.000Z'; // seq 40, before seq 39
    });
    const out = await verify({ grants: [grant(a)] });
    expect(pinned(out)).toEqual([{ code: 'audit.clock_rollback', file: CSV, line: 41, seq: 40 }]);
    expect(status(out, 'audit.timestamps')).toBe('failed');
  });

  it('time going back right before a clock.anomaly entry is the recorded clock step, not a finding', async () => {
    const a = newKey();
    resign(a, (es) => {
      es[39]!.ts = '2026-02-16T00:00:30.000Z';
      const anomaly: AuditEntry = {
        ...es[40]!,
        ts: es[38]!.ts,
        tenant: '',
        actor: 'system',
        role: 'system',
        action: 'clock.anomaly',
        target: '',
        motive: '',
        source_ip: '',
        user_agent: '',
        request_id: '',
        details: { observed: '2026-02-16T00:00:30.000Z', high_water: es[38]!.ts, delta_ms: 1000 },
      };
      es.splice(40, 0, anomaly);
      es.forEach((e, i) => (e.seq = i + 1));
    });
    expect(pinned(await verify({ grants: [grant(a)] }))).toEqual([]);
  });

  it('a timestamp after the export: future_timestamp', async () => {
    const a = newKey();
    resign(a, (es) => {
      es[129]!.ts = '2026-03-02T09:14:08.000Z';
    });
    expect(pinned(await verify({ grants: [grant(a)] }))).toEqual([{ code: 'audit.future_timestamp', file: CSV, line: 131, seq: 130 }]);
  });

  it('a ts not in the one allowed form: a located malformed_entry, under the check the catalog files it in', async () => {
    const a = newKey();
    resign(a, (es) => {
      es[9]!.ts = '2026-02-16T00:09:00Z';
    });
    const out = await verify({ grants: [grant(a)] });
    expect(pinned(out)).toEqual([{ code: 'audit.malformed_entry', file: CSV, line: 11, seq: 10 }]);
    // audit.malformed_entry is an audit.chain finding (shared/model/findings.ts): that check fails and counts it.
    expect(out.checks.find((c) => c.id === 'audit.chain')).toMatchObject({ status: 'failed', findings: 1 });
    expect(out.checks.find((c) => c.id === 'audit.chain')!.summary).toMatch(/1 entry has a ts that cannot be read/);
    const ts = out.checks.find((c) => c.id === 'audit.timestamps')!;
    expect(ts).toMatchObject({ status: 'passed', findings: 0 });
    expect(ts.summary).toMatch(/^Every ts that can be read never goes back.*1 entry has a ts that is not RFC 3339 UTC with milliseconds \(audit\.malformed_entry, under audit\.chain\), so no time rule was applied to it\.$/);
  });

  it('every finding is counted under the check the catalog names, and a check with a finding above low failed', async () => {
    // One bundle with three malformed entries of different kinds: a ts, a CSV row and a JSON line.
    const a = newKey();
    resign(a, (es) => {
      es[9]!.ts = '2026-02-16T00:09:00Z';
    });
    const rows = csvRows();
    rows[40] = rows[40]!.slice(0, rows[40]!.lastIndexOf(',')); // seq 40: a cell too few
    writeCsvRows(rows);
    const j = jsonlRows();
    j[69] = j[69]!.slice(0, 30); // seq 70: a JSON line cut short
    writeJsonlRows(j);
    const out = await verify({ grants: [grant(a)] });
    expect(pinned(out).map((f) => `${f.code} ${f.file}:${f.line}`)).toEqual([
      `audit.malformed_entry ${CSV}:11`,
      `audit.malformed_entry ${CSV}:41`,
      `audit.malformed_entry ${JSONL}:70`,
    ]);
    expect(misfiled(out)).toEqual([]);
    expect(status(out, 'audit.chain')).toBe('failed');
    expect(status(out, 'audit.csv_jsonl')).toBe('failed');
    // No copy was found to differ: the summary says what was not compared, never "0 findings".
    const summary = out.checks.find((c) => c.id === 'audit.csv_jsonl')!.summary;
    expect(summary).toMatch(/^The CSV and JSON lines exports are not known to agree: 1 record of data\/audit\/audit-log\.jsonl cannot be read \(audit\.malformed_entry, under audit\.chain\), so it was not compared\. The \d+ entries compared are the same\.$/);
    expect(summary).not.toMatch(/0 findings/);
  });

  it('a phone reveal by a Viewer: policy.reveal_by_non_admin', async () => {
    const a = newKey();
    resign(a, (es) => {
      es[45]!.role = 'Viewer'; // seq 46
    });
    const out = await verify({ grants: [grant(a)] });
    expect(pinned(out)).toEqual([{ code: 'policy.reveal_by_non_admin', file: CSV, line: 47, seq: 46 }]);
    expect(out.findings[0]!.message).toMatch(/: \S+ revealed a phone number \(cdr:\d+\) with the role "Viewer"; only Admins may\.$/);
    expect(status(out, 'audit.policy')).toBe('failed');
  });

  it('refused reveals (a Viewer denied, an Admin failing with no motive) break no rule: info only (clarification 2026-12-07)', async () => {
    const a = newKey();
    resign(a, (es) => {
      Object.assign(es[45]!, { role: 'Viewer', outcome: 'denied', details: {} }); // seq 46
      Object.assign(es[55]!, { outcome: 'failure', motive: '', details: {} }); // seq 56, by an Admin
    });
    const out = await verify({ grants: [grant(a)] });
    expect(pinned(out)).toEqual([]);
    expect(status(out, 'audit.policy')).toBe('passed');
    const refused = out.findings.filter((f) => f.code === 'audit.refused_reveal');
    expect(refused.map((f) => [f.seq, f.line, f.severity])).toEqual([
      [46, 47, 'info'],
      [56, 57, 'info'],
    ]);
    expect(refused[0]!.message).toMatch(/^Entry seq 46: \S+ \(role "Viewer"\) tried to reveal a phone number \(cdr:\d+\) and was refused \(outcome "denied"\)/);
  });

  it('a reveal and an erasure with blank motives: policy.missing_motive for each', async () => {
    const a = newKey();
    resign(a, (es) => {
      es[45]!.motive = '';
      es[128]!.motive = ' \t\u00a0'; // seq 129 erasure.execute: whitespace only
    });
    expect(pinned(await verify({ grants: [grant(a)] }))).toEqual([
      { code: 'policy.missing_motive', file: CSV, line: 47, seq: 46 },
      { code: 'policy.missing_motive', file: CSV, line: 130, seq: 129 },
    ]);
  });

  it('user activity after a license lockout: one finding for the period, ended by a license install', async () => {
    const a = newKey();
    const entries = resign(a, (es) => {
      Object.assign(es[99]!, {
        actor: 'system',
        role: 'system',
        action: 'license.lockout',
        target: 'license:LIC-2026-0063',
        tenant: '',
        source_ip: '',
        user_agent: '',
        request_id: '',
        details: { expires_at: '2026-02-20T00:00:00.000Z' },
      }); // seq 100
      Object.assign(es[126]!, {
        actor: 'integrator.nat',
        role: 'Integrator',
        action: 'license.install',
        target: 'license:LIC-2026-0099',
        details: { license_id: 'LIC-2026-0099', expires_at: '2027-01-01T00:00:00.000Z', vendor_kid: '3de8b7b93e664e21' },
      }); // seq 127
    });
    const allowed = (e: AuditEntry) => e.action.startsWith('auth.') || e.action.startsWith('license.') || e.actor === 'system';
    const violating = entries.slice(100, 126).filter((e) => !allowed(e));
    expect(violating.length).toBeGreaterThan(2);
    const out = await verify({ grants: [grant(a)] });
    expect(pinned(out)).toEqual([
      { code: 'policy.activity_after_lockout', file: CSV, line: violating[0]!.seq + 1, seq: violating[0]!.seq, count: violating.length },
    ]);
    expect(out.findings[0]!.details).toMatchObject({ last_seq: violating[violating.length - 1]!.seq });
  });

  it('a multi-line CSV cell keeps later line numbers physical', async () => {
    const a = newKey();
    resign(a, (es) => {
      es[45]!.motive = 'line one\nline two\r\nline three, with "quotes"'; // seq 46 spans 3 physical lines
    });
    const lines = new Map<number, number>();
    const clean = await verify({ grants: [grant(a)], onEntry: (e, loc) => lines.set(e.seq, loc.line) });
    expect(pinned(clean)).toEqual([]);
    expect(lines.get(46)).toBe(47);
    expect(lines.get(47)).toBe(50);
    expect(lines.get(130)).toBe(133);
    expect(csvLineOfSeq(csvPath()).get(60)).toBe(63);
    // An edit after the multi-line record is located at its physical line.
    const rows = readFileSync(csvPath(), 'utf8').split('\r\n');
    const idx = rows.findIndex((r) => r.startsWith('60,'));
    rows[idx] = rows[idx]!.replace(/,(admin\.\w+|viewer\.\w+),/, ',mallory,');
    writeFileSync(csvPath(), rows.join('\r\n'));
    const j = jsonlRows();
    j[59] = JSON.stringify({ ...JSON.parse(j[59]!), actor: 'mallory' });
    writeJsonlRows(j);
    expect(pinned(await verify({ grants: [grant(a)] }))).toEqual([{ code: 'audit.hash_mismatch', file: CSV, line: 63, seq: 60 }]);
  });

  it('an unknown action is one informational finding per action name', async () => {
    const a = newKey();
    resign(a, (es) => {
      es[20]!.action = 'report.schedule';
      es[30]!.action = 'report.schedule';
    });
    const out = await verify({ grants: [grant(a)] });
    expect(pinned(out)).toEqual([]);
    expect(out.findings).toEqual([
      expect.objectContaining({ code: 'audit.unknown_action', severity: 'info', seq: 21, line: 22, count: 2 }),
    ]);
  });
});

describe('modes, missing input and abort', () => {
  it('fast mode sees a deleted line but does not check hashes', async () => {
    const rows = csvRows();
    rows[60] = rows[60]!.replace(',admin.louis,', ',admin.ines,');
    rows.splice(69, 1);
    writeCsvRows(rows);
    const out = await verify({ mode: 'fast' });
    expect(pinned(out)).toEqual([{ code: 'audit.seq_gap', file: CSV, line: 70, seq: 70 }]);
    expect(out.checks.map((c) => c.id)).not.toContain('audit.hashes');
  });

  it('reports progress in bytes of the primary file', async () => {
    const seen: { bytesRead: number; bytesTotal: number; entries: number }[] = [];
    await verify({ onProgress: (p) => seen.push(p) });
    const last = seen[seen.length - 1]!;
    expect(last.bytesRead).toBe(last.bytesTotal);
    expect(last.bytesTotal).toBe(readFileSync(csvPath()).length);
    expect(last.entries).toBe(130);
  });

  it('a malformed line in the JSON lines export read alone: located, and the chain reads on', async () => {
    const j = jsonlRows();
    j[20] = j[20]!.replace('"seq":21,', '"seq":"21",');
    writeJsonlRows(j);
    const out = await verify({ csv: undefined });
    expect(pinned(out)).toEqual([{ code: 'audit.malformed_entry', file: JSONL, line: 21, seq: undefined }]);
  });

  it('no log at all: every check not provided, no finding', async () => {
    const out = await verify({ csv: undefined, jsonl: undefined, seal: undefined });
    expect(out.findings).toEqual([]);
    expect(out.checks.every((c) => c.status === 'not_provided')).toBe(true);
    expect(out.checks.length).toBe(9);
  });

  it('an abort stops the verification with an AbortError, also with worker threads running', async () => {
    const before = new AbortController();
    before.abort();
    await expect(verify({ signal: before.signal })).rejects.toMatchObject({ name: 'AbortError' });
    const during = new AbortController();
    await expect(
      verify({ signal: during.signal, signatureThreads: 2, onEntry: (e) => e.seq === 20 && during.abort() }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('a hash recomputed for the sample entry matches the stored one (helper sanity)', () => {
    const e = readJsonl(jsonlPath())[0]!;
    expect(hashOf(e)).toBe(e.hash);
    expect(csvLine(e)).toBe(csvRows()[1]);
  });
});
