// The project's own fuzz harness (npm run fuzz): bundles of the exporter
// (test/exporter) mutated at random, and hostile archives built from them,
// verified one after the other for a bounded time. Each run checks the
// invariants the workstation promises for bad input:
//   - no crash (verifyBundle never throws for bad evidence) and no hang;
//   - the input is never modified (every file hashed before and after);
//   - a change that a manifest covers is never TRUSTED;
//   - every finding is located (names a file).
// Deterministic for a seed: the same seed replays the same mutations.
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import yazl from 'yazl';
import { BundleUnreadableError, verifyBundle } from '../../shared/engine/verify/verify-bundle.js';
import { exportBundle } from '../exporter/index.js';

export interface FuzzOptions {
  seconds: number;
  seed: string;
  /** Longest a single verification may take before it counts as a hang (ms). */
  hangMs?: number;
  log?: (line: string) => void;
}

export interface FuzzCounts {
  runs: number;
  byMutation: Record<string, number>;
  verdicts: Record<string, number>;
  violations: { mutation: string; invariant: string; detail: string }[];
}

const MUTATIONS = ['flip-byte', 'truncate', 'drop-line', 'duplicate-line', 'long-value', 'deep-nesting', 'nul-bytes', 'delete-file', 'hostile-zip'] as const;
type Mutation = (typeof MUTATIONS)[number];

/** A small deterministic generator (xorshift32 seeded by SHA-256 of the seed). */
function rng(seed: string): () => number {
  let x = createHash('sha256').update(seed).digest().readUInt32LE(0) || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.push(relative(dir, join(e.parentPath, e.name)).split('\\').join('/'));
  }
  return out.sort();
}

function snapshot(path: string): string {
  const h = createHash('sha256');
  const st = statSync(path);
  if (st.isFile()) return h.update(readFileSync(path)).digest('hex');
  for (const f of files(path)) h.update(f).update('\0').update(readFileSync(join(path, f))).update('\0');
  return h.digest('hex');
}

