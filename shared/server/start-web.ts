// Web mode in one call: the engine, the handlers, the loopback server and,
// for the demo, a case holding demo evidence. Returns the URL to open (with
// the per-launch token in its fragment, which browsers never send to servers).
import { randomBytes } from 'node:crypto';
import { createDispatcher, createHandlers } from '../api/handlers.js';
import { createEngine } from '../api/engine.js';
import { ApiFailure } from '../api/result.js';
import type { FileSource } from '../api/contract.js';
import { WORKSTATION_VERSION } from '../engine/version.js';
import { expectedOrigin } from './request-guard.js';
import { projectRoot } from './project-root.js';
import { defaultRendererRoot, rendererIsBuilt } from './static-files.js';
import { UploadStore } from './uploads.js';
import { DownloadStore } from './downloads.js';
import { createWebServer } from './web-server.js';
import { openDemoCase, sampleDemoBundles, type DemoBundle } from './demo-bundles.js';

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
  /** Folder of the key that signs reports (default: the workstation's home). */
  keyHome?: string;
}

export interface WebWorkstation {
  url: string;
  port: number;
  /** Token of this launch (already in `url`); tests use it to call the API directly. */
  token: string;
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
  const engine = await createEngine({ workspace: opts.caseDir, ...(opts.keyHome !== undefined ? { keyHome: opts.keyHome } : {}) });
  const uploads = await UploadStore.create();
  const downloads = new DownloadStore();
  let initialCaseId: string | undefined;
  try {
    if (opts.demo) {
      const bundles = opts.demo === true ? sampleDemoBundles(projectRoot()) : opts.demo;
      initialCaseId = await openDemoCase(engine, bundles, opts.onDemoProgress);
    }
  } catch (e) {
    await engine.close();
    await uploads.close();
    throw e;
  }

  // The server needs the handlers and the handlers emit through the server: tie the knot.
  let broadcast: (event: never, payload: never) => void = () => {};
  const handlers = createHandlers({
    engine,
    emit: (event, payload) => (broadcast as (e: typeof event, p: typeof payload) => void)(event, payload),
    resolveSource: async (source: FileSource) => {
      if (source.kind === 'upload') return uploads.pathOf(source.uploadId);
      return source.path;
    },
    version: WORKSTATION_VERSION,
    initialCaseId,
    // Reports reach the user as downloads from this server.
    delivery: { kind: 'download', offer: (file) => downloads.offer(file) },
  });
  const web = createWebServer({ dispatch: createDispatcher(handlers), token, rendererRoot, uploads, downloads });
  broadcast = web.broadcast as typeof broadcast;
  let port: number;
  try {
    port = await web.listen(opts.port);
  } catch (e) {
    await handlers.drain();
    await engine.close();
    await uploads.close();
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') throw new ApiFailure('conflict', `Port ${opts.port} on 127.0.0.1 is already in use; choose another with --port.`);
    throw e;
  }

  let closed = false;
  return {
    url: `${expectedOrigin(port)}/#token=${token}`,
    port,
    token,
    initialCaseId,
    async close() {
      if (closed) return;
      closed = true;
      await web.close();
      await handlers.drain();
      await engine.close();
      await uploads.close();
      downloads.clear();
    },
  };
}
