// natalia-audit trust list [--json]
// natalia-audit trust add <trust-roots.json> [--force]
// natalia-audit trust remove <kid>
// The workstation's own trust store (spec §8), used when no --trust is given.
// It starts empty so that nothing is trusted by accident; roots come only from
// a file the user names (the vendor's trust-roots.json, received by a channel
// they trust), never from a bundle. Each root is shown with its fingerprint,
// to read back to the vendor. Known test roots (private keys derived from
// seeds in source code) are refused without --force. The store is replaced
// whole (temporary file, then rename): never half written.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  defaultTrustStorePath,
  loadTrustStore,
  mergeRoots,
  rootFingerprint,
  serializeTrustStore,
  type TrustRoot,
} from '../../engine/license/trust-store.js';
import { knownTestRoot } from '../../engine/license/known-test-roots.js';
import { EXIT_OK, UsageError, writeFilesOrSay } from '../cli-error.js';
import { terminalSafe } from '../terminal-text.js';
import { type Out } from '../case-command.js';
import { parseCommand, usageOf } from '../command-table.js';

const TRUST_USAGE = usageOf('trust');

function describeRoot(r: TrustRoot): string {
  return `  ${r.kid}  ${terminalSafe(r.label ?? '(no label)')}\n      fingerprint (SHA-256 of the public key) ${rootFingerprint(r)}`;
}

function save(roots: readonly TrustRoot[]): string {
  const path = defaultTrustStorePath();
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFilesOrSay([{ path, content: Buffer.from(serializeTrustStore(roots), 'utf8') }], { overwrite: true });
  return path;
}

export async function runTrust(argv: string[], out: Out = process.stdout): Promise<number> {
  const { values, positionals } = parseCommand('trust', argv);
  const [action, arg, ...rest] = positionals;
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}". Usage: ${TRUST_USAGE}`);
  if (values.force && action !== 'add') throw new UsageError('--force goes with trust add');
  const store = await loadTrustStore();
  const path = defaultTrustStorePath();
  switch (action) {
    case 'list': {
      if (arg !== undefined) throw new UsageError(`trust list takes no argument. Usage: ${TRUST_USAGE}`);
      if (values.json) {
        out.write(JSON.stringify({ path, roots: store.roots.map((r) => ({ kid: r.kid, label: r.label ?? null, fingerprint: rootFingerprint(r) })) }, null, 2) + '\n');
      } else if (store.roots.length === 0) {
        out.write(`The workstation trust store (${path}) holds no vendor root: nothing can be trusted without --trust. Add your vendor's roots with: natalia-audit trust add FILE\n`);
      } else {
        out.write([`The workstation trust store (${path}) holds ${store.roots.length} vendor root${store.roots.length === 1 ? '' : 's'}:`, ...store.roots.map(describeRoot)].join('\n') + '\n');
      }
      return EXIT_OK;
    }
    case 'add': {
      if (arg === undefined) throw new UsageError(`trust add needs the vendor's trust-roots file. Usage: ${TRUST_USAGE}`);
      if (values.json) throw new UsageError('--json goes with trust list');
      const given = await loadTrustStore(arg);
      if (given.roots.length === 0) throw new UsageError(`${arg} lists no vendor root`);
      const merged = mergeRoots(store.roots, given.roots);
      const testRoots = merged.new.filter((r) => knownTestRoot(r) !== undefined);
      if (testRoots.length > 0 && !values.force) {
        const r = testRoots[0]!;
        throw new UsageError(
          `${arg}: root ${r.kid} is ${knownTestRoot(r)!.what}, whose private key comes from a seed in public source code: anyone can sign with it, so nothing it signs proves anything. Nothing added (--force adds it anyway, on a machine kept for tests)`,
        );
      }
      if (merged.new.length === 0) {
        out.write(`Nothing added: the workstation trust store (${path}) already holds every root of ${arg}.\n`);
        return EXIT_OK;
      }
      const saved = save(merged.roots);
      out.write(
        [
          `Added to the workstation trust store (${saved}) ${merged.new.length} vendor root${merged.new.length === 1 ? '' : 's'}:`,
          ...merged.new.map(describeRoot),
          ...testRoots.map((r) => `Warning: ${r.kid} is ${knownTestRoot(r)!.what}; a bundle it vouches for proves nothing. Remove it with: natalia-audit trust remove ${r.kid}`),
          'Check each fingerprint with your vendor by a channel you trust (not the one the file came by). Remove a root with: natalia-audit trust remove KID',
        ].join('\n') + '\n',
      );
      return EXIT_OK;
    }
    case 'remove': {
      if (arg === undefined || !/^[0-9a-f]{16}$/.test(arg)) throw new UsageError(`trust remove needs a root's kid (16 lowercase hex digits, as trust list prints it). Usage: ${TRUST_USAGE}`);
      if (values.json) throw new UsageError('--json goes with trust list');
      const kept = store.roots.filter((r) => r.kid !== arg);
      if (kept.length === store.roots.length) throw new UsageError(`the workstation trust store (${path}) holds no root ${arg}`);
      save(kept);
      out.write(`Removed vendor root ${arg} from the workstation trust store (${path}); ${kept.length} left.\n`);
      return EXIT_OK;
    }
    default:
      throw new UsageError(`${action === undefined ? 'trust needs an action' : `unknown action "${action}"`}: list, add or remove. Usage: ${TRUST_USAGE}`);
  }
}
