// Bulk signature verification on worker threads, one per core, with the same
// interface as the inline verifier used for small logs and as a cross-check.
// Callers fill SignatureBatch objects, hand them to verify() without waiting,
// and await the promises in the order they were made: results come back in
// chain order while several batches are in flight on every core.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerScript } from '../worker-script.js';
import type { VerifyingKey } from '../crypto/ed25519.js';
import { createVerifyBackend, SignatureBatch, verifyItems, type VerifyBackend } from './signature-batch.js';
import type { WorkerReply, WorkerRequest } from './signature-worker.js';

export { SignatureBatch };

export interface SignatureVerifier {
  /** What does the arithmetic and where, for the report's stats. */
  readonly description: string;
  /** True when batches run on worker threads (results arrive later). */
  readonly threaded: boolean;
  readonly threads: number;
  /** Index under which `key` travels in batches (registered on first use). */
  keyIndex(key: VerifyingKey): number;
  /** Verifies a batch; the batch's buffer is handed over and must not be reused. */
  verify(batch: SignatureBatch): Promise<Uint8Array>;
  /** Stops the workers. Safe to call twice. */
  close(): Promise<void>;
}

class KeyRegistry {
  private readonly byKid = new Map<string, number>();
  readonly keys: VerifyingKey[] = [];
  constructor(private readonly onNew: (index: number, key: VerifyingKey) => void) {}
  indexOf(key: VerifyingKey): number {
    let i = this.byKid.get(key.kid);
    if (i === undefined) {
      i = this.keys.length;
      if (i > 0xffff) throw new Error('more than 65536 distinct audit keys');
      this.keys.push(key);
      this.byKid.set(key.kid, i);
      this.onNew(i, key);
    }
    return i;
  }
}

/** Verifies a batch on the calling thread. */
export function verifyBatchInline(batch: SignatureBatch, keys: readonly VerifyingKey[], backend?: VerifyBackend): Uint8Array {
  const b = backend ?? createVerifyBackend().backend;
  keys.forEach((k, i) => b.setKey(i, k.raw));
  const out = new Uint8Array(batch.count);
  verifyItems(new Uint8Array(batch.buffer), batch.count, b, out);
  return out;
}

/** Same interface as the pool, no threads: for small logs, and to cross-check the pool. */
export function createInlineVerifier(prefer: 'sodium' | 'node' = 'sodium'): SignatureVerifier {
  const { backend, note } = createVerifyBackend(prefer);
  const registry = new KeyRegistry((i, k) => backend.setKey(i, k.raw));
  return {
    description: `${backend.name} on the main thread${note ? ` (${note})` : ''}`,
    threaded: false,
    threads: 0,
    keyIndex: (k) => registry.indexOf(k),
    verify: async (batch) => {
      const out = new Uint8Array(batch.count);
      verifyItems(new Uint8Array(batch.buffer), batch.count, backend, out);
      return out;
    },
    close: async () => {},
  };
}

interface PendingBatch {
  resolve: (r: Uint8Array) => void;
  reject: (e: Error) => void;
  items: number;
}

interface Slot {
  worker: Worker;
  pending: Map<number, PendingBatch>;
  load: number;
}

export interface PoolOptions {
  threads?: number;
  prefer?: 'sodium' | 'node';
  /** How long workers may take to start (loading tsx under tests is slow). */
  startTimeoutMs?: number;
}

/** Starts one worker per core (or `threads`) and resolves once all are ready. */
export async function createSignaturePool(opts: PoolOptions = {}): Promise<SignatureVerifier> {
  const threads = Math.max(1, opts.threads ?? availableParallelism());
  const script = workerScript(import.meta.url, 'signature-worker');
  const slots: Slot[] = [];
  let failure: Error | null = null;
  let closed = false;
  let nextId = 1;
  let backendName = '';
  let backendNote: string | undefined;

  const fail = (e: Error) => {
    failure ??= e;
    for (const s of slots) {
      for (const p of s.pending.values()) p.reject(failure);
      s.pending.clear();
    }
  };

  const starts: Promise<void>[] = [];
  for (let i = 0; i < threads; i++) {
    const worker = new Worker(script.code, { eval: script.eval, workerData: { prefer: opts.prefer ?? 'sodium' } });
    const slot: Slot = { worker, pending: new Map(), load: 0 };
    slots.push(slot);
    starts.push(
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error('signature worker did not start in time')),
          opts.startTimeoutMs ?? 60_000,
        );
        worker.on('message', (m: WorkerReply) => {
          if (m.t === 'ready') {
            clearTimeout(timer);
            backendName = m.backend;
            backendNote = m.note;
            resolve();
            return;
          }
          const p = slot.pending.get(m.id);
          if (!p) return;
          slot.pending.delete(m.id);
          slot.load -= p.items;
          p.resolve(new Uint8Array(m.res));
        });
        worker.on('error', (e) => {
          clearTimeout(timer);
          reject(e);
          fail(new Error(`signature worker failed: ${e.message}`));
        });
        worker.on('exit', (code) => {
          clearTimeout(timer);
          if (!closed) {
            const e = new Error(`signature worker stopped unexpectedly (exit code ${code})`);
            reject(e);
            fail(e);
          }
        });
      }),
    );
  }
  const terminate = async () => {
    closed = true;
    await Promise.all(slots.map((s) => s.worker.terminate().catch(() => 0)));
  };
  try {
    await Promise.all(starts);
  } catch (e) {
    await terminate();
    throw e;
  }

  const registry = new KeyRegistry((index, key) => {
    const msg: WorkerRequest = { t: 'key', index, raw: key.raw };
    for (const s of slots) s.worker.postMessage(msg);
  });

  return {
    description: `${backendName} on ${threads} worker thread${threads > 1 ? 's' : ''}${backendNote ? ` (${backendNote})` : ''}`,
    threaded: true,
    threads,
    keyIndex: (k) => registry.indexOf(k),
    verify(batch) {
      if (failure) return Promise.reject(failure);
      if (closed) return Promise.reject(new Error('signature pool is closed'));
      if (batch.count === 0) return Promise.resolve(new Uint8Array(0));
      let slot = slots[0]!;
      for (const s of slots) if (s.load < slot.load) slot = s;
      const id = nextId++;
      const items = batch.count;
      return new Promise<Uint8Array>((resolve, reject) => {
        slot.pending.set(id, { resolve, reject, items });
        slot.load += items;
        const msg: WorkerRequest = { t: 'batch', id, buf: batch.buffer, count: batch.count };
        slot.worker.postMessage(msg, [batch.buffer]);
      });
    },
    async close() {
      if (closed) return;
      fail(new Error('signature pool closed'));
      await terminate();
    },
  };
}
