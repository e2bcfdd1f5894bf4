// The one rule for echoing a value that came from evidence or a request
// (a bag-info value, a file name, a cell): a short prefix and its length, so
// a hostile 30 MB value costs a few hundred bytes in every message, JSON
// answer and screen that repeats it. Pure: the renderer uses it too.

/** Characters of a value shown before it is cut. */
export const ECHO_PREFIX_CHARS = 120;

/** `value` as it may appear inside a message: itself when short, else its prefix, an ellipsis and its length. */
export function echoed(value: string, max = ECHO_PREFIX_CHARS): string {
  if (value.length <= max) return value;
  // Never cut a surrogate pair in two.
  let end = max;
  const c = value.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return `${value.slice(0, end)}… (${value.length} characters)`;
}

/** Longest message a finding carries: room for a few echoed values and the sentence around them. */
export const MAX_MESSAGE_CHARS = 2000;

/** A whole message bounded the same way (the last guard, for messages built from several values). */
export function boundedMessage(message: string): string {
  return echoed(message, MAX_MESSAGE_CHARS);
}
