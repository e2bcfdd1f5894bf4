// The web transport of the WorkstationApi: fetch for calls, a server-sent
// event stream (read with fetch, so it carries the session header) for pushed
// events, XMLHttpRequest for uploads (the one browser API that reports upload
// progress). The launch token arrives once in the URL fragment, is removed
// from the address bar at once and traded, once, for a session secret
// (shared/server/session.ts). The session is kept in sessionStorage (this exact
// origin and tab only), so a reload keeps working; the launch token is never
// stored, and after the trade it opens nothing.
import {
  HTTP_PATHS,
  UPLOAD_NAME_HEADER,
  isApiEvent,
  type ApiEvent,
  type ApiEvents,
  type DeliveredFile,
  type EventEnvelope,
  type FileSource,
  type WorkstationApi,
} from '../../../shared/api/contract.js';
import { fail, isResult, ok, type Result } from '../../../shared/api/contract.js';

const SESSION_KEY = 'natalia.session';
/** The claim of a trade whose answer has not arrived yet (removed once the session is kept). */
const CLAIM_KEY = 'natalia.session-claim';

/** What the page was opened with: a fresh launch token (from the link), this tab's session, or the claim of a trade whose answer was lost. */
export type Credentials = { launchToken: string } | { session: string } | { claim: string } | null;

/** Takes the launch token from `#token=...` (and forgets the fragment at once), else this tab's session or pending claim. */
export function takeCredentials(loc: Location = window.location, storage: Storage = window.sessionStorage): Credentials {
  const m = /(?:^#|&)token=([A-Za-z0-9_-]{16,128})(?:&|$)/.exec(loc.hash);
  if (m) {
    history.replaceState(null, '', loc.pathname + loc.search + '#/');
    return { launchToken: m[1]! };
  }
  const session = storage.getItem(SESSION_KEY);
  if (session) return { session };
  const claim = storage.getItem(CLAIM_KEY);
  return claim ? { claim } : null;
}

/** Said when the sign-in could not be completed for want of an answer: what to do, since the link is spent. */
export const SIGN_IN_LOST =
  'The workstation did not answer the sign-in. Try again (or reload this page): this tab signs in again without a new link. If the workstation was stopped, run natalia-audit open again.';

type Listener = (payload: unknown) => void;

export function createWebClient(credentials: Credentials, storage: Storage = window.sessionStorage) {
  const listeners = new Map<ApiEvent, Set<Listener>>();
  let streaming = false;
  /**
   * The session every request waits for: this tab's, or the one the launch
   * token is traded for. A trade that got no answer is made again (with the
   * same claim) by the next request, e.g. the screen's Try again.
   */
  let session: Promise<Result<string>> = openSession(credentials, storage);
  const authHeaders = async (): Promise<Result<Record<string, string>>> => {
    let s = await session;
    if (!s.ok && s.error.message === SIGN_IN_LOST) {
      session = openSession(credentials, storage);
      s = await session;
    }
    return s.ok ? ok({ Authorization: `Bearer ${s.value}` }) : s;
  };

  async function readResult(res: Response): Promise<Result<any>> {
    try {
      const body: unknown = await res.json();
      if (isResult(body)) return body;
    } catch {
      /* fall through */
    }
    return fail('internal', `The workstation answered HTTP ${res.status} with an unexpected body.`);
  }

  /** One long-lived event stream, restarted after a pause if it drops. */
  async function stream(): Promise<void> {
    if (streaming) return;
    streaming = true;
    for (;;) {
      try {
        const auth = await authHeaders();
        if (!auth.ok) throw new Error(auth.error.message);
        const res = await fetch(HTTP_PATHS.events, { headers: { ...auth.value, Accept: 'text/event-stream' }, cache: 'no-store' });
        if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            dispatchFrame(buffer.slice(0, cut));
            buffer = buffer.slice(cut + 2);
          }
        }
      } catch {
        /* retried below */
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  function dispatchFrame(frame: string) {
    const data = frame
      .split('\n')
      .filter((l) => l.startsWith('data: '))
      .map((l) => l.slice(6))
      .join('\n');
    if (!data) return;
    let envelope: EventEnvelope;
    try {
      envelope = JSON.parse(data) as EventEnvelope;
    } catch {
      return;
    }
    if (!isApiEvent(envelope.event)) return;
    for (const l of listeners.get(envelope.event) ?? []) l(envelope.payload);
  }

  const api = {
    transport: 'web',
    async call(method, request) {
      const auth = await authHeaders();
      if (!auth.ok) return auth;
      try {
        const res = await fetch(HTTP_PATHS.callPrefix + method, {
          method: 'POST',
          // The screens' language (renderer/src/i18n/setup.ts keeps <html lang>): the API words its answer in it.
          headers: { ...auth.value, 'Content-Type': 'application/json', 'Accept-Language': document.documentElement.lang },
          body: JSON.stringify(request ?? {}),
          cache: 'no-store',
        });
        return readResult(res);
      } catch {
        return fail('internal', 'The workstation is not answering. Is it still running?');
      }
    },
    subscribe<E extends ApiEvent>(event: E, listener: (payload: ApiEvents[E]) => void) {
      void stream();
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as Listener);
      return () => {
        set.delete(listener as Listener);
      };
    },
    async stageFile(file: File, onProgress?: (sent: number, total: number) => void): Promise<Result<FileSource>> {
      const auth = await authHeaders();
      if (!auth.ok) return auth;
      return new Promise((resolve) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', HTTP_PATHS.upload);
        for (const [name, value] of Object.entries(auth.value)) xhr.setRequestHeader(name, value);
        xhr.setRequestHeader(UPLOAD_NAME_HEADER, encodeURIComponent(file.name));
        xhr.setRequestHeader('Content-Type', 'application/octet-stream');
        xhr.upload.onprogress = (e) => onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size);
        xhr.onload = () => {
          try {
            const body: unknown = JSON.parse(xhr.responseText);
            resolve(isResult(body) ? (body as Result<FileSource>) : fail('internal', 'Unexpected upload answer.'));
          } catch {
            resolve(fail('internal', `Upload failed (HTTP ${xhr.status}).`));
          }
        };
        xhr.onerror = () => resolve(fail('internal', 'The upload was interrupted.'));
        xhr.send(file);
      });
    },
    async pickPath() {
      return fail('unsupported', 'In the browser, choose files with the file picker or type a path.');
    },
    /**
     * Fetches the offered file with the session (a plain link could not carry
     * it), then hands it to the browser's downloads under its own name.
     */
    async download(file: DeliveredFile): Promise<Result<void>> {
      if (!file.downloadId) return fail('invalid_request', `${file.name} was not offered for download.`);
      const auth = await authHeaders();
      if (!auth.ok) return auth;
      let res: Response;
      try {
        res = await fetch(HTTP_PATHS.downloadPrefix + encodeURIComponent(file.downloadId), { headers: auth.value, cache: 'no-store' });
      } catch {
        return fail('internal', 'The workstation is not answering. Is it still running?');
      }
      if (!res.ok) {
        const r = await readResult(res);
        return r.ok ? fail('internal', `The download failed (HTTP ${res.status}).`) : r;
      }
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = file.name;
      a.hidden = true;
      document.body.append(a);
      a.click();
      a.remove();
      // The browser has taken the bytes once the click is handled; free them a little later.
      window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
      return ok(undefined);
    },
  } satisfies WorkstationApi;
  return api;
}

