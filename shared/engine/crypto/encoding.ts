// Strict decoders for the encodings the format fixes (spec "Conventions").
// Strictness matters: a lenient base64 decoder would accept two different
// texts for one signature, and evidence must have exactly one spelling.

const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HEX64_RE = /^[0-9a-f]{64}$/;
const KID_RE = /^[0-9a-f]{16}$/;

/** Standard base64 with padding, canonical (re-encodes to the same text), or null. */
export function decodeBase64Strict(text: string, expectedBytes?: number): Uint8Array | null {
  if (typeof text !== 'string' || !BASE64_RE.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) return null;
  if (expectedBytes !== undefined && bytes.length !== expectedBytes) return null;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

export function isSha256Hex(text: unknown): text is string {
  return typeof text === 'string' && HEX64_RE.test(text);
}

export function isKid(text: unknown): text is string {
  return typeof text === 'string' && KID_RE.test(text);
}

export const ZERO_HASH = '0'.repeat(64);
