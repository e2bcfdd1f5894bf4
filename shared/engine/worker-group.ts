// A fixed group of worker threads that answer requests by id: the signature
// pool (audit/signature-pool.ts) and the CDR scan pool
// (crosscheck/cdr-scan-pool.ts) are each one, with their own messages.
//
// - Started together: each worker's first message is { t: 'ready' }, and
//   the group is usable once all have sent it (or fails, every worker
//   stopped, when one cannot start in time).
// - A request goes to the worker with the least pending weight, and is
//   settled by the reply carrying its id; a reply { t: 'error', message }
//   rejects that request only.
// - A worker that crashes or exits fails every pending request, and every
//   later one, with the same error: a bulk verification must stop, not hang.
import { Worker, type ResourceLimits, type TransferListItem } from 'node:worker_threads';
import type { WorkerScript } from './worker-script.js';

/** What a group's workers send: 'ready' once, then replies to requests by id. */
export type GroupReply = { t: string; id?: number; message?: string };

export interface WorkerGroupOptions {
  /** What one worker is, for error messages ("signature worker"). */
  what: string;
  script: WorkerScript;
  threads: number;
  workerData?: unknown;
  resourceLimits?: ResourceLimits;
  /** How long workers may take to start (loading tsx under tests is slow). */
  startTimeoutMs?: number;
}

export interface WorkerGroup<R extends GroupReply> {
  readonly threads: number;
  /** Each worker's 'ready' message, in start order. */
  readonly ready: readonly R[];
  /** Sends `{ ...msg, id }` to the least loaded worker; resolves with its reply. */
  request(msg: object, transfer?: readonly TransferListItem[], weight?: number): Promise<R>;
  /** Sends `msg` to every worker (no reply expected). */
  broadcast(msg: unknown): void;
  /** Stops the workers; pending requests are rejected with `reason` when given. Safe to call twice. */
  close(reason?: Error): Promise<void>;
}

interface Pending<R> {
  resolve: (r: R) => void;
  reject: (e: Error) => void;
  weight: number;
}

interface Slot<R> {
  worker: Worker;
  pending: Map<number, Pending<R>>;
  load: number;
}

export async function startWorkerGroup<R extends GroupReply>(opts: WorkerGroupOptions): Promise<WorkerGroup<R>> {
  const { what } = opts;
  const slots: Slot<R>[] = [];
  const ready: R[] = [];
  let failure: Error | null = null;
  let closed = false;
  let nextId = 1;

  const rejectPending = (e: Error) => {
    for (const s of slots) {
      for (const p of s.pending.values()) p.reject(e);
      s.pending.clear();
      s.load = 0;
    }
  };
  const fail = (e: Error) => {
    if (closed) return;
    failure ??= e;
    rejectPending(failure);
  };
  const close = async (reason?: Error) => {
    if (reason && !closed) {
      failure ??= reason;
      rejectPending(reason);
    }
    closed = true;
    await Promise.all(slots.map((s) => s.worker.terminate().catch(() => 0)));
  };

  const starts: Promise<void>[] = [];
  for (let i = 0; i < opts.threads; i++) {
    const worker = new Worker(opts.script.code, {
      eval: opts.script.eval,
      workerData: opts.workerData,
      ...(opts.resourceLimits ? { resourceLimits: opts.resourceLimits } : {}),
    });
    const slot: Slot<R> = { worker, pending: new Map(), load: 0 };
    slots.push(slot);
    starts.push(
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${what} did not start in time`)), opts.startTimeoutMs ?? 60_000);
        worker.on('message', (m: R) => {
          if (m.t === 'ready') {
            clearTimeout(timer);
            ready[i] = m;
            resolve();
            return;
          }
          const p = m.id === undefined ? undefined : slot.pending.get(m.id);
          if (!p) return;
          slot.pending.delete(m.id!);
          slot.load -= p.weight;
          if (m.t === 'error') p.reject(new Error(`${what} failed: ${m.message}`));
          else p.resolve(m);
        });
        worker.on('error', (e) => {
          clearTimeout(timer);
          reject(e);
          fail(new Error(`${what} failed: ${e.message}`));
        });
        worker.on('exit', (code) => {
          clearTimeout(timer);
          if (!closed) {
            const e = new Error(`${what} stopped unexpectedly (exit code ${code})`);
            reject(e);
            fail(e);
          }
        });
      }),
    );
  }
  try {
    await Promise.all(starts);
  } catch (e) {
    await close();
    throw e;
  }

  return {
    threads: opts.threads,
    ready,
    request(msg, transfer, weight = 1) {
      if (failure) return Promise.reject(failure);
      if (closed) return Promise.reject(new Error(`the ${what}s are stopped`));
      let slot = slots[0]!;
      for (const s of slots) if (s.load < slot.load) slot = s;
      const id = nextId++;
      return new Promise<R>((resolve, reject) => {
        slot.pending.set(id, { resolve, reject, weight });
        slot.load += weight;
        slot.worker.postMessage({ ...msg, id }, transfer);
      });
    },
    broadcast(msg) {
      for (const s of slots) s.worker.postMessage(msg);
    },
    close,
  };
}
