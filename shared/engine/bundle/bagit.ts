// Checks a bag against RFC 8493 as spec §1 profiles it: the tag files, the
// payload manifest (every file hashed, streamed), the unlisted payload files,
// Payload-Oxum and the tag manifest. Produces the bundle.structure and
// bundle.manifests checks; the bundle signature is bundle-signature.ts.
import { finding, type Finding } from '../../model/findings.js';
import type { CheckResult } from '../../model/verification.js';
import { sha256Hex } from '../crypto/hash.js';
import { hashBagFile, readTagText, statInBag, walkPayload } from './bag-files.js';
import { bagitTxtProblems, parseBagInfo, parseManifest, parseOxum, type ManifestLine } from './tag-files.js';
import type { BagCheck, BagHandle, HashProgress } from './types.js';

const MANIFEST = 'manifest-sha256.txt';
const TAG_MANIFEST = 'tagmanifest-sha256.txt';
/** The tag files the tag manifest must cover (spec §1). */
const BOUND_TAG_FILES = ['bagit.txt', 'bag-info.txt', MANIFEST];

export interface CheckBagOptions {
  signal?: AbortSignal;
  /**
   * Hash every listed payload file (default). The fast path turns it off: it
   * then checks presence, unlisted files and the tag manifest only, and says so.
   */
  hashPayload?: boolean;
  onProgress?: (p: HashProgress) => void;
  /**
   * Listed payload files NOT hashed here because the caller reads them in
   * full anyway (the verifier's dump pass) and hashes them in that pass: it
   * then hands each hash to `BagCheck.settleDeferred`, which completes the
   * manifest check exactly as if checkBag had hashed the file.
   */
  deferHash?: ReadonlySet<string>;
}

