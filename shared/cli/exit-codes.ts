// The exit codes of every command (README.md "Exit codes"). Constants only, so
// the engine error table (shared/api/engine-errors.ts) names them without
// pulling in the CLI.
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_UNREADABLE = 2;
