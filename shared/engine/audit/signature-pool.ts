// Bulk signature verification on worker threads, one per core, with the same
// interface as the inline verifier used for small logs and as a cross-check.
// Callers fill SignatureBatch objects, hand them to verify() without waiting,
// and await the promises in the order they were made: results come back in
// chain order while several batches are in flight on every core.
import { availableParallelism } from 'node:os';
import { startWorkerGroup } from '../worker-group.js';
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

export interface PoolOptions {
  threads?: number;
  prefer?: 'sodium' | 'node';
  /** How long workers may take to start (loading tsx under tests is slow). */
  startTimeoutMs?: number;
}

/** Starts one worker per core (or `threads`) and resolves once all are ready. */
export async function createSignaturePool(opts: PoolOptions = {}): Promise<SignatureVerifier> {
  const threads = Math.max(1, opts.threads ?? availableParallelism());
  const group = await startWorkerGroup<WorkerReply>({
    what: 'signature worker',
    script: workerScript(import.meta.url, 'signature-worker'),
    threads,
    workerData: { prefer: opts.prefer ?? 'sodium' },
    startTimeoutMs: opts.startTimeoutMs,
  });
  const ready = group.ready[0] as Extract<WorkerReply, { t: 'ready' }>;
  const registry = new KeyRegistry((index, key) => group.broadcast({ t: 'key', index, raw: key.raw } satisfies WorkerRequest));

  return {
    description: `${ready.backend} on ${threads} worker thread${threads > 1 ? 's' : ''}${ready.note ? ` (${ready.note})` : ''}`,
    threaded: true,
    threads,
    keyIndex: (k) => registry.indexOf(k),
    async verify(batch) {
      if (batch.count === 0) return new Uint8Array(0);
      // Weighted by items: the least loaded worker is the one with the fewest signatures queued.
      const msg: Omit<Extract<WorkerRequest, { t: 'batch' }>, 'id'> = { t: 'batch', buf: batch.buffer, count: batch.count };
      const reply = (await group.request(msg, [batch.buffer], batch.count)) as Extract<WorkerReply, { t: 'done' }>;
      return new Uint8Array(reply.res);
    },
    close: () => group.close(new Error('signature pool closed')),
  };
}
