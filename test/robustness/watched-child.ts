// A child as bin/natalia-audit.js starts it: it watches its parent, then works
// for a long time (a minute). The test kills the parent and expects it gone.
import { endWithParent } from '../../shared/cli/parent-watch.js';

endWithParent();
process.stdout.write(`CHILD ${process.pid}\n`);
setTimeout(() => process.exit(5), 60_000);