async function zipOf(dir: string, name: string, hostile: (zip: yazl.ZipFile) => void): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const f of files(dir)) zip.addBuffer(readFileSync(join(dir, f)), `${name}/${f}`);
  hostile(zip);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function runFuzz(opts: FuzzOptions): Promise<FuzzCounts> {
  const log = opts.log ?? (() => {});
  const hangMs = opts.hangMs ?? 120_000;
  const random = rng(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const root = mkdtempSync(join(tmpdir(), 'natalia-fuzz-'));
  const counts: FuzzCounts = { runs: 0, byMutation: {}, verdicts: {}, violations: [] };
  try {
    const base = await exportBundle({ outDir: join(root, 'base'), seed: `fuzz-${opts.seed}`, entries: 120, erasures: 1, form: 'directory' });
    const baseDir = base.bagDir!;
    const trustPath = base.trustRootsPath;
    const first = await verifyBundle(baseDir, { trustPath });
    if (first.verdict !== 'trusted') throw new Error(`the unmutated bundle is ${first.verdict}, not trusted: the harness cannot judge mutations`);
    const baseFiles = files(baseDir);
    const deadline = Date.now() + opts.seconds * 1000;

    while (Date.now() < deadline) {
      const n = counts.runs++;
      const mutation: Mutation = pick(MUTATIONS);
      counts.byMutation[mutation] = (counts.byMutation[mutation] ?? 0) + 1;
      const work = join(root, `run-${n}`);
      const bag = join(work, base.bagName);
      cpSync(baseDir, bag, { recursive: true });
      const target = pick(baseFiles);
      const abs = join(bag, target);
      let input = bag;
      let changed = true;
      const bytes = readFileSync(abs);
      const lines = bytes.toString('utf8').split('\n');
      switch (mutation) {
        case 'flip-byte': {
          if (bytes.length === 0) changed = false;
          else {
            const i = Math.floor(random() * bytes.length);
            bytes[i] = bytes[i]! ^ (1 << Math.floor(random() * 8));
            writeFileSync(abs, bytes);
          }
          break;
        }
        case 'truncate':
          writeFileSync(abs, bytes.subarray(0, Math.floor(random() * bytes.length)));
          changed = bytes.length > 0;
          break;
        case 'drop-line':
        case 'duplicate-line': {
          const i = Math.floor(random() * lines.length);
          if (mutation === 'drop-line') lines.splice(i, 1);
          else lines.splice(i, 0, lines[i]!);
          const next = Buffer.from(lines.join('\n'));
          changed = !next.equals(bytes);
          writeFileSync(abs, next);
          break;
        }
        case 'long-value': {
          const i = Math.floor(random() * bytes.length);
          writeFileSync(abs, Buffer.concat([bytes.subarray(0, i), Buffer.alloc(200_000 + Math.floor(random() * 2_000_000), 'A'), bytes.subarray(i)]));
          break;
        }
        case 'deep-nesting': {
          const depth = 1000 + Math.floor(random() * 20_000);
          const i = Math.floor(random() * bytes.length);
          writeFileSync(abs, Buffer.concat([bytes.subarray(0, i), Buffer.from('['.repeat(depth) + ']'.repeat(depth)), bytes.subarray(i)]));
          break;
        }
        case 'nul-bytes': {
          const i = Math.floor(random() * bytes.length);
          writeFileSync(abs, Buffer.concat([bytes.subarray(0, i), Buffer.alloc(1 + Math.floor(random() * 64)), bytes.subarray(i)]));
          break;
        }
        case 'delete-file':
          rmSync(abs);
          break;
        case 'hostile-zip': {
          const kind = pick(['dotdot', 'absolute', 'symlink', 'bomb', 'second-top', 'dot-name'] as const);
          const zip = await zipOf(bag, base.bagName, (z) => {
            if (kind === 'symlink') z.addBuffer(Buffer.from('/etc/passwd'), `${base.bagName}/data/link`, { mode: 0o120777 });
            if (kind === 'bomb') z.addBuffer(Buffer.alloc(20_000_000), `${base.bagName}/data/zeros.bin`);
            if (kind === 'second-top') z.addBuffer(Buffer.from('x'), 'other/x.txt');
            if (kind === 'dotdot' || kind === 'absolute') z.addBuffer(Buffer.from('pwn'), `${base.bagName}/QQQQ/x`);
          });
          const patched = kind === 'dotdot' ? replaceAll(zip, `${base.bagName}/QQQQ/x`, `${base.bagName}/../../x`.padEnd(base.bagName.length + 7, 'x')) : kind === 'absolute' ? replaceAll(zip, `${base.bagName}/QQQQ/x`, `/${base.bagName}/QQQ/x`) : zip;
          input = join(work, kind === 'dot-name' ? '...zip' : `${base.bagName}.zip`);
          writeFileSync(input, patched);
          rmSync(bag, { recursive: true });
          changed = kind !== 'dot-name';
          break;
        }
      }
      const before = snapshot(input);
      const fail = (invariant: string, detail: string) => {
        counts.violations.push({ mutation, invariant, detail: `${detail} (run ${n}, ${target})` });
        log(`VIOLATION ${invariant}: ${mutation} of ${target}: ${detail}`);
      };
      try {
        let timer: NodeJS.Timeout | undefined;
        const hang = new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), hangMs)));
        const r = await Promise.race([verifyBundle(input, { trustPath }), hang]).finally(() => clearTimeout(timer));
        if (r === 'hang') {
          fail('no hang', `no verdict after ${hangMs} ms`);
        } else {
          counts.verdicts[r.verdict] = (counts.verdicts[r.verdict] ?? 0) + 1;
          // Every file but the signature is covered by a manifest (the signature covers the tag manifest): a change must never stay trusted.
          if (changed && target !== 'bundle-signature.json' && r.verdict === 'trusted') fail('a covered change is never trusted', `${mutation} left the bundle TRUSTED`);
          for (const f of r.findings) if (!f.file) fail('errors are located', `${f.code} names no file: ${f.message.slice(0, 120)}`);
        }
      } catch (e) {
        // Not a bundle at all (no bagit.txt, say): the one clear refusal the CLI turns into exit 2.
        if (e instanceof BundleUnreadableError) {
          counts.verdicts.refused = (counts.verdicts.refused ?? 0) + 1;
        } else fail('no crash', e instanceof Error ? `${e.name}: ${e.message.slice(0, 200)}` : String(e));
      }
      if (snapshot(input) !== before) fail('input never modified', 'the input changed during verification');
      rmSync(work, { recursive: true, force: true });
      if (counts.runs % 25 === 0) log(`${counts.runs} runs, ${counts.violations.length} violations`);
    }
    return counts;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function replaceAll(buf: Buffer, from: string, to: string): Buffer {
  const a = Buffer.from(from);
  const b = Buffer.from(to.slice(0, from.length).padEnd(from.length, 'x'));
  const out = Buffer.from(buf);
  for (let i = out.indexOf(a); i >= 0; i = out.indexOf(a, i + 1)) b.copy(out, i);
  return out;
}
