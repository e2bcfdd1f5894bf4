// Parsers for the BagIt tag files (RFC 8493 as spec §1 profiles it). Pure:
// text in, values and located problems out.
import { echoed } from '../../model/echo.js';
import { isIsoDate, isRfc3339Ms } from '../time/rfc3339.js';

/** Longest bag-info value kept as it is (an installation id is 14 characters); a longer one is a problem and kept cut. */
export const MAX_BAG_INFO_VALUE_CHARS = 1024;

export interface LineProblem {
  line: number;
  message: string;
}

/** Physical lines (RFC 8493 allows LF, CR or CRLF endings); a final line ending adds no line. */
export function physicalLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines;
}

const BAGIT_LINES = ['BagIt-Version: 1.0', 'Tag-File-Character-Encoding: UTF-8'];

export function bagitTxtProblems(text: string): LineProblem[] {
  if (text.startsWith('\ufeff')) return [{ line: 1, message: 'bagit.txt starts with a byte order mark, which RFC 8493 forbids' }];
  const lines = physicalLines(text);
  const problems: LineProblem[] = [];
  BAGIT_LINES.forEach((want, i) => {
    if (lines[i] !== want) {
      problems.push({
        line: Math.min(i + 1, Math.max(lines.length, 1)),
        message: `bagit.txt line ${i + 1} must be "${want}"${lines[i] === undefined ? ' but is missing' : `, not "${echoed(lines[i])}"`}`,
      });
    }
  });
  if (lines.length > 2) problems.push({ line: 3, message: 'bagit.txt must hold exactly two lines' });
  return problems;
}

export interface BagInfo {
  /** First value of each label. */
  labels: Record<string, string>;
  /** Line where each label first appears. */
  lineOf: Record<string, number>;
  problems: LineProblem[];
}

/** Labels the spec requires (§1.1), in its order. */
export const REQUIRED_BAG_INFO_LABELS = [
  'Source-Organization',
  'Bagging-Date',
  'Payload-Oxum',
  'External-Identifier',
  'Natalia-Export-Format',
  'Natalia-Installation-Id',
  'Natalia-Appliance-Version',
  'Natalia-Exported-At',
  'Natalia-Exported-By',
  'Natalia-Contract-Mode',
] as const;

/** Reads `Label: value` lines, unfolding continuation lines (those that start with whitespace). */
export function parseBagInfo(text: string): BagInfo {
  const info: BagInfo = { labels: Object.create(null) as Record<string, string>, lineOf: {}, problems: [] };
  const values: { label: string; value: string; line: number }[] = [];
  physicalLines(text).forEach((raw, i) => {
    const line = i + 1;
    const last = values.at(-1);
    if (/^[ \t]/.test(raw)) {
      if (last) last.value += ' ' + raw.trim();
      else info.problems.push({ line, message: 'bag-info.txt starts with a continuation line that continues no label' });
      return;
    }
    const m = /^([^:]+):(.*)$/.exec(raw);
    if (!m || m[1]!.trim() === '') {
      info.problems.push({ line, message: `bag-info.txt line ${line} is not "Label: value"` });
      return;
    }
    values.push({ label: echoed(m[1]!.trim()), value: m[2]!.trim(), line });
  });
  for (const v of values) {
    if (v.label in info.labels) continue;
    if (v.value.length > MAX_BAG_INFO_VALUE_CHARS) {
      info.problems.push({ line: v.line, message: `${v.label} is ${v.value.length} characters long, more than the ${MAX_BAG_INFO_VALUE_CHARS} a bag-info value may be; only its start is kept` });
      v.value = echoed(v.value);
    }
    info.labels[v.label] = v.value;
    info.lineOf[v.label] = v.line;
  }
  for (const label of REQUIRED_BAG_INFO_LABELS) {
    if (!(label in info.labels)) info.problems.push({ line: 0, message: `bag-info.txt lacks the required label ${label}` });
  }
  info.problems.push(...valueProblems(info));
  return info;
}

