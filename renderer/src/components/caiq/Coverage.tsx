// How much of the questionnaire is answered, and how: from the verified
// evidence, by declared statements, or still open. Counts in words and one
// bar (the bar repeats the words; it is hidden from screen readers).
import { Trans, useTranslation } from 'react-i18next';
import type { CaiqSummary } from '../../../../shared/api/contract.js';
import { kindWords } from './words.js';

export function Coverage({ summary: s, version }: { summary: CaiqSummary; version: string }) {
  const { t } = useTranslation('questionnaire');
  const parts = [
    { key: 'evidence', n: s.evidence, word: kindWords('evidence').short },
    { key: 'declared', n: s.declared, word: kindWords('declared').short },
    { key: 'open', n: s.needsInput, word: kindWords('needs_input').short },
  ];
  const pct = (n: number) => (s.total === 0 ? 0 : (n / s.total) * 100);
  const answered = s.evidence + s.declared;
  return (
    <div className="coverage" data-testid="coverage">
      <p className="lead">
        <Trans
          t={t}
          i18nKey="coverage.lead"
          values={{
            version,
            answered,
            total: s.total,
            declared: s.declared,
            evidence: s.evidence,
            open: s.needsInput,
            supported: s.supported,
            carried: s.carried ? t('coverage.carried', { count: s.carried }) : '',
          }}
          components={{ strong: <strong /> }}
        />
      </p>
      <div className="coverage-bar" aria-hidden="true">
        {parts.map((p) =>
          p.n > 0 ? <div key={p.key} className={`coverage-part coverage-${p.key}`} style={{ width: `${pct(p.n)}%` }} title={t('coverage.part', { word: p.word, count: p.n })} /> : null,
        )}
      </div>
      <ul className="legend coverage-legend">
        {parts.map((p) => (
          <li key={p.key} data-testid={`coverage-${p.key}`}>
            <span className={`swatch coverage-${p.key}`} aria-hidden="true" /> {t('coverage.part', { word: p.word, count: p.n })}
          </li>
        ))}
        <li className="muted">{t('coverage.answers', { yes: s.yes, no: s.no, na: s.na })}</li>
      </ul>
    </div>
  );
}
