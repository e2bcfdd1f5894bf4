// Child process of the kill test: runs a real import (the real verifier) into
// a case with a tiny page cache, so SQLite writes into the file and its
// rollback journal before the commit. When the verifier reaches the
// cross-checks (every audit entry already in the case, nothing committed), it
// says PAUSED on stdout and blocks its thread, so the transaction stays open
// until the parent kills it. It never commits: if nobody kills it, it exits 3.
import { writeSync } from 'node:fs';
import { importBundle } from '../../shared/engine/case/import-bundle.js';

const [casePath, bundlePath, trustPath] = process.argv.slice(2) as [string, string, string];
await importBundle(casePath, bundlePath, {
  trustPath,
  cacheMiB: 0.0625,
  onProgress: ({ stage }) => {
    if (stage !== 'crosscheck') return;
    // A synchronous write: the parent must get the word before this thread blocks.
    writeSync(1, 'PAUSED\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120_000);
    process.exit(3);
  },
});
// Reaching here means the import committed without ever pausing.
process.exit(4);
