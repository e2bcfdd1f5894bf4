// Child process of the kill test: starts an import into a case with a tiny
// page cache (so SQLite writes into the file and its rollback journal), says
// PAUSED once everything is stored but not committed, then waits to be killed.
import { importBundle } from '../../shared/engine/case/import-bundle.js';
import { fakeVerify } from './fake-verify.js';

const [casePath, bundlePath, trustPath] = process.argv.slice(2) as [string, string, string];
setInterval(() => {}, 1000); // keeps the process alive while paused
await importBundle(casePath, bundlePath, {
  trustPath,
  cacheMiB: 0.0625,
  verify: fakeVerify({
    pauseAfterEntries: 0,
    onPause: async () => {
      process.stdout.write('PAUSED\n');
      await new Promise(() => {});
    },
  }),
});
