// Who the screens record as reviewer: the name the auditor last typed (kept
// in the renderer's own storage, as the language is), else the system user
// the workstation reports. Every review control shares it, so a name typed
// once is used for every later tag, comment and decision.
import { useEffect, useState } from 'react';

const STORAGE_KEY = 'natalia.reviewer';
const listeners = new Set<(name: string) => void>();

function stored(): string | undefined {
  try {
    return window.localStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined; // Storage refused: the name lasts for this page only.
  }
}

let current: string | undefined = stored();

export function setReviewer(name: string): void {
  current = name;
  try {
    window.localStorage.setItem(STORAGE_KEY, name);
  } catch {
    // See stored().
  }
  for (const l of listeners) l(name);
}

/** The reviewer's name and a setter shared by every control on the page. */
export function useReviewer(fallback: string): [string, (name: string) => void] {
  const [name, setName] = useState(current ?? fallback);
  useEffect(() => {
    listeners.add(setName);
    return () => void listeners.delete(setName);
  }, []);
  useEffect(() => {
    if (current === undefined) setName(fallback);
  }, [fallback]);
  return [name, setReviewer];
}
