// The demo's signing key. Reports made in a demo are signed like real ones,
// but with a key made for this launch in a private temporary folder and
// removed when the workstation stops: a demo report can never carry the
// signature of the workstation key the auditor hands to recipients.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ThrowawayKeyHome {
  /** Folder for `keyHome`: mode 0700 (mkdtemp), empty until the first report makes its key. */
  path: string;
  remove(): Promise<void>;
}

export async function createThrowawayKeyHome(): Promise<ThrowawayKeyHome> {
  const path = await mkdtemp(join(tmpdir(), 'natalia-demo-key-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
