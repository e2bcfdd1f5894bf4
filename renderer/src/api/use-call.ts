// Loading, error and ready states of one API call, for screens that show a
// single answer. Stale answers (from an earlier request) are dropped. A reload
// of the same request keeps showing the previous answer until the new one
// arrives, so a screen does not flash back to "Loading" (and lose its state).
// A change of language asks again the same way: the API words some answers
// (the custody log's sentences) in the screens' language.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError, ApiMethod, ApiRequest, ApiResponse } from '../../../shared/api/contract.js';
import { api } from './client.js';

export type CallState<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'error'; data?: undefined; error: ApiError }
  | { status: 'ready'; data: T; error?: undefined };

export function useCall<M extends ApiMethod>(
  method: M,
  request: ApiRequest<M> | null,
): CallState<ApiResponse<M>> & { reload: () => void } {
  const [state, setState] = useState<CallState<ApiResponse<M>>>({ status: 'loading' });
  const [tick, setTick] = useState(0);
  const { i18n } = useTranslation();
  const language = i18n.language;
  const key = request === null ? null : JSON.stringify(request);
  const latest = useRef(0);
  const lastKey = useRef<string | null>(null);

  useEffect(() => {
    if (key === null) return;
    const id = ++latest.current;
    if (lastKey.current !== key) setState({ status: 'loading' });
    lastKey.current = key;
    void api()
      .call(method, JSON.parse(key) as ApiRequest<M>)
      .then((r) => {
        if (id !== latest.current) return;
        setState(r.ok ? { status: 'ready', data: r.value } : { status: 'error', error: r.error });
      });
  }, [method, key, tick, language]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
