// Evidence is untrusted text: before it reaches a terminal, line breaks are
// shown as ⏎ (so one record stays on one line) and other control characters,
// escape sequences included, are dropped so a crafted motive cannot move the
// cursor, recolour or rewrite what the user reads.
export function terminalSafe(s: string): string {
  return s.replace(/\r\n|\r|\n/g, ' ⏎ ').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '').replace(/\t/g, ' ');
}
