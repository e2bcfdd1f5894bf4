// A text filter as typed: shown at once, applied 300 ms after the last key (a
// query per key would flood the engine). The explorer's and the reveals
// screen's typed fields share it.
import { useEffect, useRef, useState } from 'react';

export function useTypedFilter(applied: string | undefined, apply: (value: string) => void): [string, (typed: string) => void] {
  const [draft, setDraft] = useState(applied ?? '');
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => setDraft(applied ?? ''), [applied]);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return [
    draft,
    (typed) => {
      setDraft(typed);
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => apply(typed.trim()), 300);
    },
  ];
}
