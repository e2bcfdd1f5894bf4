// Command line of `npm run bench [-- options]`: which sections run and at
// what sizes. The full sizes are the issues' targets; --quick is a smoke run.
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
}

export const USAGE = `npm run bench [-- options]
  --quick              small sizes (smoke run): 12,500 and 50,000 entries, 200,000 CDRs
  --only LIST          sections to run, comma-separated: ${SECTIONS.join(',')} (default: all)
  --entries N[,N...]   audit entries of the verification bundles (default 250000,1000000)
  --cdrs N             CDR rows in the import bundle's dump (default 5000000)
  --import-entries N   audit entries of the import bundle (default 100000)
  --reaudit-entries E,L  entries of the re-audit's earlier and later exports (default 1000000,1100000)
  --raw-seconds S      seconds per raw Ed25519 loop (default 5)
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
  };
}
