// Worker thread of the signature pool: receives keys and batches, verifies,
// sends results back (transferring both buffers, so nothing is copied).
import { parentPort, workerData } from 'node:worker_threads';
import { createVerifyBackend, verifyItems } from './signature-batch.js';

export type WorkerRequest =
  | { t: 'key'; index: number; raw: Uint8Array }
  | { t: 'batch'; id: number; buf: ArrayBuffer; count: number };
export type WorkerReply =
  | { t: 'ready'; backend: string; note?: string }
  | { t: 'done'; id: number; res: ArrayBuffer; buf: ArrayBuffer };

const port = parentPort;
if (port) {
  const { backend, note } = createVerifyBackend((workerData as { prefer?: 'sodium' | 'node' } | undefined)?.prefer);
  port.on('message', (m: WorkerRequest) => {
    if (m.t === 'key') {
      backend.setKey(m.index, m.raw);
      return;
    }
    const out = new Uint8Array(m.count);
    verifyItems(new Uint8Array(m.buf), m.count, backend, out);
    const reply: WorkerReply = { t: 'done', id: m.id, res: out.buffer, buf: m.buf };
    port.postMessage(reply, [out.buffer, m.buf]);
  });
  const ready: WorkerReply = { t: 'ready', backend: backend.name, ...(note ? { note } : {}) };
  port.postMessage(ready);
}
