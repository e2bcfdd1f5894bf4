// A portable case: the whole case file (evidence, the bundles' bytes,
// verifications, the review, the chain of custody) as one SQLite file, with
// a detached signature by the exporting workstation's key, that a second
// auditor opens on another workstation. Opening checks, before the case is
// used: the signature (who exported it), the chain of custody and every
// stored verification (custody-log.ts), and the SHA-256 of every bundle
// file the case keeps against the one recorded at import; so the verdicts
// and decisions the receiver sees are those the sender had, and the bundles
// can be verified again (reverify) from their own bytes.
import { createReadStream, existsSync, linkSync, readFileSync, rmSync, statSync, copyFileSync, constants } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { CaseFile } from '../case/case-file.js';
import { writeOutputFiles } from '../output-files.js';
import { serializeSignature, signatureFileFor, signReport, verifyReportSignature, type ReportSignature } from '../reports/signing/report-signature.js';
import { loadOrCreateWorkstationKey } from '../reports/signing/workstation-key.js';
import { CasePartError, cutToTaggedPart, partOf, taggedSubjects, type CasePartSummary } from './case-part.js';

export class PortableCaseError extends Error {
  override name = 'PortableCaseError';
}

/** A part's refusal (nothing tagged so) in the portable case's words. */
function said<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw e instanceof CasePartError ? new PortableCaseError(e.message) : e;
  }
}

async function fileDigest(path: string): Promise<{ sha256: string; bytes: number }> {
  const h = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    h.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: h.digest('hex'), bytes };
}

export interface ExportedCase {
  path: string;
  sha256: string;
  bytes: number;
  signaturePath: string;
  signature: ReportSignature;
  custodySeq: number;
  /** Set when only the part tagged for a colleague was exported (case-part.ts). */
  part?: CasePartSummary;
}

export interface ExportOptions {
  keyHome: string;
  overwrite?: boolean;
  /** Only the part of the case tagged so (case-part.ts); else the whole case. */
  tag?: string;
  /** The name the signature gives the file (default: `out`): the name the recipient gets, when it is written elsewhere first. */
  signedName?: string;
  /** Where the export's custody entry says the file went (default: `out`; a download is recorded by its name, not the private path it was staged at). */
  recordedAs?: string;
}

/**
 * Writes the case (or the part tagged `tag`) as one file at `out` (never over
 * an existing file unless `overwrite`), signed, and records the export in the
 * case's custody. Refused when the case's custody does not hold: nothing to
 * hand on.
 */
export async function exportPortableCase(c: CaseFile, out: string, opts: ExportOptions): Promise<ExportedCase> {
  c.assertIntact();
  if (resolve(out) === resolve(c.path)) throw new PortableCaseError(`the file ${out} is the case itself; choose another name`);
  if (!opts.overwrite && (existsSync(out) || existsSync(signatureFileFor(out)))) throw new PortableCaseError(`the file ${out} or its signature already exists; choose another name or replace it`);
  const subjects = opts.tag !== undefined ? said(() => taggedSubjects(c.db, opts.tag!)) : undefined;
  const tmp = join(dirname(out), `.${basename(out)}.${randomBytes(6).toString('hex')}.partial`);
  try {
    const head = c.custody().at(-1)!;
    // VACUUM INTO writes a consistent, compact copy of the whole database (a snapshot under SQLite's own lock).
    c.db.prepare('VACUUM INTO ?').run(tmp);
    const part = subjects ? cutToTaggedPart(tmp, opts.tag!, subjects, head.hash) : undefined;
    const digest = await fileDigest(tmp);
    const key = loadOrCreateWorkstationKey(opts.keyHome);
    const signature = signReport(digest, { file: opts.signedName ?? out, kind: 'portable-case', signedAt: head.ts }, key);
    if (opts.overwrite) rmSync(out, { force: true });
    linkSync(tmp, out); // fails if a file appeared there meanwhile: never replaced silently
    writeOutputFiles([{ path: signatureFileFor(out), content: serializeSignature(signature) }], { overwrite: opts.overwrite ?? false });
    const rec = c.db.transaction(() =>
      c.record('case.export', {
        file: opts.recordedAs ?? out,
        sha256: digest.sha256,
        bytes: digest.bytes,
        custody_head: head.hash,
        signed_by: key.kid,
        ...(part ? { tag: part.tag, subjects: part.subjects.length } : {}),
      }),
    )();
    return { path: out, ...digest, signaturePath: signatureFileFor(out), signature, custodySeq: rec.seq, ...(part ? { part } : {}) };
  } finally {
    rmSync(tmp, { force: true });
  }
}

export interface ReceivedCase {
  path: string;
  caseId: string;
  sha256: string;
  signer: { kid: string; publicKey: string; known: boolean };
  signedAt: string;
  custodyEntries: number;
  bundles: number;
  /** Stored verifications compared with the custody entries that recorded them. */
  verifications: number;
  /** Review events compared with the custody entries that recorded them. */
  reviewEvents: number;
  filesChecked: number;
  custodySeq: number;
  /** Set when the file is the part of a case tagged for a colleague. */
  part?: CasePartSummary;
}

export interface ReceiveOptions {
  keyHome: string;
  /** The sender's public key (base64) the receiver vouches for. */
  vouchedKey?: string;
  /** The signature file (default: FILE.sig.json next to it). */
  signature?: string;
  /** What the user knows the files as, when their paths are the workstation's own (uploads): said in every message. */
  label?: string;
  signatureLabel?: string;
}

