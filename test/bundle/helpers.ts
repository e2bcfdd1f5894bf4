// Shared helpers for the bundle tests: the samples (read-only), scratch
// folders, hostile archives built in memory, and the audit key of a sample.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import yazl from 'yazl';
import { importPublicKey, type VerifyingKey } from '../../shared/engine/crypto/ed25519.js';

const SAMPLES = join(import.meta.dirname, '../fixtures/samples');
export const MINIMAL_DIR = join(SAMPLES, 'minimal');
export const MINIMAL_BAG = join(MINIMAL_DIR, 'natalia-evidence-NAT-EC94-0782-20260302T091407Z');
export const FULL_ZIP = join(SAMPLES, 'full/natalia-evidence-NAT-CE90-8A2C-20260302T091407Z.zip');
export const INSERTS_TGZ = join(SAMPLES, 'inserts/natalia-evidence-NAT-0DF2-67CD-20260302T091407Z.tar.gz');

/** A fresh folder under os.tmpdir(); removed by `cleanup()`. */
export function scratch(prefix = 'natalia-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function cleanup(...dirs: string[]): void {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}

/** A writable copy of the minimal sample bag (the sample itself is never touched). */
export function copyMinimal(into: string): string {
  const dest = join(into, 'natalia-evidence-NAT-EC94-0782-20260302T091407Z');
  cpSync(MINIMAL_BAG, dest, { recursive: true });
  return dest;
}

export interface ZipItem {
  name: string;
  data?: Buffer | string;
  dir?: boolean;
  mode?: number;
  compress?: boolean;
}

/** Builds a zip in memory with yazl. */
export async function buildZip(items: ZipItem[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const it of items) {
    if (it.dir) zip.addEmptyDirectory(it.name, it.mode ? { mode: it.mode } : {});
    else {
      const opts: Partial<yazl.Options> = { compress: it.compress ?? true };
      if (it.mode) opts.mode = it.mode;
      zip.addBuffer(Buffer.from(it.data ?? ''), it.name, opts);
    }
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * yazl refuses hostile names, so tests write a same-length placeholder and
 * patch the bytes afterwards, in both local and central headers.
 */
export function patchBytes(buf: Buffer, from: string, to: string): Buffer {
  const a = Buffer.from(from);
  const b = Buffer.from(to);
  if (a.length !== b.length) throw new Error('patch must keep the length');
  let i = buf.indexOf(a);
  if (i < 0) throw new Error(`placeholder ${from} not found`);
  const out = Buffer.from(buf);
  while (i >= 0) {
    b.copy(out, i);
    i = out.indexOf(a, i + 1);
  }
  return out;
}

export interface TarItem {
  name: string;
  data?: Buffer | string;
  type?: tar.Header['type'];
  linkname?: string;
}

/** Builds a .tar.gz in memory with tar-stream and zlib. */
export async function buildTarGz(items: TarItem[], trailingZeros = 0): Promise<Buffer> {
  const pack = tar.pack();
  const done = (async () => {
    const chunks: Buffer[] = [];
    for await (const c of pack) chunks.push(Buffer.from(c as Uint8Array));
    return Buffer.concat(chunks);
  })();
  for (const it of items) {
    const header: tar.Header | { name: string } = {
      name: it.name,
      type: it.type ?? 'file',
      ...(it.linkname ? { linkname: it.linkname } : {}),
    };
    await new Promise<void>((resolve, reject) =>
      pack.entry(header, Buffer.from(it.data ?? ''), (err) => (err ? reject(err) : resolve())),
    );
  }
  pack.finalize();
  const tarBytes = Buffer.concat([await done, Buffer.alloc(trailingZeros)]);
  return gzipSync(tarBytes);
}

export function writeArchive(dir: string, name: string, bytes: Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

/** The audit keys of the bag's current license (read without checking the vendor signature: tests only). */
export function licenseAuditKeys(bagRoot: string): Map<string, VerifyingKey> {
  const armour = readFileSync(join(bagRoot, 'data/license/natalia.lic'), 'utf8');
  const body = armour
    .split('\n')
    .filter((l) => l && !l.startsWith('-----'))
    .join('');
  const envelope = JSON.parse(Buffer.from(body, 'base64').toString('utf8'));
  const payload = JSON.parse(Buffer.from(envelope.enc, 'base64').toString('utf8'));
  const keys = new Map<string, VerifyingKey>();
  for (const k of payload.audit_keys as { public_key: string }[]) {
    const imported = importPublicKey(k.public_key);
    if (!('key' in imported)) throw new Error(imported.error);
    keys.set(imported.key.kid, imported.key);
  }
  return keys;
}
