// Maps a request path to a file of the built renderer (dist-renderer/),
// refusing anything that would leave that folder. Shared by the web server
// and the Electron app:// protocol handler.
import { existsSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `root` that `urlPath` names ('/' is index.html), or null when
 * the path is malformed, hidden, or escapes the root.
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  if (decoded === '/' || decoded === '') decoded = '/index.html';
  const segments = decoded.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.' || s.startsWith('.'))) return null;
  const base = resolve(root);
  const full = resolve(join(base, ...segments));
  if (!full.startsWith(base + sep)) return null;
  return full;
}

/** Where the built screens are: dist-renderer/ at the project root. */
export function defaultRendererRoot(projectRoot: string): string {
  return join(projectRoot, 'dist-renderer');
}

export function rendererIsBuilt(root: string): boolean {
  return existsSync(join(root, 'index.html'));
}
