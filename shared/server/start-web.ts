// Web mode in one call: the engine host (on a worker thread), the loopback
// server and, for the demo, a case holding demo evidence. Returns the URL to open (with
// the launch token in its fragment, which browsers never send to servers; the
// page trades it once for a session, session.ts).
import { randomBytes } from 'node:crypto';
import { ApiFailure } from '../api/result.js';
import type { FileSource } from '../api/contract.js';
import { WORKSTATION_VERSION } from '../engine/version.js';
import { expectedOrigin } from './request-guard.js';
import { projectRoot } from './project-root.js';
import { defaultRendererRoot, rendererIsBuilt } from '../face/static-files.js';
import { UploadStore } from './uploads.js';
import { DownloadStore } from './downloads.js';
import { createWebServer } from './web-server.js';
import { LaunchSessions } from './session.js';
import { sampleDemoBundles, type DemoBundle } from '../host/demo-bundles.js';
import type { EngineHost } from '../host/engine-host.js';
import { startWorkerHost } from '../host/worker-host.js';
import { createThrowawayKeyHome } from '../face/throwaway-key-home.js';

export interface StartWebOptions {
  /** 0 picks a free port. */
  port: number;
  /** Folder holding the cases (created if missing). */
  caseDir: string;
  /** Open a demo case: true for the reference samples, or the bundles to import. */
  demo?: boolean | DemoBundle[];
  /** Built renderer; default dist-renderer/ of the project. */
  rendererRoot?: string;
  /** Called for each demo import stage (e.g. to print progress). */
  onDemoProgress?: (message: string) => void;
  /** Folder of the key that signs reports (default: the workstation's home; for a demo, a throwaway one). */
  keyHome?: string;
}

export interface WebWorkstation {
  url: string;
  port: number;
  /** Token of this launch (already in `url`): good for one exchange, which the page makes. */
  token: string;
  /** A session secret for a caller in this process (tests call the API with it); the same one each time. */
  apiSession(): string;
  initialCaseId?: string;
  close(): Promise<void>;
}

export class RendererNotBuiltError extends Error {
  override name = 'RendererNotBuiltError';
}

export async function startWebWorkstation(opts: StartWebOptions): Promise<WebWorkstation> {
  const rendererRoot = opts.rendererRoot ?? defaultRendererRoot(projectRoot());
  if (!rendererIsBuilt(rendererRoot)) {
    throw new RendererNotBuiltError(`The workstation's screens are not built (no ${rendererRoot}/index.html): run \`npm run build:renderer\` first.`);
  }
  const token = randomBytes(32).toString('base64url');
  // A demo never signs with the workstation's real key.
  const demoKey = opts.demo && opts.keyHome === undefined ? await createThrowawayKeyHome() : undefined;
  const keyHome = opts.keyHome ?? demoKey?.path;
  const uploads = await UploadStore.create();
  const downloads = new DownloadStore();
  const demo = opts.demo === true ? sampleDemoBundles(projectRoot()) : opts.demo || undefined;

  // The server's thread only answers requests: the engine runs on its host thread.
  // The host emits through the server and the server dispatches to the host: tie the knot.
  let broadcast: (event: never, payload: never) => void = () => {};
  let host: EngineHost;
  try {
    host = await startWorkerHost(
      {
        workspace: opts.caseDir,
        version: WORKSTATION_VERSION,
        ...(keyHome !== undefined ? { keyHome } : {}),
        ...(demo ? { demo } : {}),
      },
      {
        emit: (event, payload) => (broadcast as (e: typeof event, p: typeof payload) => void)(event, payload),
        resolveSource: async (source: FileSource) => {
          if (source.kind === 'upload') return uploads.pathOf(source.uploadId);
          return source.path;
        },
        // Reports reach the user as downloads from this server.
        delivery: { kind: 'download', offer: (file) => downloads.offer(file), offerFile: (file) => downloads.offerFile(file) },
        ...(opts.onDemoProgress ? { say: opts.onDemoProgress } : {}),
      },
    );
  } catch (e) {
    await uploads.close();
    await demoKey?.remove();
    throw e;
  }
  const initialCaseId = host.initialCaseId;
  const sessions = new LaunchSessions(token);
  const dispatch = host.dispatch;
  // Messages a person reads name the file they chose, never the server's private copy of it.
  const redacted: typeof dispatch = async (method, request, lang) => {
    const r = await dispatch(method, request, lang);
    return r.ok ? r : { ok: false, error: { ...r.error, message: uploads.redact(r.error.message) } };
  };
  const web = createWebServer({ dispatch: redacted, sessions, rendererRoot, uploads, downloads });
  broadcast = ((event: string, payload: { error?: { message: string } }) =>
    web.broadcast(event as never, (payload.error ? { ...payload, error: { ...payload.error, message: uploads.redact(payload.error.message) } } : payload) as never)) as typeof broadcast;
  let port: number;
  try {
    port = await web.listen(opts.port);
  } catch (e) {
    await host.close();
    await uploads.close();
    await demoKey?.remove();
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') throw new ApiFailure('conflict', `Port ${opts.port} on 127.0.0.1 is already in use; choose another with --port.`);
    throw e;
  }

  let closed = false;
  let inProcess: string | undefined;
  return {
    url: `${expectedOrigin(port)}/#token=${token}`,
    port,
    token,
    apiSession: () => (inProcess ??= sessions.issueInProcess()),
    initialCaseId,
    async close() {
      if (closed) return;
      closed = true;
      await web.close();
      sessions.clear();
      await host.close();
      await uploads.close();
      await demoKey?.remove();
      await downloads.clear();
    },
  };
}