/**
 * Opens a portable case into a new case file `dest`: checked first (see the
 * file comment); on any problem `dest` is removed and nothing is kept.
 * `vouchedKey` is the sender's public key (base64) the receiver vouches for;
 * without it only this workstation's own key is known, and an export by
 * another key is opened as from an unknown signer (said, and recorded).
 */
export async function receivePortableCase(file: string, dest: string, opts: ReceiveOptions): Promise<ReceivedCase> {
  const sigPath = opts.signature ?? signatureFileFor(file);
  const name = opts.label ?? file;
  const sigName = opts.signatureLabel ?? (opts.label !== undefined && opts.signature === undefined ? signatureFileFor(opts.label) : sigPath);
  if (!existsSync(sigPath)) throw new PortableCaseError(`no signature next to ${name} (expected ${sigName}): a portable case comes with the .sig.json its workstation wrote`);
  let sigObj: unknown;
  try {
    sigObj = JSON.parse(readFileSync(sigPath, 'utf8'));
  } catch (e) {
    throw new PortableCaseError(`the signature ${sigName} is not JSON: ${(e as Error).message}`);
  }
  if (!statSync(file).isFile()) throw new PortableCaseError(`cannot read ${name}: it is not a file`);
  const digest = await fileDigest(file);
  const verdict = verifyReportSignature(digest, sigObj);
  if (!verdict.valid) throw new PortableCaseError(`the file ${name} does not match its signature ${sigName}: ${verdict.reason}`);
  if (verdict.signature.kind !== 'portable-case') throw new PortableCaseError(`the signature ${sigName} signs a ${verdict.signature.kind}, not a portable case`);
  const own = loadOrCreateWorkstationKey(opts.keyHome);
  const known = verdict.signature.public_key === (opts.vouchedKey ?? own.publicKey) || verdict.signature.public_key === own.publicKey;
  if (opts.vouchedKey !== undefined && verdict.signature.public_key !== opts.vouchedKey) {
    throw new PortableCaseError(`the file ${name} was exported by key ${verdict.signature.kid}, not by the key given`);
  }
  try {
    copyFileSync(file, dest, constants.COPYFILE_EXCL);
  } catch (e) {
    throw new PortableCaseError(`cannot create ${dest}: ${(e as NodeJS.ErrnoException).code === 'EEXIST' ? 'a file of that name exists' : (e as Error).message}`);
  }
  let c: CaseFile | undefined;
  try {
    try {
      c = CaseFile.open(dest);
    } catch (e) {
      throw new PortableCaseError(`the file ${name} is signed but is not a case this workstation can open: ${(e as Error).message}`);
    }
    const check = c.checkCustody();
    if (!check.ok) throw new PortableCaseError(`the chain of custody of ${name} does not hold: ${check.problems[0]!.message}`);
    const filesChecked = checkBundleBytes(c);
    const count = (sql: string) => (c!.db.prepare(sql).get() as { n: number }).n;
    const verifications = count('SELECT count(*) AS n FROM verifications');
    const reviewEvents = count('SELECT count(*) AS n FROM review_events');
    const part = partOf(c.db);
    const rec = c.db.transaction(() =>
      c!.record('case.receive', {
        file: basename(name),
        sha256: digest.sha256,
        signed_by: verdict.signature.kid,
        public_key: verdict.signature.public_key,
        signer_known: known,
        custody_entries: check.entries,
        ...(part ? { tag: part.tag } : {}),
      }),
    )();
    return {
      path: dest,
      caseId: c.id,
      sha256: digest.sha256,
      signer: { kid: verdict.signature.kid, publicKey: verdict.signature.public_key, known },
      signedAt: verdict.signature.signed_at,
      custodyEntries: check.entries,
      bundles: c.bundles().length,
      verifications,
      reviewEvents,
      filesChecked,
      custodySeq: rec.seq,
      ...(part ? { part } : {}),
    };
  } catch (e) {
    c?.close();
    c = undefined;
    rmSync(dest, { force: true });
    for (const suffix of ['-wal', '-shm']) rmSync(dest + suffix, { force: true });
    throw e;
  } finally {
    c?.close();
  }
}

/** Every bundle file the case keeps, hashed from its stored chunks and compared with the hash recorded at import. */
function checkBundleBytes(c: CaseFile): number {
  const files = c.db.prepare('SELECT bundle_id, path, sha256 FROM bundle_files ORDER BY bundle_id, path').all() as { bundle_id: number; path: string; sha256: string }[];
  const chunks = c.db.prepare('SELECT data FROM bundle_content WHERE bundle_id = ? AND path = ? ORDER BY chunk');
  let checked = 0;
  for (const f of files) {
    const h = createHash('sha256');
    let any = false;
    for (const r of chunks.iterate(f.bundle_id, f.path) as IterableIterator<{ data: Buffer }>) {
      h.update(r.data);
      any = true;
    }
    if (!any) continue; // a case may keep a file's hash without its bytes
    if (h.digest('hex') !== f.sha256) throw new PortableCaseError(`bundle #${f.bundle_id}'s ${f.path} no longer has the SHA-256 recorded at import: the case file was edited`);
    checked++;
  }
  return checked;
}
