// natalia-audit case-export <case> --out FILE.natalia-case [--tag TAG] [--force]
// natalia-audit case-receive <FILE.natalia-case> --case NEW [--key PUBLIC-KEY.json]
//
// A portable case (engine/portable): the whole case as one signed file for
// a second auditor, and opening one on another workstation, checked first.
import { workstationHome } from '../../engine/license/trust-store.js';
import { exportPortableCase, PortableCaseError, receivePortableCase } from '../../engine/portable/portable-case.js';
import { EXIT_OK, UsageError } from '../cli-error.js';
import { openCase } from '../case-command.js';
import { vouchedKeyFrom } from './verify-report.js';
import { parseCommand, usageOf } from '../command-table.js';

const CASE_EXPORT_USAGE = usageOf('case-export');
const CASE_RECEIVE_USAGE = usageOf('case-receive');

function said<T>(fn: () => Promise<T>): Promise<T> {
  return fn().catch((e: unknown) => {
    throw e instanceof PortableCaseError ? new UsageError(e.message) : e;
  });
}

export async function runCaseExport(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand('case-export', argv);
  if (positionals.length !== 1 || !values.out) throw new UsageError(`expected one case file and --out. Usage: ${CASE_EXPORT_USAGE}`);
  const out = values.out;
  const c = openCase(positionals[0], CASE_EXPORT_USAGE);
  try {
    const tag = values.tag;
    const r = await said(() => exportPortableCase(c, out, { keyHome: workstationHome(), overwrite: values.force ?? false, ...(tag !== undefined ? { tag } : {}) }));
    process.stdout.write(
      (r.part
        ? `The part tagged "${r.part.tag}": every bundle with its bytes and verdicts, the review of the ${r.part.subjects.length} item(s) so tagged (${r.part.reviewEvents} event(s)); the rest of the review, saved views, answers and notes left out (${r.part.withheld.length} custody entr${r.part.withheld.length === 1 ? 'y' : 'ies'} withheld, the chain still checkable).\n`
        : '') +
        `Wrote ${r.path} (${r.bytes} bytes, sha256 ${r.sha256}), signed in ${r.signaturePath} by workstation key ${r.signature.kid}; recorded in the case's custody (entry ${r.custodySeq}).\n` +
        `Send both files, and your public key (natalia-audit verify-report --export-key FILE) by a channel the recipient trusts.\n`,
    );
    return EXIT_OK;
  } finally {
    c.close();
  }
}

export async function runCaseReceive(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand('case-receive', argv);
  if (positionals.length !== 1 || !values.case) throw new UsageError(`expected one portable case file and --case. Usage: ${CASE_RECEIVE_USAGE}`);
  const vouched = values.key !== undefined ? Buffer.from(vouchedKeyFrom(values.key).raw).toString('base64') : undefined;
  const dest = values.case;
  const r = await said(() => receivePortableCase(positionals[0]!, dest, { keyHome: workstationHome(), ...(vouched ? { vouchedKey: vouched } : {}) }));
  process.stdout.write(
    [
      `Opened case ${r.caseId} into ${r.path}: ${r.bundles} bundle(s); chain of custody intact (${r.custodyEntries} entries), its ${r.verifications} stored verification(s) and ${r.reviewEvents} review event(s) as recorded; ${r.filesChecked} bundle file(s) match the SHA-256 recorded at import.`,
      ...(r.part ? [`It is the part of a case tagged "${r.part.tag}": the review of ${r.part.subjects.length} item(s); ${r.part.withheld.length} custody entr${r.part.withheld.length === 1 ? 'y' : 'ies'} of the sender's other work withheld.`] : []),
      r.signer.known
        ? `Exported by workstation key ${r.signer.kid}, the key you vouched for.`
        : `Exported by workstation key ${r.signer.kid}, which you have not vouched for: check its public key ${r.signer.publicKey} with the sender, or give it with --key.`,
      `Recorded in the case's custody (entry ${r.custodySeq}).`,
    ].join('\n') + '\n',
  );
  return r.signer.known ? EXIT_OK : 1;
}
