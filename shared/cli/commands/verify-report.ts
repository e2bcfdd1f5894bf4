// natalia-audit verify-report <file> [--sig FILE] [--key PUBLIC-KEY.json]
// natalia-audit verify-report --show-key
// natalia-audit verify-report --export-key FILE
//
// Checks a report against its detached signature (<file>.sig.json): exit 0
// valid, 1 invalid, 2 unreadable. With --key (a public key exported from the
// auditor's workstation), the report must also be signed by that key; without
// it, the output says whether the key is this workstation's own.
import { parseArgs } from 'node:util';
import { workstationHome } from '../../engine/license/trust-store.js';
import { importPublicKey } from '../../engine/crypto/ed25519.js';
import { InputFileError, readInputFileSync } from '../../engine/input-file.js';
import { signatureFileFor, verifyReportSignature } from '../../engine/reports/signing/report-signature.js';
import {
  exportWorkstationPublicKey,
  loadOrCreateWorkstationKey,
  loadWorkstationKey,
  PUBLIC_KEY_FORMAT,
} from '../../engine/reports/signing/workstation-key.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, UsageError, writeFilesOrSay } from '../cli-error.js';

export const VERIFY_REPORT_USAGE =
  'natalia-audit verify-report <file> [--sig FILE] [--key PUBLIC-KEY.json] | verify-report --show-key | verify-report --export-key FILE';

/** A report is a PDF, a workbook or their JSON twin: megabytes at most. */
const REPORT_LIMITS = { what: 'report', maxBytes: 256 << 20 };
const SIGNATURE_LIMITS = { what: 'signature', maxBytes: 1 << 20 };
const KEY_LIMITS = { what: 'public key', maxBytes: 1 << 20 };

/** One line for a file that could not be read or parsed: the reader's own words, else `what` and the parser's. */
function readProblem(e: unknown, what: string): string {
  return e instanceof InputFileError ? e.message : `${what}: ${(e as Error).message}`;
}

function expectedKidFrom(path: string): string {
  let doc: { format?: unknown; public_key?: unknown };
  try {
    doc = JSON.parse(readInputFileSync(path, KEY_LIMITS).toString('utf8'));
  } catch (e) {
    throw new UsageError(readProblem(e, `cannot read the public key ${path}`));
  }
  if (doc?.format !== PUBLIC_KEY_FORMAT || typeof doc.public_key !== 'string') throw new UsageError(`${path} is not a ${PUBLIC_KEY_FORMAT} file`);
  const k = importPublicKey(doc.public_key);
  if ('error' in k) throw new UsageError(`${path}: ${k.error}`);
  // The kid is recomputed from the key itself: the file's own kid member is not trusted.
  return k.key.kid;
}

export async function runVerifyReport(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { sig: { type: 'string' }, key: { type: 'string' }, 'show-key': { type: 'boolean' }, 'export-key': { type: 'string' } },
  });
  if (values['show-key'] || values['export-key']) {
    if (positionals.length > 0) throw new UsageError(`--show-key and --export-key take no report. Usage: ${VERIFY_REPORT_USAGE}`);
    const pub = exportWorkstationPublicKey(loadOrCreateWorkstationKey(workstationHome()));
    const text = JSON.stringify(pub, null, 2) + '\n';
    if (values['export-key']) {
      writeFilesOrSay([{ path: values['export-key'], content: text }], { overwrite: false });
      process.stdout.write(`Wrote the workstation public key (kid ${pub.kid}) to ${values['export-key']}.\n`);
    } else process.stdout.write(text);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError(`expected one report file. Usage: ${VERIFY_REPORT_USAGE}`);
  const file = positionals[0]!;
  const sigPath = values.sig ?? signatureFileFor(file);
  const expectedKid = values.key ? expectedKidFrom(values.key) : undefined;
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
  const verdict = verifyReportSignature(content, sigObj, { ...(expectedKid ? { expectedKid } : {}), fileName: file });
  if (!verdict.valid) {
    process.stdout.write(`INVALID: ${file}: ${verdict.reason}.\n`);
    return EXIT_FINDINGS;
  }
  const s = verdict.signature;
  let whose: string;
  if (expectedKid) whose = 'the expected key';
  else {
    let own: string | undefined;
    try {
      own = loadWorkstationKey(workstationHome())?.kid;
    } catch {
      own = undefined;
    }
    whose = own === s.kid ? "this workstation's own key" : 'a key that is not this workstation\'s (check it against the key the auditor gave you, with --key)';
  }
  const lines = [`VALID: ${file} (${s.kind}, sha256 ${s.sha256}) signed by key ${s.kid}, ${whose}; report as of ${s.signed_at}.`, ...verdict.notes.map((n) => `Note: ${n}.`)];
  process.stdout.write(lines.join('\n') + '\n');
  return EXIT_OK;
}
