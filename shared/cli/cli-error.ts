// How a command reports that it cannot run at all (bad arguments, unreadable
// input): one clear line on stderr and exit code 2.
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_UNREADABLE = 2;
