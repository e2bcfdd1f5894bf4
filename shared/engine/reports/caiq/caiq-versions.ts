// The two CAIQ releases STAR accepts (v4.0.3 and v4.1.0, until the end of
// 2027) and how a question of one relates to the other. Facts from
// /work/shared/reference/caiq-v4.md and caiq-v4-1.md; no CSA question text.
//
// Ids are not stable across the releases: 60 control ids of v4.0.3 name
// another control in v4.1, and the domain IVS became I&S. An answer may only
// move to the other release through this table, never by id string alone.

export const CAIQ_VERSIONS = ['4.0.3', '4.1.0'] as const;
export type CaiqVersion = (typeof CAIQ_VERSIONS)[number];

/** The current CSA release: what a questionnaire without a workbook answers. */
export const CURRENT_CAIQ_VERSION: CaiqVersion = '4.1.0';

export function isCaiqVersion(v: unknown): v is CaiqVersion {
  return CAIQ_VERSIONS.includes(v as CaiqVersion);
}

/** Column D's list in each release, spelled exactly as CSA does; v4.1 adds `Not Determined`. */
const OWNERSHIPS_403 = ['CSP-owned', 'CSC-owned', '3rd-party outsourced', 'Shared CSP and CSC', 'Shared CSP and 3rd-party'] as const;
export const ALL_SSRM_OWNERSHIPS = [...OWNERSHIPS_403, 'Not Determined'] as const;
export type SsrmOwnership = (typeof ALL_SSRM_OWNERSHIPS)[number];

export function ownershipsOf(version: CaiqVersion): readonly SsrmOwnership[] {
  return version === '4.0.3' ? OWNERSHIPS_403 : ALL_SSRM_OWNERSHIPS;
}

/** Controls of v4.0.3 found in v4.1 under another number (exact title match), old → new. */
const RENUMBERED: Readonly<Record<string, string>> = Object.fromEntries(
  (
    [
      ['DCS', [1, 2], [2, 3], [3, 4], [4, 5], [5, 6], [6, 7], [8, 9], [9, 10], [10, 11], [12, 13], [13, 14], [14, 15], [15, 16]],
      ['IAM', [14, 13], [16, 15]],
      ['LOG', [8, 9], [10, 11], [11, 12], [12, 13], [13, 14]],
      ['SEF', [7, 8], [8, 10]],
      ['STA', [1, 2], [2, 3], [3, 4], [4, 5], [5, 6], [6, 7], [7, 8], [8, 10], [9, 11], [10, 12], [12, 14], [13, 15], [14, 16]],
      ['TVM', [3, 8], [4, 5], [5, 6], [6, 7], [7, 3], [8, 9], [9, 11], [10, 12]],
    ] as const
  ).flatMap(([domain, ...pairs]) => pairs.map(([from, to]) => [control(domain, from), control(domain, to)])),
);

/** v4.0.3 controls retitled in v4.1 with no exact match: CSA's change analysis is the authority, so nothing is carried. */
const RETITLED = new Set([
  'AIS-04', 'AIS-05', 'AIS-06', 'CEK-03', 'CEK-08', 'DCS-07', 'DCS-11', 'IAM-02', 'IAM-06', 'IAM-07', 'IAM-08', 'IAM-11',
  'IAM-12', 'IAM-13', 'IAM-15', 'LOG-09', 'STA-11', 'TVM-02',
]);

const RENUMBERED_BACK: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(RENUMBERED).map(([a, b]) => [b, a]));

function control(domain: string, n: number): string {
  return `${domain}-${String(n).padStart(2, '0')}`;
}

/** Domain prefixes that changed: IVS became I&S. */
const DOMAIN_403_TO_41: Readonly<Record<string, string>> = { IVS: 'I&S' };
const DOMAIN_41_TO_403: Readonly<Record<string, string>> = { 'I&S': 'IVS' };

function renameDomain(ctrl: string, table: Readonly<Record<string, string>>): string {
  const dash = ctrl.lastIndexOf('-');
  const domain = ctrl.slice(0, dash);
  return `${table[domain] ?? domain}${ctrl.slice(dash)}`;
}

/** Where a question of one release is in the other: the same question under an id, or why there is none. */
export type Counterpart = { id: string; renumbered: boolean } | { id: null; why: string };

/**
 * The question of `to` that asks what `questionId` of `from` asks, by its
 * control: renumbered controls follow the table, retitled ones and controls
 * whose id now names another control have none. The question's number
 * within its control is kept (the reference lists no question renumbered
 * inside a control it matched).
 */
