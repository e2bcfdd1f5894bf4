// The web transport of the WorkstationApi: fetch for calls, a server-sent
// event stream (read with fetch, so it carries the token header) for pushed
// events, XMLHttpRequest for uploads (the one browser API that reports upload
// progress). The token arrives once in the URL fragment, is kept in
// sessionStorage (scoped to this exact origin and tab) and removed from the URL.
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
import { fail, isResult, ok, type Result } from '../../../shared/api/result.js';

const TOKEN_KEY = 'natalia.token';

/** Takes the token from `#token=...` (then forgets the fragment), else from this tab's storage. */
export function takeToken(loc: Location = window.location, storage: Storage = window.sessionStorage): string | null {
  const m = /(?:^#|&)token=([A-Za-z0-9_-]{16,128})(?:&|$)/.exec(loc.hash);
  if (m) {
    storage.setItem(TOKEN_KEY, m[1]!);
    history.replaceState(null, '', loc.pathname + loc.search + '#/');
    return m[1]!;
  }
  return storage.getItem(TOKEN_KEY);
}

type Listener = (payload: unknown) => void;

export function createWebClient(token: string | null) {
  const listeners = new Map<ApiEvent, Set<Listener>>();
  let streaming = false;
  const authHeaders = (): Record<string, string> => (token ? { Authorization: `Bearer ${token}` } : {});

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
        const res = await fetch(HTTP_PATHS.events, { headers: { ...authHeaders(), Accept: 'text/event-stream' }, cache: 'no-store' });
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
      try {
        const res = await fetch(HTTP_PATHS.callPrefix + method, {
          method: 'POST',
          headers: { ...authHeaders(), 'Content-Type': 'application/json' },
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
    stageFile(file: File, onProgress?: (sent: number, total: number) => void): Promise<Result<FileSource>> {
      return new Promise((resolve) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', HTTP_PATHS.upload);
        if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
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
     * Fetches the offered file with the token (a plain link could not carry
     * it), then hands it to the browser's downloads under its own name.
     */
    async download(file: DeliveredFile): Promise<Result<void>> {
      if (!file.downloadId) return fail('invalid_request', `${file.name} was not offered for download.`);
      let res: Response;
      try {
        res = await fetch(HTTP_PATHS.downloadPrefix + encodeURIComponent(file.downloadId), { headers: authHeaders(), cache: 'no-store' });
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
