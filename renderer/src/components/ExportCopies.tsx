// An entry as each audit export holds it, side by side, when the CSV and JSON
// lines copies disagree: the differing fields first and marked, the fields
// both copies share on request. The engine gives both copies whole when its
// finding kept the values; otherwise the pane says why and shows the lines.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { AuditEntry, AuditField } from '../../../shared/model/audit-entry.js';
import { AUDIT_FIELDS } from '../../../shared/model/audit-entry.js';
import type { BundleRef, ExportCopies as Copies } from '../../../shared/api/contract.js';
import { formatCount } from '../lib/format.js';
import { FileLines } from './FileLines.js';

/** Each field under the name the entry pane gives it (`audit:<key>`). */
const FIELD_LABEL: Record<AuditField, string> = {
  seq: 'col.seq',
  ts: 'entry.time',
  tenant: 'col.tenant',
  actor: 'col.actor',
  role: 'copies.role',
  action: 'col.action',
  target: 'col.target',
  outcome: 'col.outcome',
  motive: 'entry.motive',
  source_ip: 'entry.sourceIp',
  user_agent: 'entry.userAgent',
  request_id: 'entry.requestId',
  details: 'entry.details',
  prev_hash: 'entry.prevHash',
  hash: 'entry.hashField',
  kid: 'entry.kid',
  sig: 'entry.signature',
};

export const fieldLabel = (t: TFunction, f: AuditField) => t(`audit:${FIELD_LABEL[f]}`);

export function ExportCopies({ bundle, copies, onOpenSeq }: { bundle: BundleRef; copies: Copies; onOpenSeq: (seq: number) => void }) {
  const { t } = useTranslation('audit');
  const [all, setAll] = useState(false);
  const names = copies.fields.map((f) => fieldLabel(t, f)).join(', ');
  const { csv, jsonl } = copies;

  if (copies.missing === 'run') {
    return (
      <section className="copies" aria-labelledby="copies-title" data-testid="export-copies">
        <h3 id="copies-title" className="subtitle">{t('copies.title')}</h3>
        <p className="small">{t('copies.run', { fields: names, seq: formatCount(copies.firstSeq) })}</p>
        <button type="button" className="btn btn-small" onClick={() => onOpenSeq(copies.firstSeq)}>
          {t('copies.openFirst', { seq: formatCount(copies.firstSeq) })}
        </button>
      </section>
    );
  }
  if (!csv.entry || !jsonl.entry) {
    return (
      <section className="copies" aria-labelledby="copies-title" data-testid="export-copies">
        <h3 id="copies-title" className="subtitle">{t('copies.title')}</h3>
        <p className="small">{t(copies.missing === 'too_long' ? 'copies.tooLong' : 'copies.notKept', { fields: names })}</p>
        {csv.line !== undefined && <FileLines bundle={bundle} file={csv.file} line={csv.line} context={0} />}
        {jsonl.line !== undefined && <FileLines bundle={bundle} file={jsonl.file} line={jsonl.line} context={0} />}
      </section>
    );
  }

  const differing = new Set<AuditField>(copies.fields);
  const shown = [...copies.fields, ...(all ? AUDIT_FIELDS.filter((f) => !differing.has(f)) : [])];
  const same = AUDIT_FIELDS.length - copies.fields.length;
  const a = csv.entry;
  const b = jsonl.entry;
  return (
    <section className="copies" aria-labelledby="copies-title" data-testid="export-copies">
      <h3 id="copies-title" className="subtitle">{t('copies.title')}</h3>
      <p className="small">{t('copies.lead', { count: copies.fields.length, fields: names })}</p>
      <table className="copies-table">
        <thead>
          <tr>
            <th scope="col">{t('copies.field')}</th>
            <CopyHead name={t('copies.csv')} file={csv.file} line={csv.line} />
            <CopyHead name={t('copies.jsonl')} file={jsonl.file} line={jsonl.line} />
          </tr>
        </thead>
        <tbody>
          {shown.map((f) => {
            const differs = differing.has(f);
            return (
              <tr key={f} className={differs ? 'copy-differs' : undefined} data-field={f}>
                <th scope="row">
                  {fieldLabel(t, f)}
                  {differs && (
                    <span className="copy-mark">
                      <span aria-hidden="true">≠ </span>
                      {t('copies.differs')}
                    </span>
                  )}
                </th>
                <td><Value entry={a} field={f} /></td>
                <td><Value entry={b} field={f} /></td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {same > 0 && (
        <button type="button" className="btn btn-small btn-quiet" aria-expanded={all} onClick={() => setAll((s) => !s)}>
          {all ? t('copies.hideSame') : t('copies.showSame', { count: same })}
        </button>
      )}
    </section>
  );
}

function CopyHead({ name, file, line }: { name: string; file: string; line: number | undefined }) {
  const { t } = useTranslation('common');
  return (
    <th scope="col" title={file}>
      {name}
      {line !== undefined && <span className="copy-line">{t('lines.line', { line: formatCount(line) })}</span>}
    </th>
  );
}

function Value({ entry, field }: { entry: AuditEntry; field: AuditField }) {
  const { t } = useTranslation('audit');
  const v = entry[field];
  if (field === 'details') return <pre className="copy-json">{JSON.stringify(v, null, 2)}</pre>;
  if (v === '') return <span className="muted">{t('copies.empty')}</span>;
  return <span className={field === 'hash' || field === 'prev_hash' || field === 'sig' || field === 'kid' ? 'copy-value mono' : 'copy-value'}>{String(v)}</span>;
}
