import { expect, it } from 'vitest';
import { terminalSafe } from '../../shared/cli/terminal-text.js';
import { table } from '../../shared/cli/text-table.js';

it('keeps one record on one line and drops escape sequences from evidence text', () => {
  expect(terminalSafe('Escalation 1, "nobody called"\r\nSecond line')).toBe('Escalation 1, "nobody called" ⏎ Second line');
  expect(terminalSafe('ok\u001b[2J\u001b]0;pwned\u0007 end')).toBe('ok[2J]0;pwned end');
  expect(terminalSafe('Réclamation — 📞\ttab')).toBe('Réclamation — 📞 tab');
  const rows = table(['seq', 'motive'], [['7', 'first\nsecond'], ['8', 'plain']]);
  expect(rows).toHaveLength(3);
  expect(rows[1]).toBe('  7    first ⏎ second');
});
