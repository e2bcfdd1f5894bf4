// An import worker that ends the way a real one can, without its cleanup:
// holding what an import holds when it fails (a case file it created, an open
// write transaction, a descriptor of the case, a temporary folder with
// extracted files), it throws where nothing catches it ('throw') or keeps
// allocating until the thread's heap limit ends it ('oom'). Used by
// import-thread.test.ts; the mode travels as the job's bundle path.
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { CaseFile } from '../../shared/engine/case/case-file.js';
import { makePrivateTemp } from '../../shared/engine/private-temp.js';
import type { ImportJob } from '../../shared/host/import-worker.js';

const job = workerData as ImportJob;
const c = CaseFile.open(job.casePath, { create: true });
c.store.begin();
c.db.prepare("INSERT INTO case_info (key, value) VALUES ('crashed_import', 'not committed')").run();
const temp = await makePrivateTemp(job.tempRoot!, 'natalia-bundle-');
const extracted = await open(join(temp, 'audit-log.csv'), 'w');
await extracted.write('seq,ts\n');
const writeback = await open(job.casePath, 'r+');
(globalThis as { held?: unknown }).held = [c, extracted, writeback];
parentPort!.postMessage({ t: 'progress', progress: { stage: 'audit', label: 'Verifying the audit log' } });

if (job.bundlePath === 'oom') {
  const hoard: number[][] = [];
  for (;;) hoard.push(new Array(100_000).fill(hoard.length));
}
throw new Error('the verifier crashed');
