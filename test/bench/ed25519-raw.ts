// The reference for verification throughput: how many strict Ed25519
// verifications per second this machine does, right now, with nothing else
// to do. Each worker thread loops one verifier over pre-made valid
// signatures of audit-sized messages (`natalia.audit.v1:` + 64 hex, the
// message every audit entry signs) for a fixed time after a warm-up; all
// workers start together and the rates add up.
//
// Verifiers: libsodium (sodium-native crypto_sign_verify_detached, strict by
// construction) and node:crypto with a cached KeyObject plus the S < L check
// the engine adds (strict the same way); @noble/ed25519 (zip215: false) on
// one core for context. The workers run plain JavaScript (no tsx), so the
// loop measures the verifier and nothing of this project.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import * as ed from '@noble/ed25519';

export type RawBackend = 'sodium' | 'node' | 'noble';

export interface RawResult {
  backend: RawBackend;
  threads: number;
  /** Verifications per second, all threads together. */
  perSecond: number;
  /**
   * Verifications per CPU-second of the process (warm-up included on both
   * sides): what one core does when it gets to run, whatever the neighbours
   * take. Absent for the single-thread noble loop.
   */
  perCpuSecond?: number;
  seconds: number;
}

interface Fixture {
  pk: Uint8Array;
  msgs: Uint8Array[];
  sigs: Uint8Array[];
}

interface SodiumSign {
  crypto_sign_keypair(pk: Buffer, sk: Buffer): void;
  crypto_sign_detached(sig: Buffer, msg: Buffer, sk: Buffer): void;
  crypto_sign_verify_detached(sig: Buffer, msg: Buffer, pk: Buffer): boolean;
  crypto_sign_PUBLICKEYBYTES: number;
  crypto_sign_SECRETKEYBYTES: number;
  crypto_sign_BYTES: number;
}

const require = createRequire(import.meta.url);
const SODIUM_PATH = require.resolve('sodium-native');

/** 256 audit-style messages signed by one key: enough variety that no cache flatters the loop. */
function makeFixture(): Fixture {
  const sodium = require(SODIUM_PATH) as SodiumSign;
  const pk = Buffer.alloc(sodium.crypto_sign_PUBLICKEYBYTES);
  const sk = Buffer.alloc(sodium.crypto_sign_SECRETKEYBYTES);
  sodium.crypto_sign_keypair(pk, sk);
  const msgs: Uint8Array[] = [];
  const sigs: Uint8Array[] = [];
  for (let i = 0; i < 256; i++) {
    const msg = Buffer.from(`natalia.audit.v1:${createHash('sha256').update(`entry ${i}`).digest('hex')}`, 'utf8');
    const sig = Buffer.alloc(sodium.crypto_sign_BYTES);
    sodium.crypto_sign_detached(sig, msg, sk);
    if (!sodium.crypto_sign_verify_detached(sig, msg, pk)) throw new Error('libsodium rejects its own signature');
    msgs.push(new Uint8Array(msg));
    sigs.push(new Uint8Array(sig));
  }
  return { pk: new Uint8Array(pk), msgs, sigs };
}

let fixture: Fixture | undefined;
const getFixture = () => (fixture ??= makeFixture());

// CommonJS, evaluated as the worker's script. `bad` counts rejections of
// valid signatures: any is a broken benchmark, and the driver refuses it.
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const { backend, sodiumPath, pk, msgs, sigs, warmupMs, seconds } = workerData;
const m = msgs.map((x) => Buffer.from(x));
const s = sigs.map((x) => Buffer.from(x));
const L = Buffer.from('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010', 'hex');
function canonicalS(sig) {
  for (let i = 31; i >= 0; i--) {
    if (sig[32 + i] < L[i]) return true;
    if (sig[32 + i] > L[i]) return false;
  }
  return false;
}
let verify;
if (backend === 'sodium') {
  const sodium = require(sodiumPath);
  const key = Buffer.from(pk);
  verify = (i) => sodium.crypto_sign_verify_detached(s[i], m[i], key);
} else {
  const crypto = require('node:crypto');
  const key = crypto.createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(pk)]), format: 'der', type: 'spki' });
  verify = (i) => canonicalS(s[i]) && crypto.verify(null, m[i], key, s[i]);
}
const n = m.length;
parentPort.once('message', () => {
  let i = 0, count = 0, bad = 0, warm = 0;
  const warmEnd = performance.now() + warmupMs;
  while (performance.now() < warmEnd) { if (!verify(i)) bad++; i = (i + 1) % n; warm++; }
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  for (;;) {
    for (let k = 0; k < 32; k++) { if (!verify(i)) bad++; i = (i + 1) % n; count++; }
    if (performance.now() >= end) break;
  }
  parentPort.postMessage({ count, warm, ms: performance.now() - t0, bad });
});
parentPort.postMessage('ready');
`;

/** `threads` workers looping `backend` for `seconds` each, started together. */
export async function rawThroughput(backend: 'sodium' | 'node', threads: number, seconds: number): Promise<RawResult> {
  const f = getFixture();
  const workerData = { backend, sodiumPath: SODIUM_PATH, pk: f.pk, msgs: f.msgs, sigs: f.sigs, warmupMs: Math.min(500, seconds * 200), seconds };
  const workers = Array.from({ length: threads }, () => new Worker(WORKER_CODE, { eval: true, workerData }));
  try {
    await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
      w.once('message', () => resolve());
      w.once('error', reject);
    })));
    // The process's CPU time covers the workers' loops (this thread only waits meanwhile).
    const cpu0 = process.cpuUsage();
    const results = await Promise.all(workers.map((w) => new Promise<{ count: number; warm: number; ms: number; bad: number }>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
      w.postMessage('go');
    })));
    const cpu = process.cpuUsage(cpu0);
    const bad = results.reduce((a, r) => a + r.bad, 0);
    if (bad > 0) throw new Error(`${backend} rejected ${bad} valid signatures: the raw benchmark is broken`);
    const perSecond = results.reduce((a, r) => a + r.count / (r.ms / 1000), 0);
    const verified = results.reduce((a, r) => a + r.count + r.warm, 0);
    const perCpuSecond = verified / ((cpu.user + cpu.system) / 1e6);
    return { backend, threads, perSecond, perCpuSecond, seconds };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** @noble/ed25519, strict RFC 8032 mode, on this thread. */
export function nobleSingleCore(seconds: number): RawResult {
  const f = getFixture();
  ed.hashes.sha512 = (m: Uint8Array) => new Uint8Array(createHash('sha512').update(m).digest());
  const n = f.msgs.length;
  let i = 0;
  let count = 0;
  const warmEnd = performance.now() + Math.min(500, seconds * 200);
  while (performance.now() < warmEnd) {
    ed.verify(f.sigs[i]!, f.msgs[i]!, f.pk, { zip215: false });
    i = (i + 1) % n;
  }
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  while (performance.now() < end) {
    if (!ed.verify(f.sigs[i]!, f.msgs[i]!, f.pk, { zip215: false })) throw new Error('@noble/ed25519 rejected a valid signature');
    i = (i + 1) % n;
    count++;
  }
  return { backend: 'noble', threads: 1, perSecond: count / ((performance.now() - t0) / 1000), seconds };
}
