// The workstation's private temporary folders (extracted archives, temporary
// stores, uploads). Each is named from a fixed prefix and random characters,
// never from anything the user or a bundle chose, is created with mode 0700,
// and holds an owner marker with the process id that made it. A process that
// is killed cannot remove its folder (an extracted copy of the evidence would
// stay behind for ever), so the next run removes the folders of its own kind
// whose maker is gone: only folders with a valid marker, owned by this user,
// not links, and whose process no longer runs.
import { lstat, mkdtemp, open, readdir, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const PRIVATE_TEMP_PREFIXES = ['natalia-bundle-', 'natalia-store-', 'natalia-view-', 'natalia-uploads-', 'natalia-import-', 'natalia-export-', 'natalia-downloads-'] as const;
export type PrivateTempPrefix = (typeof PRIVATE_TEMP_PREFIXES)[number];

/** The marker's name inside each folder; archive entries are extracted into a subfolder, so none can collide with it. */
export const OWNER_MARKER = 'natalia-owner.json';

interface OwnerMarker {
  pid: number;
  host: string;
}

const swept = new Set<string>();

/**
 * A new private folder under `root` (os.tmpdir() or a test's folder). The
 * first call per root in a process first sweeps stale folders of every
 * prefix; the sweep never fails the caller.
 */
export async function makePrivateTemp(root: string, prefix: PrivateTempPrefix): Promise<string> {
  if (!swept.has(root)) {
    swept.add(root);
    await sweepStaleTemps(root).catch(() => []);
  }
  const dir = await mkdtemp(join(root, prefix));
  const marker: OwnerMarker = { pid: process.pid, host: hostname() };
  const fh = await open(join(dir, OWNER_MARKER), 'wx', 0o600);
  try {
    await fh.writeFile(JSON.stringify(marker));
  } finally {
    await fh.close();
  }
  return dir;
}

/** Removes the stale private folders under `root`; returns their names. */
export async function sweepStaleTemps(root: string): Promise<string[]> {
  const removed: string[] = [];
  const names = await readdir(root).catch(() => [] as string[]);
  for (const name of names) {
    if (!PRIVATE_TEMP_PREFIXES.some((p) => name.startsWith(p))) continue;
    const dir = join(root, name);
    if (!(await isStale(dir))) continue;
    await rm(dir, { recursive: true, force: true, maxRetries: 3 }).then(
      () => removed.push(name),
      () => undefined,
    );
  }
  return removed;
}

async function isStale(dir: string): Promise<boolean> {
  const st = await lstat(dir).catch(() => null);
  if (!st?.isDirectory()) return false; // a link or a file with our prefix is not ours to touch
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return false;
  const marker = await readMarker(join(dir, OWNER_MARKER));
  if (!marker || marker.host !== hostname()) return false;
  return marker.pid !== process.pid && !processRuns(marker.pid);
}

async function readMarker(path: string): Promise<OwnerMarker | null> {
  const st = await lstat(path).catch(() => null);
  if (!st?.isFile() || st.size > 4096) return null;
  try {
    const fh = await open(path, 'r');
    try {
      const v = JSON.parse(await fh.readFile('utf8')) as Partial<OwnerMarker>;
      return Number.isSafeInteger(v.pid) && (v.pid as number) > 0 && typeof v.host === 'string' ? (v as OwnerMarker) : null;
    } finally {
      await fh.close();
    }
  } catch {
    return null;
  }
}

/** Signal 0 tests for existence; EPERM means it runs under another user, so it is alive. */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
