// The heap budget of the bulk commands (verify, import, demo). Everything that
// grows with the evidence is streamed, so the live heap stays small; but V8
// grows its old space lazily under a high allocation rate, and a process that
// could use 2 GB will. A fixed budget makes V8 collect in time, keeping the
// resident size flat (measured: 225 MB instead of 415 MB at 250,000 entries,
// with the same speed). The bench runs its children under the same budget.
export const BULK_HEAP_BUDGET_MB = 256;

/** Commands that process a whole bundle or case and run under the budget. */
export const BULK_COMMANDS: ReadonlySet<string> = new Set(['verify', 'import', 'demo', 'caiq', 'erasure-report']);
