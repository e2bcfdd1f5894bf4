// How much of the questionnaire is answered, and how: from the verified
// evidence, by declared statements, or still open. Counts in words and one
// bar (the bar repeats the words; it is hidden from screen readers).
import type { CaiqSummary } from '../../../../shared/api/contract.js';
import { formatCount } from '../../lib/format.js';
import { KIND_WORDS } from './words.js';

export function Coverage({ summary: s, version }: { summary: CaiqSummary; version: string }) {
  const parts = [
    { key: 'evidence', n: s.evidence, word: KIND_WORDS.evidence.short },
    { key: 'declared', n: s.declared, word: KIND_WORDS.declared.short },
    { key: 'open', n: s.needsInput, word: KIND_WORDS.needs_input.short },
  ];
  const pct = (n: number) => (s.total === 0 ? 0 : (n / s.total) * 100);
  const answered = s.evidence + s.declared;
  return (
    <div className="coverage" data-testid="coverage">
      <p className="lead">
        CAIQ v{version}: <strong>{formatCount(answered)}</strong> of {formatCount(s.total)} questions answered: {formatCount(s.declared)} declared,{' '}
        {formatCount(s.evidence)} No from the verified evidence; <strong>{formatCount(s.needsInput)}</strong> still open. {formatCount(s.supported)} supported
        by verified evidence{s.carried ? `, ${formatCount(s.carried)} with an answer of the other release to review` : ''}.
      </p>
      <div className="coverage-bar" aria-hidden="true">
        {parts.map((p) =>
          p.n > 0 ? <div key={p.key} className={`coverage-part coverage-${p.key}`} style={{ width: `${pct(p.n)}%` }} title={`${p.word}: ${p.n}`} /> : null,
        )}
      </div>
      <ul className="legend coverage-legend">
        {parts.map((p) => (
          <li key={p.key} data-testid={`coverage-${p.key}`}>
            <span className={`swatch coverage-${p.key}`} aria-hidden="true" /> {p.word}: {formatCount(p.n)}
          </li>
        ))}
        <li className="muted">
          Answers: {formatCount(s.yes)} Yes, {formatCount(s.no)} No, {formatCount(s.na)} NA
        </li>
      </ul>
    </div>
  );
}
