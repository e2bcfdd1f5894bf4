// The browser's own file input, hidden behind a button of the screen's words:
// the input speaks the browser's language ("Choose File") whatever the page's.
// Its label still names it, which is how tests and assistive tools reach it.
// It is emptied after each choice so that choosing the same file again is seen.
import type { RefObject } from 'react';

export function HiddenFileInput({
  inputRef,
  label,
  accept,
  testId,
  onFile,
}: {
  inputRef: RefObject<HTMLInputElement | null>;
  label: string;
  accept?: string;
  testId: string;
  onFile: (file: File) => void;
}) {
  return (
    <input
      ref={inputRef}
      type="file"
      accept={accept}
      className="sr-only"
      tabIndex={-1}
      aria-label={label}
      data-testid={testId}
      onChange={(e) => {
        const f = e.target.files?.[0];
        e.target.value = '';
        if (f) onFile(f);
      }}
    />
  );
}
