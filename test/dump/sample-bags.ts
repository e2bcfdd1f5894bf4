// The three reference samples as bag folders the readers can open: the
// directory sample in place, the .tar.gz and .zip extracted to a private
// temporary folder (removed by the returned cleanup).
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';

export const SAMPLES = join(import.meta.dirname, '../fixtures/samples');

export interface SampleBag {
  root: string;
  trustRoots: string;
  cleanup(): void;
}

export function minimalBag(): SampleBag {
  const dir = join(SAMPLES, 'minimal');
  const name = readdirSync(dir).find((n) => n.startsWith('natalia-evidence-'))!;
  return { root: join(dir, name), trustRoots: join(dir, 'trust-roots.json'), cleanup: () => {} };
}

export function insertsBag(): SampleBag {
  const dir = join(SAMPLES, 'inserts');
  const archive = readdirSync(dir).find((n) => n.endsWith('.tar.gz'))!;
  const tmp = mkdtempSync(join(tmpdir(), 'natalia-inserts-'));
  execFileSync('tar', ['xzf', join(dir, archive), '-C', tmp]);
  return { root: join(tmp, archive.replace(/\.tar\.gz$/, '')), trustRoots: join(dir, 'trust-roots.json'), cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}

export async function fullBag(): Promise<SampleBag> {
  const dir = join(SAMPLES, 'full');
  const archive = readdirSync(dir).find((n) => n.endsWith('.zip'))!;
  const tmp = mkdtempSync(join(tmpdir(), 'natalia-full-'));
  await unzip(join(dir, archive), tmp);
  return { root: join(tmp, archive.replace(/\.zip$/, '')), trustRoots: join(dir, 'trust-roots.json'), cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}

function unzip(archive: string, into: string): Promise<void> {
  return new Promise((done, fail) => {
    yauzl.open(archive, { lazyEntries: true }, (err, zip) => {
      if (err) return fail(err);
      zip.on('error', fail);
      zip.on('end', () => done());
      zip.on('entry', (entry: yauzl.Entry) => {
        const target = resolve(into, entry.fileName);
        if (!target.startsWith(into + sep)) return fail(new Error(`unsafe entry ${entry.fileName}`));
        if (entry.fileName.endsWith('/')) {
          mkdirSync(target, { recursive: true });
          zip.readEntry();
          return;
        }
        mkdirSync(dirname(target), { recursive: true });
        zip.openReadStream(entry, (e, stream) => {
          if (e) return fail(e);
          pipeline(stream, createWriteStream(target)).then(() => zip.readEntry(), fail);
        });
      });
      zip.readEntry();
    });
  });
}

/** The plain audit key of a sample's license (as test/unit/crypto.test.ts decodes it). */
export function licensePayload(licenseText: string): {
  license_id: string;
  installation_id: string;
  audit_keys: { kid: string; public_key: string; not_before: string }[];
} {
  const body = licenseText
    .split('\n')
    .filter((l) => l && !l.startsWith('-----'))
    .join('');
  const envelope = JSON.parse(Buffer.from(body, 'base64').toString('utf8'));
  return JSON.parse(Buffer.from(envelope.enc, 'base64').toString('utf8'));
}