export async function checkBag(bag: BagHandle, opts: CheckBagOptions = {}): Promise<BagCheck> {
  const root = bag.root;
  const structure: Finding[] = [];
  const manifests: Finding[] = [];
  const malformed = (list: Finding[], file: string, message: string, line?: number) =>
    list.push(finding({ code: 'bundle.malformed', message, file, ...(line ? { line } : {}) }));

  // bagit.txt
  const bagit = await readTagText(root, 'bagit.txt');
  if ('missing' in bagit) malformed(structure, 'bagit.txt', 'bagit.txt is missing: this is not a BagIt bag.');
  else if ('problem' in bagit) malformed(structure, 'bagit.txt', `${bagit.problem}.`);
  else for (const p of bagitTxtProblems(bagit.text)) malformed(structure, 'bagit.txt', `${p.message}.`, p.line);

  // bag-info.txt
  let bagInfo: Record<string, string> = {};
  let oxumLine: number | undefined;
  const info = await readTagText(root, 'bag-info.txt');
  if ('missing' in info) malformed(structure, 'bag-info.txt', 'bag-info.txt is missing, so the export is not described.');
  else if ('problem' in info) malformed(structure, 'bag-info.txt', `${info.problem}.`);
  else {
    const parsed = parseBagInfo(info.text);
    bagInfo = parsed.labels;
    oxumLine = parsed.lineOf['Payload-Oxum'];
    for (const p of parsed.problems) malformed(structure, 'bag-info.txt', `${p.message}.`, p.line);
  }

  // The payload as it is on disk; links are reported, never followed.
  const walk = await walkPayload(root);
  if (!walk.dataDirPresent && !walk.refused.some((r) => r.path === 'data')) {
    malformed(structure, 'data', 'The bag has no data/ directory.');
  }
  for (const r of walk.refused) {
    structure.push(
      finding({
        code: 'bundle.unsafe_entry',
        message: `${r.path} is ${r.what}; the workstation does not follow it and ignores its content.`,
        file: r.path,
      }),
    );
  }
  for (const u of walk.unreadable) {
    malformed(structure, u.path, `${u.path} cannot be listed (${u.reason}), so its files cannot be checked.`);
  }
  const present = walk.files;

  // manifest-sha256.txt: every listed payload file hashed and compared.
  const manifest = new Map<string, string>();
  const fileHashes = new Map<string, string>();
  const intactPayload = new Set<string>();
  const deferred = new Map<string, ManifestLine>();
  const man = await readTagText(root, MANIFEST);
  if ('missing' in man) malformed(manifests, MANIFEST, `${MANIFEST} is missing, so no payload file can be checked.`);
  else if ('problem' in man) malformed(manifests, MANIFEST, `${man.problem}.`);
  else {
    const parsed = parseManifest(man.text, MANIFEST, 'payload');
    for (const p of parsed.problems) malformed(manifests, MANIFEST, `${p.message}.`, p.line);
    for (const e of parsed.entries) manifest.set(e.path, e.sha256);
    const totalBytes = parsed.entries.reduce((a, e) => a + (opts.deferHash?.has(e.path) ? 0 : (present.get(e.path) ?? 0)), 0);
    let hashed = 0;
    const onBytes = (n: number) => {
      hashed += n;
      opts.onProgress?.({ stage: 'hash', bytes: hashed, totalBytes });
    };
    for (const e of parsed.entries) {
      opts.signal?.throwIfAborted();
      if (!present.has(e.path)) {
        manifests.push(missingListed(MANIFEST, e));
        continue;
      }
      if (opts.hashPayload === false) continue;
      if (opts.deferHash?.has(e.path) && !deferred.has(e.path)) {
        deferred.set(e.path, e);
        continue;
      }
      const actual = await hashBagFile(root, e.path, onBytes, opts.signal).catch(unreadable);
      if (typeof actual === 'string') fileHashes.set(e.path, actual);
      if (actual === e.sha256) intactPayload.add(e.path);
      else manifests.push(differs(MANIFEST, e, actual));
    }
  }
  if (!('missing' in man) && !('problem' in man)) {
    for (const path of present.keys()) {
      if (manifest.has(path)) continue;
      manifests.push(
        finding({
          code: 'bundle.unlisted_file',
          message: `${path} is in data/ but ${MANIFEST} does not list it; its content is not bound to the export.`,
          file: path,
        }),
      );
    }
  }

  // Payload-Oxum against what is actually present. Files added to data/ already have their
  // unlisted_file finding each: when the listed files alone match the Oxum, that is the whole story.
  const oxum = parseOxum(bagInfo['Payload-Oxum']);
  if (oxum) {
    const actual = { octets: [...present.values()].reduce((a, b) => a + b, 0), count: present.size };
    const listedPresent = [...present].filter(([path]) => manifest.has(path));
    const explainedByUnlisted =
      manifest.size > 0 && oxum.count === listedPresent.length && oxum.octets === listedPresent.reduce((a, [, bytes]) => a + bytes, 0);
    if ((oxum.octets !== actual.octets || oxum.count !== actual.count) && !explainedByUnlisted) {
      manifests.push(
        finding({
          code: 'bundle.manifest_mismatch',
          message: `Payload-Oxum declares ${oxum.octets} bytes in ${oxum.count} files, but data/ holds ${actual.octets} bytes in ${actual.count} files.`,
          file: 'bag-info.txt',
          ...(oxumLine ? { line: oxumLine } : {}),
          details: { expected: oxum, actual },
        }),
      );
    }
  }

  // tagmanifest-sha256.txt: the tag files, and with them everything the signature binds.
  let tagManifestSha256: string | null = null;
  const tag = await readTagText(root, TAG_MANIFEST);
  if ('missing' in tag) {
    malformed(manifests, TAG_MANIFEST, `${TAG_MANIFEST} is missing, so nothing binds the tag files to the bundle signature.`);
  } else if ('problem' in tag) malformed(manifests, TAG_MANIFEST, `${tag.problem}.`);
  else {
    tagManifestSha256 = sha256Hex(tag.bytes);
    fileHashes.set(TAG_MANIFEST, tagManifestSha256);
    const parsed = parseManifest(tag.text, TAG_MANIFEST, 'tag');
    for (const p of parsed.problems) malformed(manifests, TAG_MANIFEST, `${p.message}.`, p.line);
    for (const e of parsed.entries) {
      const st = await statInBag(root, e.path);
      if (st.kind !== 'file') manifests.push(missingListed(TAG_MANIFEST, e));
      else {
        const actual = await hashBagFile(root, e.path, undefined, opts.signal).catch(unreadable);
        if (typeof actual === 'string') fileHashes.set(e.path, actual);
        if (actual !== e.sha256) manifests.push(differs(TAG_MANIFEST, e, actual));
      }
    }
    const listed = new Set(parsed.entries.map((e) => e.path));
    for (const f of BOUND_TAG_FILES) {
      if (!listed.has(f)) malformed(manifests, TAG_MANIFEST, `${TAG_MANIFEST} does not list ${f}, so the signature does not bind it.`);
    }
  }

  const manifestsCheck = () =>
    checkResult('bundle.manifests', manifests, [MANIFEST, TAG_MANIFEST],
      opts.hashPayload === false
        ? `All ${present.size} payload files listed in ${MANIFEST} are present and none is unlisted; Payload-Oxum agrees and the tag files match ${TAG_MANIFEST}. Fast mode: payload hashes were not computed.`
        : `All ${present.size} payload files match ${MANIFEST}, none is unlisted, Payload-Oxum agrees, and the tag files match ${TAG_MANIFEST}.`,
      `The bag's files do not all match its manifests.`);
  const out: BagCheck = {
    findings: [...structure, ...manifests],
    checks: [
      checkResult('bundle.structure', structure, ['bagit.txt', 'bag-info.txt'],
        'bagit.txt declares BagIt 1.0 in UTF-8, bag-info.txt holds every required label, and data/ holds only regular files.',
        'The bag does not follow the BagIt structure the format requires (bagit.txt, bag-info.txt or data/).'),
      manifestsCheck(),
    ],
    bagInfo,
    intactPayload,
    presentPayload: new Set(present.keys()),
    tagManifestSha256,
    manifest,
    hashed: fileHashes,
    deferredHashes: [...deferred.keys()],
    settleDeferred(path, actual) {
      const e = deferred.get(path);
      if (!e) throw new Error(`${path} has no deferred hash to settle`);
      deferred.delete(path);
      out.deferredHashes = [...deferred.keys()];
      if (typeof actual === 'string') fileHashes.set(path, actual);
      if (actual === e.sha256) {
        intactPayload.add(path);
        return null;
      }
      const f = differs(MANIFEST, e, actual);
      manifests.push(f);
      out.findings.push(f);
      out.checks = out.checks.map((c) => (c.id === 'bundle.manifests' ? manifestsCheck() : c));
      return f;
    },
  };
  return out;
}

