// Asking the workstation for a report: busy while the engine writes and
// signs it, then its files (the report itself downloads at once in the
// browser; the desktop app has already saved it where the user chose).
import { useCallback, useRef, useState } from 'react';
import type { ApiError, ApiRequest, ApiResponse } from '../../../shared/api/contract.js';
import { downloadFile } from './download-file.js';
import { api } from './client.js';
import { i18n } from '../i18n/setup.js';

type ReportMethod = 'caiq.export' | 'caiq.exportLibrary' | 'erasures.report' | 'reports.exportKey' | 'audit.export' | 'audit.report' | 'cases.exportPortable';

export type ReportState<M extends ReportMethod> =
  | { status: 'idle' }
  | { status: 'busy' }
  | { status: 'done'; value: ApiResponse<M> }
  | { status: 'error'; error: ApiError };

export function useReport<M extends ReportMethod>(method: M): [ReportState<M>, (request: ApiRequest<M>) => Promise<ApiResponse<M> | null>] {
  const [state, setState] = useState<ReportState<M>>({ status: 'idle' });
  const latest = useRef(0);
  const run = useCallback(
    async (request: ApiRequest<M>) => {
      const id = ++latest.current;
      setState({ status: 'busy' });
      const r = await api().call(method, request);
      if (id !== latest.current) return null;
      if (!r.ok) {
        setState({ status: 'error', error: r.error });
        return null;
      }
      const value = r.value as ApiResponse<M>;
      if (value.delivery === 'download') {
        const main = value.files.find((f) => f.role === 'report' || f.role === 'key' || f.role === 'case');
        const failed = main ? await downloadFile(main) : null;
        if (failed) value.notes.push(i18n.t('common:downloadNotStarted', { message: failed.message }));
      }
      setState({ status: 'done', value });
      return value;
    },
    [method],
  );
  return [state, run];
}
