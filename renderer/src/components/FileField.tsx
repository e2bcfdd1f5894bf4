// A file to choose, worded in the screens' language. The browser's own file
// input speaks the browser's language ("Choose File", "No file chosen")
// whatever the page's, so it stays hidden behind a button of ours; its label
// still names it, which is how tests and assistive tools reach it.
import { useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export function FileField({ label, accept, file, onChange }: { label: string; accept?: string; file: File | undefined; onChange: (file: File | undefined) => void }) {
  const { t } = useTranslation('common');
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="file-field">
      <label id={`${id}-label`} htmlFor={`${id}-input`}>
        {label}
      </label>
      <div className="row">
        <button type="button" id={`${id}-button`} className="btn btn-small" aria-describedby={`${id}-label`} onClick={() => input.current?.click()}>
          {t('file.choose')}
        </button>
        <span className={file ? 'small mono' : 'small muted'}>{file ? file.name : t('file.none')}</span>
      </div>
      <input
        ref={input}
        id={`${id}-input`}
        type="file"
        className="sr-only"
        tabIndex={-1}
        {...(accept ? { accept } : {})}
        onChange={(e) => onChange(e.target.files?.[0])}
      />
    </div>
  );
}
