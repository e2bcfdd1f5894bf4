// The bulk commands run in a child of bin/natalia-audit.js (for the heap
// budget). A child must not outlive the command the user started: if the
// parent is killed, even with SIGKILL, which it cannot intercept, the child
// ends too. The parent holds an IPC channel to the child; the operating
// system closes it when the parent dies, whatever killed it, and the child
// sees 'disconnect'. Its extraction folder is then swept by the next run
// (engine/private-temp.ts).

/** Exit code of a child whose parent went away (128 + SIGTERM, as if told to stop). */
export const ORPHANED_EXIT = 143;

/** Called by the child: ends the process when its parent's channel closes. No-op without a channel. */
export function endWithParent(exit: (code: number) => void = (code) => process.exit(code)): boolean {
  const channel = process.channel;
  if (!channel) return false;
  // The channel must not keep the command alive once its work is done.
  channel.unref();
  process.once('disconnect', () => exit(ORPHANED_EXIT));
  return true;
}
