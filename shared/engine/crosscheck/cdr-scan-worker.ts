// Worker thread entry of the CDR scan pool (cdr-scan-pool.ts): reads whole
// lines of the dump with the CDR fast path (scanCdrChunk) and sends back the
// summary, or that the lines are not all fast-path CDRs, with the bytes.
import { parentPort, workerData } from 'node:worker_threads';
import { scanCdrChunk } from './dump-digest.js';
import type { ScanReply, ScanRequest, ScanWorkerData } from './cdr-scan-pool.js';

const port = parentPort;
if (!port) throw new Error('cdr-scan-worker.ts runs as a worker thread');
const keep = new Set((workerData as ScanWorkerData).keep);

port.on('message', (m: ScanRequest) => {
  let reply: ScanReply;
  try {
    const scanned = scanCdrChunk(Buffer.from(m.buf, 0, m.length), keep);
    reply = { t: 'scanned', id: m.id, buf: m.buf, length: m.length, scanned };
  } catch (e) {
    reply = { t: 'error', id: m.id, message: e instanceof Error ? e.message : String(e) };
  }
  const transfer: ArrayBuffer[] = [];
  if (reply.t === 'scanned') {
    transfer.push(m.buf);
    if (reply.scanned) transfer.push(reply.scanned.summary.extensions.buffer as ArrayBuffer, reply.scanned.summary.days.buffer as ArrayBuffer, reply.scanned.summary.oldest.buffer as ArrayBuffer);
  }
  port.postMessage(reply, transfer);
});
port.postMessage({ t: 'ready' } satisfies ScanReply);
