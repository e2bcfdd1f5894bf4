// Cancellation: long loops check the caller's signal between batches and
// throw, so the caller's transaction is rolled back and nothing half-done stays.

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    const reason: unknown = signal.reason;
    throw reason instanceof Error ? reason : new DOMException('The operation was aborted', 'AbortError');
  }
}
