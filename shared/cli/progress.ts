// Progress lines on stderr, only when stderr is a terminal (never in pipes or CI logs).
import type { VerifyProgress } from '../engine/verify/verify-bundle.js';

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): ((p: VerifyProgress) => void) & { done(): void } {
  const enabled = stream.isTTY === true;
  let last = 0;
  let lastStage = '';
  const fn = (p: VerifyProgress) => {
    if (!enabled) return;
    const now = Date.now();
    if (p.stage === lastStage && now - last < 100) return;
    last = now;
    lastStage = p.stage;
    const pct = p.bytesTotal ? ` ${Math.floor(((p.bytesRead ?? 0) / p.bytesTotal) * 100)}%` : '';
    const n = p.entries ? ` · ${p.entries.toLocaleString('en')} entries` : '';
    stream.write(`\r\x1b[2K${p.label}…${pct}${n}`);
  };
  return Object.assign(fn, { done: () => enabled && stream.write('\r\x1b[2K') });
}
