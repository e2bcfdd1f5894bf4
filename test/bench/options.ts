// Command line of `npm run bench [-- options]`: which sections run and at
// what sizes. The full sizes are the issues' targets; --quick is a smoke run.
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

export type Section = 'verify' | 'import' | 'ui' | 'reaudit';
export const SECTIONS: readonly Section[] = ['verify', 'import', 'ui', 'reaudit'];

export interface BenchOptions {
  quick: boolean;
  sections: Section[];
  /** Audit entries of the verification bundles, smallest first (the last is the headline size). */
  verifyEntries: number[];
  /** CDR rows wanted in the import bundle's dump. */
  cdrs: number;
  /** Audit entries of the import bundle. */
  importEntries: number;
  /** Audit entries of the re-audit's earlier and later exports. */
  reauditEntries: [number, number];
  /** Seconds each raw Ed25519 loop runs. */
  rawSeconds: number;
  /** Keep the generated bundles and case (their folder is printed). */
  keep: boolean;
  /** Entries of the growth step (one full verification, against the largest size); null: no growth step. */
  growthEntries: number | null;
  /** Folder where generated bundles are kept between runs; null: generate afresh and remove them. */
  cacheDir: string | null;
}

/** Where generated bundles are kept between runs unless --cache or --no-cache says otherwise. */
export const DEFAULT_CACHE_DIR = join(tmpdir(), 'natalia-bench-cache');

export const USAGE = `npm run bench [-- options]
  --quick              small sizes (smoke run): 12,500 and 50,000 entries, 200,000 CDRs
  --only LIST          sections to run, comma-separated: ${SECTIONS.join(',')} (default: all)
  --entries N[,N...]   audit entries of the verification bundles (default 250000,1000000)
  --cdrs N             CDR rows in the import bundle's dump (default 5000000)
  --import-entries N   audit entries of the import bundle (default 100000)
  --reaudit-entries E,L  entries of the re-audit's earlier and later exports (default 1000000,1100000)
  --raw-seconds S      seconds per raw Ed25519 loop (default 5)
  --growth N           entries of the growth step: one more full verification, for flat memory and time
                       linear in size against the largest --entries size (default 5000000; --quick 250000; 0: none)
  --cache DIR          keep generated bundles in DIR and reuse them on the next run (default ${DEFAULT_CACHE_DIR})
  --no-cache           generate every bundle afresh and remove it afterwards
  --keep               keep the generated bundles and case under the temp folder
  --help`;

function positiveInt(name: string, v: string): number {
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} takes a positive integer, got "${v}"`);
  return n;
}

function reauditSizes(v: string | undefined, quick: boolean): [number, number] {
  if (v === undefined) return quick ? [20_000, 22_000] : [1_000_000, 1_100_000];
  const n = v.split(',').map((x) => positiveInt('--reaudit-entries', x));
  if (n.length !== 2 || n[0]! >= n[1]!) throw new Error(`--reaudit-entries takes two sizes, the earlier export's below the later one's, got "${v}"`);
  return [n[0]!, n[1]!];
}

/** Parses argv; returns null for --help. Throws on a bad option. */
export function parseBenchArgs(argv: string[]): BenchOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean' },
      only: { type: 'string' },
      entries: { type: 'string' },
      cdrs: { type: 'string' },
      'import-entries': { type: 'string' },
      'raw-seconds': { type: 'string' },
      'reaudit-entries': { type: 'string' },
      keep: { type: 'boolean' },
      growth: { type: 'string' },
      cache: { type: 'string' },
      'no-cache': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return null;
  const quick = values.quick ?? false;
  const sections = values.only
    ? values.only.split(',').map((s) => {
        if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`--only: unknown section "${s}" (known: ${SECTIONS.join(', ')})`);
        return s as Section;
      })
    : [...SECTIONS];
  const verifyEntries = values.entries
    ? values.entries.split(',').map((v) => positiveInt('--entries', v)).sort((a, b) => a - b)
    : quick
      ? [12_500, 50_000]
      : [250_000, 1_000_000];
  const rawSeconds = values['raw-seconds'] ? Number(values['raw-seconds']) : quick ? 1.5 : 5;
  const largest = verifyEntries[verifyEntries.length - 1]!;
  const byDefault = quick ? 250_000 : 5_000_000;
  const growth = values.growth !== undefined ? (values.growth === '0' ? 0 : positiveInt('--growth', values.growth)) : byDefault > largest ? byDefault : 0;
  if (growth !== 0 && growth <= largest) throw new Error(`--growth takes more entries than the largest --entries size (${largest}), got ${growth}`);
  if (values.cache !== undefined && values['no-cache']) throw new Error('--cache and --no-cache exclude each other');
  if (!(rawSeconds > 0)) throw new Error(`--raw-seconds takes a positive number, got "${values['raw-seconds']}"`);
  return {
    quick,
    sections,
    verifyEntries,
    cdrs: values.cdrs ? positiveInt('--cdrs', values.cdrs) : quick ? 200_000 : 5_000_000,
    importEntries: values['import-entries'] ? positiveInt('--import-entries', values['import-entries']) : quick ? 20_000 : 100_000,
    reauditEntries: reauditSizes(values['reaudit-entries'], quick),
    rawSeconds,
    keep: values.keep ?? false,
    growthEntries: growth === 0 ? null : growth,
    cacheDir: values['no-cache'] ? null : values.cache !== undefined ? resolve(values.cache) : DEFAULT_CACHE_DIR,
  };
}
