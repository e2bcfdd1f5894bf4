// Bundles the operating system asked the desktop app to open (file
// association, second launch). They wait here until an import panel (a case)
// is on screen to take them.
import type { FileSource } from '../../../shared/api/contract.js';

const pending: FileSource[] = [];
const listeners = new Set<() => void>();

export function pushOpen(source: FileSource): void {
  pending.push(source);
  for (const l of listeners) l();
}

export function takeOpens(): FileSource[] {
  return pending.splice(0);
}

export function onOpens(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