/** A random claim: 32 bytes, base64url. */
function newClaim(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Pauses between attempts of one sign-in whose answer was lost. */
const SIGN_IN_RETRY_MS = [300, 1000];

/**
 * The launch token traded once for a session (kept for this tab's reloads),
 * the session this tab already has, or the session of this tab's earlier
 * trade fetched again with its claim.
 */
export async function openSession(credentials: Credentials, storage: Storage, retryMs: readonly number[] = SIGN_IN_RETRY_MS): Promise<Result<string>> {
  if (credentials === null) return fail('forbidden', 'Open the workstation with the link natalia-audit open printed.');
  if ('session' in credentials) return ok(credentials.session);
  let claim = storage.getItem(CLAIM_KEY);
  if ('claim' in credentials) claim = credentials.claim;
  else if (claim === null) {
    claim = newClaim();
    // Kept before asking: the answer may be lost, the claim must not be.
    storage.setItem(CLAIM_KEY, claim);
  }
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if ('launchToken' in credentials) headers.Authorization = `Bearer ${credentials.launchToken}`;
  for (let attempt = 0; ; attempt++) {
    let body: unknown = undefined;
    try {
      const res = await fetch(HTTP_PATHS.session, { method: 'POST', headers, body: JSON.stringify({ claim }), cache: 'no-store' });
      body = await res.json();
    } catch {
      /* no answer, or not a whole one: asked again below */
    }
    if (isResult(body)) {
      // Refused (a spent link, a restarted workstation): the claim can fetch nothing any more.
      if (!body.ok) {
        storage.removeItem(CLAIM_KEY);
        return body;
      }
      const session = (body.value as { session?: unknown } | null)?.session;
      if (typeof session !== 'string') return fail('internal', 'The workstation answered the sign-in with an unexpected body.');
      storage.setItem(SESSION_KEY, session);
      storage.removeItem(CLAIM_KEY);
      return ok(session);
    }
    if (attempt >= retryMs.length) return fail('internal', SIGN_IN_LOST);
    await new Promise((r) => setTimeout(r, retryMs[attempt]));
  }
}
