// The controller and DPO the case's erasure reports name, set once per case
// from the Erasures screen (as `natalia-audit parties`); each change is a
// custody entry.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useCall } from '../../api/use-call.js';

export function CasePartiesForm({ caseId }: { caseId: string }) {
  const { t } = useTranslation('erasures');
  const current = useCall('cases.parties', { caseId });
  const [controller, setController] = useState('');
  const [dpoName, setDpoName] = useState('');
  const [dpoContact, setDpoContact] = useState('');
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null);
  const data = current.status === 'ready' ? current.data : undefined;
  // Open at first while the case names nobody; after that, as the user leaves it (a save does not fold it away).
  const [open, setOpen] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    if (!data) return;
    setOpen((o) => o ?? (!data.controller && !data.dpo));
    setController(data.controller ?? '');
    setDpoName(data.dpo?.name ?? '');
    setDpoContact(data.dpo?.contact ?? '');
  }, [data]);
  async function save() {
    const r = await api().call('cases.setParties', { caseId, controller: controller.trim(), dpoName: dpoName.trim(), dpoContact: dpoContact.trim() });
    setSaid(r.ok ? { ok: true, text: r.value.recorded ? t('parties.saved') : t('parties.same') } : { ok: false, text: r.error.message });
    if (r.ok) current.reload();
  }
  const unset = data !== undefined && !data.controller && !data.dpo;
  return (
    <details className="panel given-facts" open={open ?? false} onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="case-parties">
      <summary className="panel-title">
        {t('parties.title')}
        {data && !unset ? t('parties.named', { names: [data.controller, data.dpo?.name].filter(Boolean).join(' · ') }) : ''}
      </summary>
      <p className="small muted">{t('parties.hint')}</p>
      <div className="row wrap">
        <div className="filter">
          <label htmlFor="party-controller">{t('parties.controller')}</label>
          <input id="party-controller" value={controller} onChange={(e) => setController(e.target.value)} />
        </div>
        <div className="filter">
          <label htmlFor="party-dpo">{t('parties.dpoName')}</label>
          <input id="party-dpo" value={dpoName} onChange={(e) => setDpoName(e.target.value)} />
        </div>
        <div className="filter">
          <label htmlFor="party-contact">{t('parties.dpoContact')}</label>
          <input id="party-contact" value={dpoContact} onChange={(e) => setDpoContact(e.target.value)} />
        </div>
        <button type="button" className="btn btn-small" onClick={() => void save()}>
          {t('parties.save')}
        </button>
      </div>
      {said && (
        <p className={`small${said.ok ? '' : ' field-error'}`} role={said.ok ? 'status' : 'alert'}>
          {said.text}
        </p>
      )}
    </details>
  );
}
