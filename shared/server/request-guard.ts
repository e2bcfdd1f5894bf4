// Who may talk to the loopback server. Pure functions over header values so
// tests can feed them hostile input. The page is only ever served as
// http://127.0.0.1:<port>; any other Host (DNS rebinding) or Origin (another
// site in the same browser) is refused before anything else happens.
import { timingSafeEqual } from 'node:crypto';

export const LOOPBACK_HOST = '127.0.0.1';

export function expectedOrigin(port: number): string {
  return `http://${LOOPBACK_HOST}:${port}`;
}

/** The Host header must name exactly our loopback address and port. */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  return host === `${LOOPBACK_HOST}:${port}`;
}

/**
 * Origin is absent on same-origin GETs and on non-browser clients; when
 * present it must be ours, compared after parsing (never by substring).
 */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    return false;
  }
  return u.origin === expectedOrigin(port) && origin === u.origin;
}

/** Fetch metadata, when the browser sends it: only our own page or a typed URL. */
export function isAllowedFetchSite(site: string | undefined): boolean {
  return site === undefined || site === 'same-origin' || site === 'none';
}

/** Reads `Authorization: Bearer <token>`; anything else is no token. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(header ?? '');
  return m?.[1];
}

/** Constant-time comparison of the presented token with the launch token. */
export function tokenMatches(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
