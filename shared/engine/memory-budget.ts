// The heap settings of the bulk commands (verify, import, demo). Everything that
// grows with the evidence is streamed, so the live heap stays small; but V8
// grows its old space lazily under a high allocation rate, and a process that
// could use 2 GB will. A fixed budget makes V8 collect in time, keeping the
// resident size flat (measured: 225 MB instead of 415 MB at 250,000 entries,
// with the same speed). The bench runs its children under the same settings.
export const BULK_HEAP_BUDGET_MB = 256;

// A larger young generation: entries die young, but the ones waiting for their
// signature results outlive the default 16 MB semi-space and get promoted.
// Measured at 250,000 entries: 5-8 % less CPU on the verifier's main thread
// for about 30 MB more resident memory.
export const BULK_SEMI_SPACE_MB = 32;

/** The Node flags a bulk command runs under. */
export const BULK_NODE_FLAGS: readonly string[] = [
  `--max-old-space-size=${BULK_HEAP_BUDGET_MB}`,
  `--max-semi-space-size=${BULK_SEMI_SPACE_MB}`,
];

/** Commands that process a whole bundle or case and run under the budget. */
export const BULK_COMMANDS: ReadonlySet<string> = new Set(['verify', 'import', 'demo', 'caiq', 'erasure-report']);

/**
 * The same budget for a worker thread (the engine host and its import
 * thread, shared/host/): V8 sizes a young generation at three semi-spaces
 * (two halves plus the large-object space of the same size).
 */
export const BULK_RESOURCE_LIMITS = {
  maxOldGenerationSizeMb: BULK_HEAP_BUDGET_MB,
  maxYoungGenerationSizeMb: BULK_SEMI_SPACE_MB * 3,
} as const;
