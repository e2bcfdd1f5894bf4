// The tag file parsers on their own: RFC 8493 details the samples do not exercise.
import { describe, expect, it } from 'vitest';
import { bagitTxtProblems, parseBagInfo, parseManifest, physicalLines } from '../../shared/engine/bundle/tag-files.js';

const INFO = [
  'Source-Organization: Acme',
  '  Contact SAS',
  'Bagging-Date: 2026-03-02',
  'Payload-Oxum: 10.2',
  'External-Identifier: NAT-7Q2K-94XD',
  'Natalia-Export-Format: 1',
  'Natalia-Installation-Id: NAT-7Q2K-94XD',
  'Natalia-Appliance-Version: 4.12.3',
  'Natalia-Exported-At: 2026-03-02T09:14:07.512Z',
  'Natalia-Exported-By: admin.lea',
  'Natalia-Contract-Mode: strict',
  'Natalia-Exported-By: someone.else',
].join('\r\n');

describe('bag-info.txt', () => {
  it('unfolds continuation lines and keeps the first value of a repeated label', () => {
    const info = parseBagInfo(INFO);
    expect(info.problems).toEqual([]);
    expect(info.labels['Source-Organization']).toBe('Acme Contact SAS');
    expect(info.labels['Natalia-Exported-By']).toBe('admin.lea');
    expect(info.lineOf['Bagging-Date']).toBe(3);
  });

  it('locates malformed lines and values, and names missing labels', () => {
    const text = INFO.replace('strict', 'lenient')
      .replace('NAT-7Q2K-94XD\r\nNatalia-Export', 'NAT-OTHER\r\nNatalia-Export')
      .replace('Natalia-Appliance-Version: 4.12.3', 'no colon here')
      .replace('.512Z', 'Z');
    const info = parseBagInfo(text);
    const byLine = info.problems.map((p) => `${p.line} ${p.message}`).sort();
    expect(byLine).toEqual([
      '0 bag-info.txt lacks the required label Natalia-Appliance-Version',
      '11 Natalia-Contract-Mode must be strict, standard or managed, not "lenient"',
      '5 External-Identifier "NAT-OTHER" differs from Natalia-Installation-Id "NAT-7Q2K-94XD"',
      '8 bag-info.txt line 8 is not "Label: value"',
      '9 Natalia-Exported-At must be an RFC 3339 UTC time with milliseconds, e.g. 2026-03-02T09:14:07.512Z, not "2026-03-02T09:14:07Z"',
    ]);
  });

  it('refuses a Bagging-Date that is not a real calendar date, and accepts 29 February of a leap year', () => {
    for (const bad of ['2026-02-30', '2026-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-03-00', '2026-3-02', '2026-03-02T00:00:00.000Z']) {
      const info = parseBagInfo(INFO.replace('2026-03-02\r\n', `${bad}\r\n`));
      expect(info.problems, bad).toEqual([{ line: 3, message: `Bagging-Date must be a real calendar date YYYY-MM-DD, not "${bad}"` }]);
    }
    for (const good of ['2024-02-29', '2026-12-31', '2026-01-01']) {
      expect(parseBagInfo(INFO.replace('2026-03-02\r\n', `${good}\r\n`)).problems, good).toEqual([]);
    }
  });

  it('does not let a label named __proto__ touch the object prototype', () => {
    const info = parseBagInfo('__proto__: x\n');
    expect(info.labels['__proto__']).toBe('x');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('bagit.txt', () => {
  it('accepts exactly the two lines, with LF, CRLF or no final line ending', () => {
    for (const t of [
      'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n',
      'BagIt-Version: 1.0\r\nTag-File-Character-Encoding: UTF-8\r\n',
      'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8',
    ]) {
      expect(bagitTxtProblems(t)).toEqual([]);
    }
  });

  it('refuses a BOM, another encoding, a missing or an extra line', () => {
    expect(bagitTxtProblems('\ufeffBagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n')[0]!.message).toMatch(/byte order mark/);
    expect(bagitTxtProblems('BagIt-Version: 1.0\nTag-File-Character-Encoding: ISO-8859-1\n')).toMatchObject([{ line: 2 }]);
    expect(bagitTxtProblems('BagIt-Version: 1.0\n')[0]!.message).toMatch(/missing/);
    expect(bagitTxtProblems('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\nX: y\n')).toMatchObject([{ line: 3 }]);
  });
});

describe('manifests', () => {
  const h = 'a'.repeat(64);

  it('decodes %25, %0A and %0D in paths, and only those', () => {
    const { entries, problems } = parseManifest(`${h}  data/100%25 sure%0Aok%0d\n${h}\tdata/a%20b\n`, 'manifest-sha256.txt', 'payload');
    expect(problems).toEqual([]);
    expect(entries.map((e) => e.path)).toEqual(['data/100% sure\nok\r', 'data/a%20b']);
  });

  it('keeps payload paths under data/ and tag paths outside it, and refuses duplicates', () => {
    const text = `${h}  data/x\n${h}  data/x\n${h}  bagit.txt\n${h}  /data/abs\n${h}  data/./x\n${h}  data/\n`;
    const { entries, problems } = parseManifest(text, 'm', 'payload');
    expect(entries.map((e) => e.line)).toEqual([1]);
    expect(problems.map((p) => p.line)).toEqual([2, 3, 4, 5, 6]);
    expect(parseManifest(`${h}  data/x\n${h}  bag-info.txt\n`, 't', 'tag').problems).toMatchObject([{ line: 1 }]);
  });

  it('counts physical lines the way an editor does', () => {
    expect(physicalLines('a\r\nb\rc\nd\n')).toEqual(['a', 'b', 'c', 'd']);
    expect(physicalLines('a\n\nb')).toEqual(['a', '', 'b']);
  });
});
