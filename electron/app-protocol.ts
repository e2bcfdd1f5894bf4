// app://workstation/<path> serves the built renderer from dist-renderer/ with
// the same security headers as web mode. Pure: the file reader is a
// parameter, so tests check traversal and headers without Electron.
import { CONTENT_SECURITY_POLICY, securityHeaders } from '../shared/face/security-headers.js';
import { contentTypeOf, resolveStaticPath } from '../shared/face/static-files.js';
import { isAppUrl } from './security.js';

export interface AppResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | string;
}

export async function respondToAppRequest(
  url: string,
  rendererRoot: string,
  readFile: (path: string) => Promise<Uint8Array>,
): Promise<AppResponse> {
  const notFound: AppResponse = { status: 404, headers: { ...securityHeaders(), 'Content-Type': 'text/plain' }, body: 'Not found' };
  if (!isAppUrl(url)) return notFound;
  const path = resolveStaticPath(rendererRoot, new URL(url).pathname);
  if (!path) return notFound;
  try {
    const body = await readFile(path);
    return { status: 200, headers: { ...securityHeaders(), 'Content-Type': contentTypeOf(path) }, body };
  } catch {
    return notFound;
  }
}

export { CONTENT_SECURITY_POLICY };
