import type { Finding } from '../../model/findings.js';
import type { CheckResult } from '../../model/verification.js';

export type BundleForm = 'directory' | 'zip' | 'tar.gz';

/**
 * A bag ready to read. For a directory it is the user's own folder, read in
 * place and never written; for an archive it is a private temporary folder
 * that `close()` removes.
 */
export interface BagHandle {
  /** Absolute path of the bag's root folder (the one holding bagit.txt). */
  root: string;
  /** Bag name, e.g. natalia-evidence-NAT-7Q2K-94XD-20260302T091407Z. */
  name: string;
  form: BundleForm;
  /** The path the user gave. */
  source: string;
  /** SHA-256 of the archive file as given; undefined for a directory. */
  sourceSha256?: string;
  close(): Promise<void>;
}

/** Limits that refuse hostile archives before they fill the disk (spec §7 bundle.unsafe_entry). */
export interface ExtractLimits {
  /** Most entries (files and directories) an archive may hold. */
  maxEntries: number;
  /** Most bytes extraction may produce, counted on what is actually inflated. */
  maxTotalBytes: number;
  /** Most bytes produced per byte of archive, over the whole archive. */
  maxRatio: number;
}

/** Bytes extraction may write, known before it starts; `why` names the free disk when that is the bound. */
export interface ExtractBudget {
  bytes: number;
  why: string | null;
}

export interface ExtractProgress {
  stage: 'extract';
  /** Bytes produced so far. */
  bytes: number;
}

export interface HashProgress {
  stage: 'hash';
  /** Payload bytes hashed so far, out of totalBytes. */
  bytes: number;
  totalBytes: number;
}

export type OpenBundleOutcome =
  | { ok: true; bag: BagHandle; findings: Finding[] }
  /** Not readable as a bundle at all (CLI exit 2), or refused as unsafe (findings say why). */
  | { ok: false; message: string; findings: Finding[] };

export interface BagCheck {
  findings: Finding[];
  checks: CheckResult[]; // bundle.structure, bundle.manifests
  /** bag-info.txt labels (first value of each label). */
  bagInfo: Record<string, string>;
  /** Bag-relative payload paths listed in the manifest AND present with the right hash. */
  intactPayload: Set<string>;
  /** Bag-relative payload paths present in data/ (listed or not). */
  presentPayload: Set<string>;
  /** SHA-256 of tagmanifest-sha256.txt's bytes, when present. */
  tagManifestSha256: string | null;
  /** Manifest entries: bag-relative path -> expected sha256. */
  manifest: Map<string, string>;
  /**
   * Every file hashed against a manifest (payload and tag files, and the tag
   * manifest itself): bag-relative path -> SHA-256 of the bytes as read,
   * whether or not it matched. An archive's members are known only through
   * this: a case keeps the archive as one file (bundle_members).
   */
  hashed: Map<string, string>;
  /** Listed, present payload files whose hash checkBag left to the caller (CheckBagOptions.deferHash), not yet settled. */
  deferredHashes?: string[];
  /**
   * Completes the manifest check for a deferred file with the hash the
   * caller computed (or why it could not read it): adds it to intactPayload,
   * or adds the bundle.manifest_mismatch finding to `findings` and updates
   * the bundle.manifests check. Returns that finding, or null.
   */
  settleDeferred?(path: string, actual: string | { unreadable: string }): Finding | null;
}
