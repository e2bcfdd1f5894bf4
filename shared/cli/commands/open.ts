// natalia-audit open [--port N] [--case-dir DIR] [--demo] [--demo-dir DIR] [--web]
//
// Opens the workstation: the Electron desktop app where its runtime is
// installed (and a display is available), the loopback web mode otherwise.
// Prints `Workstation ready at <url>` on a line of its own once it can be used.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, type Stats } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { workstationHome } from '../../engine/license/trust-store.js';
import { sampleDemoBundles, type DemoBundle } from '../../host/demo-bundles.js';
import { projectRoot } from '../../server/project-root.js';
import { startWebWorkstation } from '../../server/start-web.js';
import { UsageError } from '../cli-error.js';
import { parseCommand, usageOf } from '../command-table.js';

const OPEN_USAGE = usageOf('open');

export interface OpenArgs {
  port: number;
  caseDir?: string;
  demo: boolean;
  /** Where the demo evidence is written (default: a fresh temporary folder). */
  demoDir?: string;
  web: boolean;
}

export function parseOpenArgs(argv: string[]): OpenArgs {
  const { values, positionals } = parseCommand('open', argv);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}". Usage: ${OPEN_USAGE}`);
  let port = 0;
  if (values.port !== undefined) {
    if (!/^\d{1,5}$/.test(values.port) || Number(values.port) > 65535) throw new UsageError(`--port expects a port number (0-65535), got "${values.port}"`);
    port = Number(values.port);
  }
  const demoDir = values['demo-dir'];
  return { port, caseDir: values['case-dir'], demo: values.demo === true || demoDir !== undefined, demoDir, web: values.web === true };
}

/**
 * The Electron binary, if its runtime is installed. This reads what the
 * `electron` package's own index.js reads (its path.txt, the dist/ folder,
 * ELECTRON_OVERRIDE_DIST_PATH) without requiring it: requiring it starts a
 * download when the binary is missing, and the workstation never goes online.
 */
export function findElectronBinary(req: { resolve(id: string): string } = createRequire(import.meta.url), env: NodeJS.ProcessEnv = process.env): string | null {
  let dir: string;
  try {
    dir = dirname(req.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const binary = env.ELECTRON_OVERRIDE_DIST_PATH ? join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron') : relative ? join(dir, 'dist', relative) : null;
  return binary && existsSync(binary) ? binary : null;
}

/** A window can be shown: not a Linux session without a display server. */
export function hasDisplay(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): boolean {
  return platform !== 'linux' || Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

export async function runOpen(argv: string[]): Promise<number> {
  const args = parseOpenArgs(argv);
  // The demo gets a fresh workspace each launch; real cases live in the workstation's folder.
  const caseDir = args.caseDir
    ? resolve(args.caseDir)
    : args.demo
      ? await mkdtemp(join(tmpdir(), 'natalia-demo-cases-'))
      : join(workstationHome(), 'cases');
  // The folder is created when missing; anything else at that path is the user's and is refused.
  const existing = statOrNull(caseDir);
  if (existing && !existing.isDirectory()) throw new UsageError(`--case-dir ${caseDir} is not a folder; name the folder that holds (or will hold) the case files`);

  const electron = args.web ? null : findElectronBinary();
  const desktopBuilt = existsSync(join(projectRoot(), 'dist', 'electron', 'main.js')) && existsSync(join(projectRoot(), 'dist', 'electron', 'preload.cjs'));
  if (electron && desktopBuilt && hasDisplay()) return openDesktop(electron, caseDir, args);
  if (!args.web) {
    const why = !electron ? 'the Electron runtime is not installed' : !desktopBuilt ? 'the desktop shell is not built (npm run build:electron)' : 'no display is available';
    process.stderr.write(`Opening in web mode: ${why}.\n`);
  }
  return openWeb(caseDir, args);
}

async function openDesktop(binary: string, caseDir: string, args: OpenArgs): Promise<number> {
  const child = spawn(binary, [projectRoot(), '--case-dir', caseDir, ...(args.demo ? ['--demo'] : [])], { stdio: 'inherit' });
  process.stdout.write(`Workstation ready at app://workstation/index.html\n`);
  return new Promise((done) => child.on('exit', (code) => done(code ?? 0)));
}

async function openWeb(caseDir: string, args: OpenArgs): Promise<number> {
  const demo: DemoBundle[] | undefined = args.demo ? await demoBundles(args.demoDir) : undefined;
  const ws = await startWebWorkstation({
    port: args.port,
    caseDir,
    demo,
    onDemoProgress: (m) => process.stderr.write(m + '\n'),
  });
  process.stderr.write(`Cases are kept in ${caseDir}\nOpen the address below in a browser on this computer; press Ctrl+C to stop.\n`);
  process.stdout.write(`Workstation ready at ${ws.url}\n`);
  return new Promise((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void ws.close().then(() => done(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** The reference samples, plus the demo command's valid and tampered exports when the exporter is available. */
async function demoBundles(dir: string | undefined): Promise<DemoBundle[]> {
  const bundles = sampleDemoBundles(projectRoot());
  try {
    const { writeDemoEvidence } = await import('./demo.js');
    const out = dir ? resolve(dir) : await mkdtemp(join(tmpdir(), 'natalia-demo-evidence-'));
    process.stderr.write(`Writing demo evidence (a valid export and a tampered copy) to ${out} …\n`);
    const demo = await writeDemoEvidence(out);
    const name = (p: string) => p.split(/[\\/]/).pop()!.replace(/\.(zip|tar\.gz)$/, '');
    bundles.push(
      { label: 'demo export', name: name(demo.valid), path: demo.valid, trustPath: demo.trustRoots },
      { label: 'tampered demo copy', name: name(demo.tampered) + ' (tampered)', path: demo.tampered, trustPath: demo.trustRoots },
    );
  } catch (e) {
    if (e instanceof UsageError) throw e;
    process.stderr.write(`(Demo exporter unavailable, showing the reference samples only: ${(e as Error).message})\n`);
  }
  return bundles;
}
