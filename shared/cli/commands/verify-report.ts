// natalia-audit verify-report <file> [--sig FILE] [--key PUBLIC-KEY.json] [--json]
// natalia-audit verify-report --show-key
// natalia-audit verify-report --export-key FILE
//
// Checks a report against its detached signature (<file>.sig.json). A
// signature says who signed only if the checker knows the key: anyone can
// change a report and sign it again with a key of their own, and the
// signature file carries that key. So the verdict is VALID (exit 0) only when
// the report is unchanged and signed by a key the user vouches for: the key
// given with --key (exported from the auditor's workstation), or, without
// --key, this workstation's own key. A report intact under the key its
// signature file names, but one the user does not know, is UNKNOWN SIGNER
// (exit 1), with that key's fingerprint and how to check it. INVALID (exit 1):
// changed file, bad signature, another key than --key. Exit 2: unreadable.
// A `.sig.json` given as the report is taken as the signature of the report it
// names (x.pdf.sig.json -> x.pdf).
import { workstationHome } from '../../engine/license/trust-store.js';
import { importPublicKey, type VerifyingKey } from '../../engine/crypto/ed25519.js';
import { judgeReport, publicKeyFromFile, type ReportVerdict } from '../../engine/reports/signing/check-report.js';
import { InputFileError, readInputFileSync } from '../../engine/input-file.js';
import { SIGNATURE_SUFFIX, signatureFileFor } from '../../engine/reports/signing/report-signature.js';
import {
  exportWorkstationPublicKey,
  loadOrCreateWorkstationKey,
  loadWorkstationKey,
} from '../../engine/reports/signing/workstation-key.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, UsageError, writeFilesOrSay } from '../cli-error.js';
import { parseCommand, usageOf } from '../command-table.js';

const VERIFY_REPORT_USAGE = usageOf('verify-report');

/** A report is a PDF, a workbook or their JSON twin: megabytes at most. */
const REPORT_LIMITS = { what: 'report', maxBytes: 256 << 20 };
const SIGNATURE_LIMITS = { what: 'signature', maxBytes: 1 << 20 };
const KEY_LIMITS = { what: 'public key', maxBytes: 1 << 20 };

/** One line for a file that could not be read or parsed: the reader's own words, else `what` and the parser's. */
function readProblem(e: unknown, what: string): string {
  return e instanceof InputFileError ? e.message : `${what}: ${(e as Error).message}`;
}

/** The key the user vouches for with --key: the key itself, its kid recomputed (the file's own kid member is not trusted). */
export function vouchedKeyFrom(path: string): VerifyingKey {
  let text: string;
  try {
    text = readInputFileSync(path, KEY_LIMITS).toString('utf8');
  } catch (e) {
    throw new UsageError(readProblem(e, `cannot read the public key ${path}`));
  }
  const k = publicKeyFromFile(text);
  if (typeof k === 'string') throw new UsageError(k.startsWith('not a ') ? `${path} is ${k}` : `${path}: ${k}`);
  return k;
}

/** This workstation's key, if it has one (never made here: checking a report creates nothing). */
function ownRawKey(): Uint8Array | null {
  try {
    const own = loadWorkstationKey(workstationHome());
    if (!own) return null;
    const k = importPublicKey(own.publicKey);
    return 'error' in k ? null : k.key.raw;
  } catch {
    return null;
  }
}

export type { ReportVerdict };

/** What `verify-report --json` prints. */
export interface ReportCheck {
  /** valid: unchanged and signed by a key the user vouches for; unknown_signer: unchanged as signed, by a key nobody vouched for. */
  verdict: ReportVerdict;
  /** True only for a VALID verdict (exit 0). */
  valid: boolean;
  /** The signature verifies and covers these very bytes, whoever signed. */
  intact: boolean;
  /** The signing key is this workstation's or the one given with --key. */
  signer_known: boolean;
  /** Which known key signed: `key` (--key), `workstation` (this workstation's own), or null. */
  signer: 'key' | 'workstation' | null;
  file: string;
  signature_file: string;
  kid: string | null;
  /** SHA-256 of the signing public key (hex); the kid is its first 16 digits. */
  fingerprint: string | null;
  kind: string | null;
  sha256: string | null;
  signed_at: string | null;
  reason?: string;
  notes: string[];
}

