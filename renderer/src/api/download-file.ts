// One offered file saved through the browser's downloads: what the report
// hooks (use-report.ts) and the delivered files' buttons both call.
import type { ApiError, DeliveredFile } from '../../../shared/api/contract.js';
import { i18n } from '../i18n/setup.js';
import { api } from './client.js';

/** Saves one offered file through the browser's downloads. */
export async function downloadFile(file: DeliveredFile): Promise<ApiError | null> {
  const a = api();
  if (!a.download) return { code: 'unsupported', message: i18n.t('common:delivered.noDownloads') };
  const r = await a.download(file);
  return r.ok ? null : r.error;
}
