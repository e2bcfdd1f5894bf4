// A worker for test/unit/worker-group.test.ts: says ready (or not), then
// answers each request as told: echo it, reply with an error, or exit.
import { parentPort, workerData } from 'node:worker_threads';

const port = parentPort!;
const data = workerData as { silent?: boolean; tag: string };
port.on('message', (m: { id: number; do: 'echo' | 'error' | 'exit' | 'hold'; value?: number }) => {
  if (m.do === 'echo') port.postMessage({ t: 'echo', id: m.id, value: m.value, threadTag: data.tag });
  else if (m.do === 'error') port.postMessage({ t: 'error', id: m.id, message: `cannot do ${m.value}` });
  else if (m.do === 'exit') process.exit(3);
  // 'hold': never answers.
});
if (!data.silent) port.postMessage({ t: 'ready', tag: data.tag });
