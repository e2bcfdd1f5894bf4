// Web mode's transport: the same typed API as the Electron preload, over HTTP
// on 127.0.0.1 only. node:http, no framework: four routes and the static page.
//
//   GET  /, /assets/...       the built renderer (no token: it is public code)
//   POST /api/session         launch token -> session secret, once (session.ts)
//   POST /api/call/<method>   JSON request -> JSON Result       (session)
//   GET  /api/events          text/event-stream of EventEnvelope (session)
//   POST /api/upload          raw file bytes -> Result<FileSource> (session)
//   GET  /api/download/<id>   a report offered for download, as an attachment (session)
//
// Every request must carry Host 127.0.0.1:<port>; API requests also need a
// session secret (Authorization: Bearer) and, when the browser sends them,
// our own Origin and same-origin fetch metadata. No secret is ever logged.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HTTP_PATHS, UPLOAD_NAME_HEADER, callLanguage, type ApiEvent, type ApiEvents, type EventEnvelope } from '../api/contract.js';
import type { Dispatch } from '../api/handlers.js';
import { ApiFailure, fail, type ApiErrorCode, type Result } from '../api/result.js';
import {
  LOOPBACK_HOST,
  bearerToken,
  isAllowedFetchSite,
  isAllowedHost,
  isAllowedOrigin,
} from './request-guard.js';
import { securityHeaders } from '../face/security-headers.js';
import { SESSION_REFUSALS, type LaunchSessions } from './session.js';
import { contentTypeOf, resolveStaticPath } from '../face/static-files.js';
import { IdleTimer, type UploadStore } from './uploads.js';
import { attachmentHeader, type DownloadStore } from './downloads.js';

export interface WebServerOptions {
  dispatch: Dispatch;
  /** The launch token's one exchange and the live sessions. */
  sessions: LaunchSessions;
  rendererRoot: string;
  uploads: UploadStore;
  /** Files the handlers offered for download. */
  downloads?: DownloadStore;
  /** Largest JSON request body (bytes). */
  maxJsonBytes?: number;
  /** Longest pause while a JSON body arrives (ms); an unfinished body is answered and its connection closed. */
  bodyIdleMs?: number;
}

export interface WebServer {
  server: Server;
  /** Sends an event to every connected page. */
  broadcast<E extends ApiEvent>(event: E, payload: ApiEvents[E]): void;
  listen(port: number): Promise<number>;
  close(): Promise<void>;
}

/** Largest sign-in body: `{"claim":"…"}` with a claim of at most 128 characters fits many times over. */
export const SESSION_BODY_BYTES = 1024;

const STATUS_OF: Record<ApiErrorCode, number> = {
  invalid_request: 400,
  unknown_method: 404,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  cancelled: 409,
  unsupported: 501,
  unreadable_evidence: 422,
  internal: 500,
};

