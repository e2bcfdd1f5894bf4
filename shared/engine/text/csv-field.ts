// One CSV field as the workstation writes it for spreadsheets (RFC 4180),
// neutralised against formula injection: a cell that starts like a formula
// gets a leading apostrophe, so a spreadsheet shows the text instead of
// running it. Used by every CSV the workstation hands out.
const DANGEROUS_START = /^[=+\-@\t\r]/;

export function csvField(value: string): string {
  const v = DANGEROUS_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(v) || v !== value ? `"${v.replace(/"/g, '""')}"` : v;
}