function checkResult(
  id: 'bundle.structure' | 'bundle.manifests',
  found: Finding[],
  files: string[],
  passed: string,
  failed: string,
): CheckResult {
  const status = found.length === 0 ? 'passed' : 'failed';
  const summary = status === 'passed' ? passed : `${failed} ${found.length} finding${found.length === 1 ? '' : 's'}.`;
  return { id, status, summary, files, findings: found.length };
}

/** Located at the listed file; the manifest line that lists it is in details. */
function missingListed(manifestFile: string, e: ManifestLine): Finding {
  return finding({
    code: 'bundle.manifest_mismatch',
    message: `${e.path} is listed in ${manifestFile} (line ${e.line}) but is missing from the bag.`,
    file: e.path,
    details: { manifest: manifestFile, manifest_line: e.line, expected: e.sha256, actual: null },
  });
}

/** A file that cannot be read cannot be vouched for: it counts as differing. Cancellation is not swallowed. */
function unreadable(err: unknown): { unreadable: string } {
  if (err instanceof Error && err.name === 'AbortError') throw err;
  return { unreadable: (err as NodeJS.ErrnoException).code ?? String(err) };
}

function differs(manifestFile: string, e: ManifestLine, actual: string | { unreadable: string }): Finding {
  if (typeof actual !== 'string') {
    return finding({
      code: 'bundle.manifest_mismatch',
      message: `${e.path} is listed in ${manifestFile} (line ${e.line}) but cannot be read (${actual.unreadable}).`,
      file: e.path,
      details: { manifest: manifestFile, manifest_line: e.line, expected: e.sha256, actual: null },
    });
  }
  return finding({
    code: 'bundle.manifest_mismatch',
    message: `${e.path} does not match ${manifestFile} (line ${e.line}): it was changed after export.`,
    file: e.path,
    details: { manifest: manifestFile, manifest_line: e.line, expected: e.sha256, actual },
  });
}
