export type TamperKind = string;
export const TAMPER_KINDS: TamperKind[] = [];
export async function applyTamper(_bagDir: string, _kind: TamperKind): Promise<never> {
  throw new Error('not yet');
}
