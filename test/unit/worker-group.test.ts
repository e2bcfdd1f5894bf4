// The worker group both bulk pools stand on (shared/engine/worker-group.ts):
// replies reach the request with their id, an error reply rejects that
// request only, a worker that dies fails every pending and later request
// instead of leaving them hanging, and one that never starts fails the start.
import { describe, expect, it } from 'vitest';
import { startWorkerGroup, type GroupReply } from '../../shared/engine/worker-group.js';
import { workerScript } from '../../shared/engine/worker-script.js';

type Reply = GroupReply & { value?: number; tag?: string };

const start = (threads: number, data: { silent?: boolean } = {}, startTimeoutMs?: number) =>
  startWorkerGroup<Reply>({
    what: 'test worker',
    script: workerScript(import.meta.url, 'group-test-worker'),
    threads,
    workerData: { tag: 'w', ...data },
    startTimeoutMs,
  });

describe('worker group', () => {
  it('routes each reply to its request, and an error reply rejects that request only', async () => {
    const g = await start(2);
    expect(g.ready).toHaveLength(2);
    expect(g.ready.every((r) => r.t === 'ready')).toBe(true);
    const asked = Array.from({ length: 20 }, (_, i) => g.request({ do: 'echo', value: i }));
    const failed = g.request({ do: 'error', value: 99 });
    await expect(failed).rejects.toThrow('test worker failed: cannot do 99');
    expect((await Promise.all(asked)).map((r) => r.value)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // Still usable after an error reply.
    expect((await g.request({ do: 'echo', value: 7 })).value).toBe(7);
    await g.close();
  });

  it('fails pending and later requests when a worker stops, and refuses work once closed', async () => {
    // Each rejection is expected before it can happen: a rejection nobody handles fails the run.
    const g = await start(1);
    await Promise.all([
      expect(g.request({ do: 'hold' })).rejects.toThrow(/test worker stopped unexpectedly \(exit code 3\)/),
      expect(g.request({ do: 'exit' })).rejects.toThrow(/stopped unexpectedly/),
    ]);
    await expect(g.request({ do: 'echo', value: 1 })).rejects.toThrow(/stopped unexpectedly/);
    await g.close();

    const h = await start(1);
    const pending = expect(h.request({ do: 'hold' })).rejects.toThrow('pool closed');
    await h.close(new Error('pool closed'));
    await pending;
    await expect(h.request({ do: 'echo', value: 1 })).rejects.toThrow('pool closed');
    await h.close();
  });

  it('fails to start, stopping every worker, when one does not say it is ready in time', async () => {
    await expect(start(2, { silent: true }, 1500)).rejects.toThrow('test worker did not start in time');
  });
});
