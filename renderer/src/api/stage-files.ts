// Several files the user chose, turned into sources the engine can read
// (paths in Electron, uploads in web mode), in order; the first failure stops.
import type { ApiError, FileSource } from '../../../shared/api/contract.js';
import { api } from './client.js';

export async function stageFiles(files: File[]): Promise<{ ok: true; sources: FileSource[] } | { ok: false; error: ApiError }> {
  const sources: FileSource[] = [];
  for (const f of files) {
    const s = await api().stageFile(f);
    if (!s.ok) return { ok: false, error: s.error };
    sources.push(s.value);
  }
  return { ok: true, sources };
}