export function createWebServer(opts: WebServerOptions): WebServer {
  const maxJson = opts.maxJsonBytes ?? 1024 * 1024;
  const bodyIdleMs = opts.bodyIdleMs ?? 30_000;
  const streams = new Set<ServerResponse>();
  let port = 0;

  function send(res: ServerResponse, status: number, body: string, type: string, extra: Record<string, string> = {}) {
    res.writeHead(status, { ...securityHeaders(), 'Content-Type': type, 'Cache-Control': 'no-store', ...extra });
    res.end(body);
  }

  function sendResult(res: ServerResponse, result: Result<unknown>) {
    const status = result.ok ? 200 : STATUS_OF[result.error.code];
    send(res, status, JSON.stringify(result), 'application/json; charset=utf-8');
  }

  /** Our own page (or a non-browser client): Origin and fetch metadata, when sent. */
  function sameOrigin(req: IncomingMessage): boolean {
    return isAllowedOrigin(header(req, 'origin'), port) && isAllowedFetchSite(header(req, 'sec-fetch-site'));
  }

  function authorized(req: IncomingMessage): boolean {
    return sameOrigin(req) && opts.sessions.isSession(bearerToken(header(req, 'authorization')));
  }

  /**
   * The launch token, presented once with the page's claim, becomes this
   * page's session; the claim alone fetches it again if the answer was lost
   * (session.ts). The body is tiny: more than SESSION_BODY_BYTES is refused
   * unread, and the token is not spent by it.
   */
  async function serveSessionExchange(req: IncomingMessage, res: ServerResponse) {
    let claim: string | undefined;
    try {
      const text = await readBody(req, SESSION_BODY_BYTES, bodyIdleMs);
      const body: unknown = text.length === 0 ? {} : JSON.parse(text);
      const c = body !== null && typeof body === 'object' ? (body as { claim?: unknown }).claim : undefined;
      claim = typeof c === 'string' ? c : undefined;
    } catch (e) {
      if (e instanceof ApiFailure && !req.complete) endAfterAnswer(req, res);
      return sendResult(res, fail('invalid_request', e instanceof ApiFailure ? e.message : 'The sign-in body is not valid JSON.'));
    }
    const trade = sameOrigin(req) ? opts.sessions.exchange({ launchToken: bearerToken(header(req, 'authorization')), claim }) : ({ ok: false, reason: 'wrong' } as const);
    if (trade.ok) return sendResult(res, { ok: true, value: { session: trade.session } });
    return sendResult(res, fail('forbidden', trade.reason === 'spent' ? SESSION_REFUSALS.spent : SESSION_REFUSALS.noSession));
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string) {
    const file = resolveStaticPath(opts.rendererRoot, pathname);
    const info = file ? await stat(file).catch(() => null) : null;
    if (!file || !info?.isFile()) return send(res, 404, 'Not found', 'text/plain; charset=utf-8');
    const isIndex = file.endsWith('index.html');
    res.writeHead(200, {
      ...securityHeaders(),
      'Content-Type': contentTypeOf(file),
      'Content-Length': String(info.size),
      'Cache-Control': isIndex ? 'no-cache' : 'public, max-age=31536000, immutable',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  }

  async function serveCall(req: IncomingMessage, res: ServerResponse, method: string) {
    if (!/^application\/json\b/.test(header(req, 'content-type') ?? '')) {
      return sendResult(res, fail('invalid_request', 'Expected a JSON body (Content-Type: application/json).'));
    }
    let body: unknown;
    try {
      const text = await readBody(req, maxJson, bodyIdleMs);
      body = text.length === 0 ? {} : JSON.parse(text);
    } catch (e) {
      const message = e instanceof ApiFailure ? e.message : 'The request body is not valid JSON.';
      // The rest of a refused body is not waited for: the connection closes once the answer is sent.
      if (e instanceof ApiFailure && !req.complete) endAfterAnswer(req, res);
      return sendResult(res, fail('invalid_request', message));
    }
    sendResult(res, await opts.dispatch(method, body, callLanguage(header(req, 'accept-language'))));
  }

  async function serveUpload(req: IncomingMessage, res: ServerResponse) {
    let name: string;
    try {
      name = decodeURIComponent(header(req, UPLOAD_NAME_HEADER) ?? '');
    } catch {
      name = '';
    }
    if (!name) return sendResult(res, fail('invalid_request', `Missing the ${UPLOAD_NAME_HEADER} header.`));
    try {
      const declared = Number(header(req, 'content-length'));
      const up = await opts.uploads.receive(req, name, Number.isSafeInteger(declared) ? declared : undefined);
      sendResult(res, { ok: true, value: { kind: 'upload', uploadId: up.uploadId, name: up.name } });
    } catch (e) {
      const err = e instanceof ApiFailure ? e : new ApiFailure('internal', 'The upload failed.');
      if (!req.complete) endAfterAnswer(req, res);
      sendResult(res, fail(err.code, opts.uploads.redact(err.message)));
    }
  }

  function serveDownload(res: ServerResponse, id: string) {
    const file = opts.downloads?.get(id);
    if (!file) return sendResult(res, fail('not_found', 'That file is no longer offered (the workstation may have restarted); make it again.'));
    res.writeHead(200, {
      ...securityHeaders(),
      'Content-Type': file.mediaType,
      'Content-Length': String(file.content ? file.content.length : file.bytes),
      'Content-Disposition': attachmentHeader(file.name),
      'Cache-Control': 'no-store',
    });
    if (file.content) return res.end(file.content);
    // A file that grows with the evidence is streamed from disk.
    createReadStream(file.path).on('error', () => res.destroy()).pipe(res);
  }

  function serveEvents(_req: IncomingMessage, res: ServerResponse) {
    res.writeHead(200, {
      ...securityHeaders(),
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write(': natalia workstation events\n\n');
    streams.add(res);
    res.on('close', () => streams.delete(res));
  }

  const server = createServer((req, res) => {
    void (async () => {
      // DNS rebinding: a foreign Host means a page of another site reached us by name.
      if (!isAllowedHost(header(req, 'host'), port)) return send(res, 421, 'Misdirected request', 'text/plain; charset=utf-8');
      const pathname = (req.url ?? '/').split('?')[0]!;
      if (!pathname.startsWith('/api/')) {
        if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed', 'text/plain; charset=utf-8');
        return serveStatic(req, res, pathname);
      }
      if (req.method === 'POST' && pathname === HTTP_PATHS.session) return serveSessionExchange(req, res);
      if (!authorized(req)) return sendResult(res, fail('forbidden', SESSION_REFUSALS.noSession));
      if (req.method === 'GET' && pathname === HTTP_PATHS.events) return serveEvents(req, res);
      if (req.method === 'POST' && pathname === HTTP_PATHS.upload) return serveUpload(req, res);
      if (req.method === 'GET' && pathname.startsWith(HTTP_PATHS.downloadPrefix)) return serveDownload(res, pathname.slice(HTTP_PATHS.downloadPrefix.length));
      if (req.method === 'POST' && pathname.startsWith(HTTP_PATHS.callPrefix)) {
        return serveCall(req, res, pathname.slice(HTTP_PATHS.callPrefix.length));
      }
      return sendResult(res, fail('unknown_method', 'No such API route.'));
    })().catch(() => {
      if (!res.headersSent) sendResult(res, fail('internal', 'The request failed.'));
      else res.destroy();
    });
  });
  // Slow-loris protection without cutting long uploads or the event stream.
  server.headersTimeout = 20_000;
  server.requestTimeout = 0;

  const heartbeat = setInterval(() => {
    for (const s of streams) s.write(': keep-alive\n\n');
  }, 15_000);
  heartbeat.unref();

  return {
    server,
    broadcast(event, payload) {
      const envelope: EventEnvelope = { event, payload } as EventEnvelope;
      const frame = `event: ${event}\ndata: ${JSON.stringify(envelope)}\n\n`;
      for (const s of streams) s.write(frame);
    },
    listen(wanted) {
      return new Promise((resolvePort, reject) => {
        server.once('error', reject);
        // Loopback only: nothing on another interface can reach the workstation.
        server.listen(wanted, LOOPBACK_HOST, () => {
          server.off('error', reject);
          const addr = server.address();
          port = typeof addr === 'object' && addr ? addr.port : wanted;
          resolvePort(port);
        });
      });
    },
    close() {
      clearInterval(heartbeat);
      for (const s of streams) s.end();
      streams.clear();
      return new Promise((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** A request whose body was not read to its end: answered, then its connection closed (never reused, never waited on). */
function endAfterAnswer(req: IncomingMessage, res: ServerResponse): void {
  res.shouldKeepAlive = false;
  res.once('finish', () => req.destroy());
}

function readBody(req: IncomingMessage, max: number, idleMs: number): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const idle = new IdleTimer(idleMs);
    idle.signal.addEventListener('abort', () => reject(new ApiFailure('invalid_request', `The request body stopped arriving (nothing for ${idleMs / 1000} s).`)));
    req.on('close', () => idle.stop());
    req.on('data', (c: Buffer) => {
      idle.touch();
      size += c.length;
      // Over the limit: stop keeping the bytes (the rest drains unread) and answer at once.
      if (size > max) reject(new ApiFailure('invalid_request', `The request body is larger than ${max} bytes.`));
      else chunks.push(c);
    });
    req.on('end', () => {
      idle.stop();
      resolveBody(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}