export function counterpart(questionId: string, from: CaiqVersion, to: CaiqVersion): Counterpart {
  if (from === to) return { id: questionId, renumbered: false };
  const dot = questionId.lastIndexOf('.');
  const ctrl = questionId.slice(0, dot);
  const sub = questionId.slice(dot);
  if (from === '4.0.3') {
    const moved = RENUMBERED[ctrl];
    if (moved) return { id: `${moved}${sub}`, renumbered: true };
    if (RETITLED.has(ctrl)) return { id: null, why: `control ${ctrl} was retitled in v4.1 with no exact match` };
    const same = renameDomain(ctrl, DOMAIN_403_TO_41);
    // The same id string may now name a control that came from elsewhere.
    if (RENUMBERED_BACK[same]) return { id: null, why: `${same} names another control in v4.1 (v4.0.3's ${RENUMBERED_BACK[same]})` };
    return { id: `${same}${sub}`, renumbered: false };
  }
  const old = RENUMBERED_BACK[ctrl];
  if (old) return { id: `${old}${sub}`, renumbered: true };
  const same = renameDomain(ctrl, DOMAIN_41_TO_403);
  if (RENUMBERED[same] || RETITLED.has(same)) return { id: null, why: `${ctrl} of v4.1 is not the control ${same} of v4.0.3` };
  return { id: `${same}${sub}`, renumbered: false };
}

/** The CAIQ-Lite ids of v4.1.0, in the workbook's order (caiq-v4-1.md). */
export const LITE_IDS_41: readonly string[] = [
  'A&A-02.1', 'A&A-03.1', 'A&A-04.1', 'A&A-06.1', 'A&A-06.2',
  'AIS-02.1', 'AIS-04.1', 'AIS-06.1', 'AIS-06.2', 'AIS-07.1', 'AIS-07.2', 'AIS-08.1', 'AIS-08.2',
  'BCR-01.1', 'BCR-01.2', 'BCR-02.1', 'BCR-02.2', 'BCR-03.1', 'BCR-08.1', 'BCR-08.2', 'BCR-08.3', 'BCR-09.1', 'BCR-09.2',
  'CCC-01.1', 'CCC-01.2', 'CCC-02.1', 'CCC-04.1', 'CCC-05.1', 'CCC-06.1', 'CCC-06.2', 'CCC-07.1', 'CCC-09.1',
  'CEK-01.1', 'CEK-01.2', 'CEK-02.1', 'CEK-03.1', 'CEK-04.1', 'CEK-05.1', 'CEK-10.1', 'CEK-12.1', 'CEK-13.1', 'CEK-14.1',
  'DCS-04.1', 'DCS-04.2', 'DCS-06.1', 'DCS-06.2', 'DCS-07.1', 'DCS-07.2',
  'DSP-01.1', 'DSP-01.2', 'DSP-03.1', 'DSP-03.2', 'DSP-04.1', 'DSP-05.1', 'DSP-05.2', 'DSP-06.1', 'DSP-06.2', 'DSP-07.1',
  'DSP-08.1', 'DSP-08.2', 'DSP-10.1', 'DSP-11.1', 'DSP-12.1', 'DSP-13.1', 'DSP-14.1', 'DSP-16.1', 'DSP-17.1', 'DSP-19.1',
  'GRC-01.1', 'GRC-01.2', 'GRC-02.1', 'GRC-06.1', 'GRC-07.1', 'GRC-07.2',
  'HRS-03.1', 'HRS-03.2', 'HRS-04.1', 'HRS-04.2', 'HRS-11.1', 'HRS-11.2',
  'IAM-01.1', 'IAM-01.2', 'IAM-03.1', 'IAM-04.1', 'IAM-05.1', 'IAM-06.1', 'IAM-07.1', 'IAM-08.1', 'IAM-09.1', 'IAM-10.1',
  'IAM-10.2', 'IAM-13.1', 'IAM-13.2',
  'IPY-01.1', 'IPY-01.2', 'IPY-01.3', 'IPY-01.4', 'IPY-01.5',
  'I&S-03.1', 'I&S-03.2', 'I&S-03.3', 'I&S-03.4', 'I&S-03.5', 'I&S-04.1', 'I&S-06.1', 'I&S-07.1', 'I&S-09.1',
  'LOG-01.1', 'LOG-01.2', 'LOG-04.1', 'LOG-05.1', 'LOG-05.2', 'LOG-08.1',
  'SEF-03.1', 'SEF-04.1', 'SEF-07.1', 'SEF-07.2', 'SEF-08.1', 'SEF-08.2',
  'STA-01.1', 'STA-01.2', 'STA-03.1', 'STA-05.1', 'STA-08.1',
  'TVM-02.1', 'TVM-02.2', 'TVM-03.1', 'TVM-05.1', 'TVM-08.1', 'TVM-10.1', 'TVM-11.1',
  'UEM-02.1', 'UEM-04.1', 'UEM-05.1', 'UEM-06.1', 'UEM-09.1', 'UEM-10.1', 'UEM-13.1',
];

/** Rows of each release's STAR workbook (for telling the two apart and for the fixtures). */
export const STAR_LAYOUT: Readonly<Record<CaiqVersion, { questions: number; lite: number }>> = {
  '4.0.3': { questions: 261, lite: 124 },
  '4.1.0': { questions: 283, lite: 138 },
};
