// A private, throw-away PostgreSQL cluster for the import benchmark's
// reference: `psql -f` restoring the bundle's own dump. The cluster lives in
// a temporary folder, listens on a Unix socket in that folder only (no TCP),
// runs with PostgreSQL's default settings, and is stopped and removed
// afterwards. initdb refuses to run as root, so as root the server runs as
// the `postgres` system user (runuser); psql connects over the socket as
// the cluster's superuser, trusted locally.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export interface PgCluster {
  binDir: string;
  version: string;
  /** Runs psql on database `db` with `args`; resolves with stdout, rejects on a non-zero exit. */
  psql(db: string, args: string[]): Promise<string>;
  createdb(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** The newest PostgreSQL server binaries on this machine, or why there are none. */
export function findPostgres(): { binDir: string } | { missing: string } {
  const candidates: string[] = [];
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    // The spec's dumps come from PostgreSQL 15: prefer it, then the newest.
    versions.sort((a, b) => (a === '15' ? -1 : b === '15' ? 1 : 0));
    candidates.push(...versions.map((v) => join(debian, v, 'bin')));
  }
  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (pgConfig.status === 0) candidates.push(pgConfig.stdout.trim());
  for (const dir of candidates) {
    if (['initdb', 'pg_ctl', 'psql', 'createdb'].every((b) => existsSync(join(dir, b)))) return { binDir: dir };
  }
  return { missing: 'no PostgreSQL server binaries (initdb, pg_ctl, psql) were found under /usr/lib/postgresql/*/bin or by pg_config' };
}

function run(cmd: string, args: string[], opts: { asUser?: string; quiet?: boolean } = {}): Promise<string> {
  const [c, a] = opts.asUser ? ['runuser', ['-u', opts.asUser, '--', cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    const p = spawn(c, a, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => {
      if (!opts.quiet) out += d.toString('utf8');
    });
    p.stderr.on('data', (d: Buffer) => (err = (err + d.toString('utf8')).slice(-4000)));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} failed (${code}): ${err.trim()}`))));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no free port'))));
    });
  });
}

/** Starts a cluster, or explains why it cannot (the caller prints the reason and skips). */
export async function startCluster(binDir: string): Promise<PgCluster> {
  const isRoot = userInfo().uid === 0;
  let asUser: string | undefined;
  if (isRoot) {
    const pw = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    if (pw.status !== 0) throw new Error('running as root and there is no `postgres` system user to run initdb as');
    asUser = 'postgres';
  }
  const dir = await mkdtemp(join(tmpdir(), 'natalia-bench-pg-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    if (isRoot) {
      const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
      const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
      chownSync(dir, uid, gid);
    }
    const data = join(dir, 'data');
    const port = await freePort();
    const bin = (b: string) => join(binDir, b);
    await run(bin('initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C'], { asUser, quiet: true });
    await run(bin('pg_ctl'), ['-D', data, '-o', `-k ${dir} -p ${port} -c listen_addresses=''`, '-l', join(dir, 'server.log'), '-w', 'start'], { asUser, quiet: true });
    const version = (await run(bin('psql'), ['--version'])).trim();
    const conn = ['-h', dir, '-p', String(port), '-U', 'postgres'];
    let stopped = false;
    return {
      binDir,
      version,
      psql: (db, args) => run(bin('psql'), ['-X', ...conn, '-d', db, ...args]),
      createdb: async (name) => void (await run(bin('createdb'), [...conn, name])),
      stop: async () => {
        if (stopped) return;
        stopped = true;
        try {
          await run(bin('pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop'], { asUser, quiet: true });
        } finally {
          await cleanup();
        }
      },
    };
  } catch (e) {
    // A half-started server would keep the folder busy: try to stop it, then remove everything.
    await run(join(binDir, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop'], { asUser, quiet: true }).catch(() => '');
    await cleanup();
    throw e;
  }
}