function humanReport(r: ReportCheck, keyPath: string | undefined): string[] {
  const notes = r.notes.map((n) => `Note: ${n}.`);
  if (r.verdict === 'invalid') return [`INVALID: ${r.file}: ${r.reason}.`, ...notes];
  if (r.verdict === 'valid') {
    const whose = r.signer === 'key' ? `the key in ${keyPath} given with --key` : "this workstation's own key";
    return [`VALID: ${r.file} (${r.kind}, sha256 ${r.sha256}) signed by key ${r.kid}, ${whose}; report as of ${r.signed_at}.`, ...notes];
  }
  return [
    `UNKNOWN SIGNER: ${r.file} is intact as signed (${r.kind}, sha256 ${r.sha256}; report as of ${r.signed_at}), ` +
      "but by a key you have not vouched for: it is not this workstation's key, and no --key was given. " +
      'Anyone can change a report and sign it again with a key of their own, so this says nothing about who made it.',
    `Signing key: kid ${r.kid}, fingerprint (SHA-256 of the public key) ${r.fingerprint}.`,
    'To check it, get the public key of the workstation that should have signed it from its owner, over a channel you trust ' +
      '(they run natalia-audit verify-report --export-key FILE), then run: ' +
      `natalia-audit verify-report ${r.file} --key FILE`,
    ...notes,
  ];
}

export async function runVerifyReport(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand('verify-report', argv);
  if (values['show-key'] || values['export-key'] !== undefined) {
    if (positionals.length > 0) throw new UsageError(`--show-key and --export-key take no report. Usage: ${VERIFY_REPORT_USAGE}`);
    const pub = exportWorkstationPublicKey(loadOrCreateWorkstationKey(workstationHome()));
    const text = JSON.stringify(pub, null, 2) + '\n';
    if (values['export-key'] !== undefined) {
      writeFilesOrSay([{ path: values['export-key'], content: text }], { overwrite: false });
      process.stdout.write(`Wrote the workstation public key (kid ${pub.kid}) to ${values['export-key']}.\n`);
    } else process.stdout.write(text);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError(`expected one report file. Usage: ${VERIFY_REPORT_USAGE}`);
  let file = positionals[0]!;
  let sigPath = values.sig;
  const notes: string[] = [];
  if (file.endsWith(SIGNATURE_SUFFIX)) {
    // The signature given as the report: check the report it is the signature of.
    const report = file.slice(0, -SIGNATURE_SUFFIX.length);
    if (sigPath !== undefined || report === '' || /[\\/]$/.test(report)) {
      throw new UsageError(`${file} is a signature file: pass the report itself${report ? ` (${report})` : ''}, with --sig only when its signature is not next to it`);
    }
    notes.push(`${file} is a signature file: checked the report it signs, ${report}`);
    sigPath = file;
    file = report;
  }
  sigPath ??= signatureFileFor(file);
  const vouched = values.key !== undefined ? vouchedKeyFrom(values.key) : undefined;
  let content: Buffer;
  let sigObj: unknown;
  try {
    content = readInputFileSync(file, REPORT_LIMITS);
  } catch (e) {
    process.stderr.write(`natalia-audit verify-report: ${readProblem(e, `cannot read ${file}`)}\n`);
    return EXIT_UNREADABLE;
  }
  try {
    sigObj = JSON.parse(readInputFileSync(sigPath, SIGNATURE_LIMITS).toString('utf8'));
  } catch (e) {
    process.stderr.write(`natalia-audit verify-report: ${readProblem(e, `cannot read the signature ${sigPath}`)}\n`);
    return EXIT_UNREADABLE;
  }
  const j = judgeReport(content, sigObj, { ...(vouched ? { vouched, vouchedName: values.key } : {}), ownKey: ownRawKey(), fileName: file });
  const s = j.signature;
  const { verdict, signer, reason } = j;
  const result: ReportCheck = {
    verdict,
    valid: verdict === 'valid',
    intact: j.intact,
    signer_known: signer !== null,
    signer,
    file,
    signature_file: sigPath,
    kid: s?.kid ?? null,
    fingerprint: j.fingerprint,
    kind: s?.kind ?? null,
    sha256: s?.sha256 ?? null,
    signed_at: s?.signed_at ?? null,
    ...(reason !== undefined ? { reason } : {}),
    notes: [...notes, ...j.notes],
  };
  process.stdout.write(values.json ? JSON.stringify(result, null, 2) + '\n' : humanReport(result, values.key).join('\n') + '\n');
  return verdict === 'valid' ? EXIT_OK : EXIT_FINDINGS;
}