const VALUE_RULES: Record<string, [(v: string) => boolean, string]> = {
  'Bagging-Date': [isIsoDate, 'a real calendar date YYYY-MM-DD'],
  'Payload-Oxum': [(v) => /^\d+\.\d+$/.test(v), '"<octets>.<file count>"'],
  'Natalia-Export-Format': [(v) => v === '1', '1 (the only format this workstation reads)'],
  'Natalia-Installation-Id': [(v) => v !== '', 'an installation id'],
  'Natalia-Exported-At': [isRfc3339Ms, 'an RFC 3339 UTC time with milliseconds, e.g. 2026-03-02T09:14:07.512Z'],
  'Natalia-Contract-Mode': [(v) => ['strict', 'standard', 'managed'].includes(v), 'strict, standard or managed'],
};

function valueProblems(info: BagInfo): LineProblem[] {
  const out: LineProblem[] = [];
  for (const [label, [ok, want]] of Object.entries(VALUE_RULES)) {
    const v = info.labels[label];
    if (v !== undefined && !ok(v)) out.push({ line: info.lineOf[label]!, message: `${label} must be ${want}, not "${echoed(v)}"` });
  }
  const ext = info.labels['External-Identifier'];
  const inst = info.labels['Natalia-Installation-Id'];
  if (ext !== undefined && inst !== undefined && ext !== inst) {
    out.push({
      line: info.lineOf['External-Identifier']!,
      message: `External-Identifier "${echoed(ext)}" differs from Natalia-Installation-Id "${echoed(inst)}"`,
    });
  }
  return out;
}

export function parseOxum(v: string | undefined): { octets: number; count: number } | null {
  const m = v === undefined ? null : /^(\d+)\.(\d+)$/.exec(v);
  return m ? { octets: Number(m[1]), count: Number(m[2]) } : null;
}

export interface ManifestLine {
  line: number;
  sha256: string;
  /** Decoded bag-relative path. */
  path: string;
}

/**
 * Reads `<64 lowercase hex><whitespace><path>` lines. `scope` says where the
 * listed files must live: under data/ (payload manifest) or outside it (tag
 * manifest). Duplicate paths keep their first line.
 */
export function parseManifest(
  text: string,
  file: string,
  scope: 'payload' | 'tag',
): { entries: ManifestLine[]; problems: LineProblem[] } {
  const entries: ManifestLine[] = [];
  const problems: LineProblem[] = [];
  const seen = new Set<string>();
  physicalLines(text).forEach((raw, i) => {
    const line = i + 1;
    const m = /^([0-9a-f]{64})[ \t]+(.+)$/.exec(raw);
    if (!m) {
      problems.push({ line, message: `${file} line ${line} is not "<sha256 in lowercase hex>  <path>"` });
      return;
    }
    // RFC 8493 §2.1.3: only %, CR and LF are percent-encoded in manifest paths.
    const path = m[2]!.replace(/%(25|0[aAdD])/g, (_s, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    const problem = manifestPathProblem(path, scope);
    if (problem) {
      problems.push({ line, message: `${file} line ${line} lists "${echoed(path)}", which ${problem}` });
      return;
    }
    if (seen.has(path)) {
      problems.push({ line, message: `${file} line ${line} lists "${echoed(path)}" a second time` });
      return;
    }
    seen.add(path);
    entries.push({ line, sha256: m[1]!, path });
  });
  return { entries, problems };
}

function manifestPathProblem(path: string, scope: 'payload' | 'tag'): string | null {
  if (path.includes('\0') || path.includes('\\')) return 'contains a NUL byte or a backslash';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'is an absolute path';
  const segs = path.split('/');
  if (segs.some((s) => s === '' || s === '.' || s === '..')) return 'escapes the bag or has an empty, "." or ".." segment';
  const underData = segs[0] === 'data' && segs.length > 1;
  if (scope === 'payload' && !underData) return 'is not under data/';
  if (scope === 'tag' && segs[0] === 'data') return 'is a payload path, not a tag file';
  return null;
}
