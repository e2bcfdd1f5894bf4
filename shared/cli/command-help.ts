// What natalia-audit prints about its commands (the general help, each
// command's --help, the usage line of an error), derived from their
// declarations (command-spec.ts, command-table.ts): nothing here names a
// command or an option.
import { declaredOptions, isSectioned, type CommandSpec, type OptionSpec } from './command-spec.js';

const PROGRAM = 'natalia-audit';
export const EXIT_COMMON = 'Exit codes: 0 done, 2 the input cannot be read or the arguments are wrong.';
const HELP_OPTION: [string, string] = ['-h, --help', 'this help'];

/** A form of a command: its lines (the first, then continuations), and its subcommand when it starts with one. */
interface Form {
  lines: string[];
  sub: string | undefined;
}

function formsOf(name: string, spec: CommandSpec): Form[] {
  const forms: Form[] = [];
  for (const line of spec.usage) {
    if (line.startsWith(' ') && forms.length > 0) forms.at(-1)!.lines.push(line);
    else forms.push({ lines: [[name, line].filter((s) => s !== '').join(' ')], sub: /^[a-z][a-z-]*$/.exec(line.split(' ')[0]!)?.[0] });
  }
  return forms;
}

const NAMED = /--([a-z][a-z-]*)/g;

function valueIn(o: OptionSpec, usage: boolean): string {
  const v = usage ? (o.usageValue ?? o.value) : o.value;
  return v === undefined ? '' : ` ${v}`;
}

/**
 * The usage lines of a command, without the program's name: each form's own words with every option's value
 * filled in, then the options it takes and does not name, in the order declared.
 */
export function usageLines(name: string, spec: CommandSpec): string[] {
  const forms = formsOf(name, spec);
  const declared = declaredOptions(spec).filter((d) => !d.option.hidden);
  const named = forms.map((f) => new Set([...f.lines.join(' ').matchAll(NAMED)].map((m) => m[1]!)));
  const namedAnywhere = new Set(named.flatMap((s) => [...s]));
  return forms.flatMap((form, i) => {
    const lines = form.lines.map((line) =>
      line.replace(NAMED, (all, flag: string) => {
        const d = declared.find((x) => x.name === flag && (x.subs === undefined || form.sub === undefined || x.subs.includes(form.sub)));
        if (!d) throw new Error(`the usage of ${name} names ${all}, which it does not declare`);
        return all + valueIn(d.option, true);
      }),
    );
    const added = new Map<string, string>();
    for (const d of declared) {
      const applies = d.subs !== undefined ? form.sub !== undefined && d.subs.includes(form.sub) : !isSectioned(spec.options) && i === 0 && !namedAnywhere.has(d.name);
      if (applies && !named[i]!.has(d.name) && !added.has(d.name)) added.set(d.name, `[--${d.name}${valueIn(d.option, true)}]${d.option.multiple ? '...' : ''}`);
    }
    if (added.size > 0) {
      const last = lines.length - 1;
      const more = [...added.values()].join(' ');
      lines[last] = lines[last]!.trim() === '' ? lines[last] + more : `${lines[last]} ${more}`;
    }
    return lines;
  });
}

/** The general help's line for a command. */
export function synopsis(name: string, spec: CommandSpec): string {
  if (spec.synopsis !== undefined) return spec.synopsis;
  const firsts = usageLines(name, spec).filter((l) => !l.startsWith(' '));
  const words = firsts.map((l) => l.split(' '));
  if (firsts.length === 1 || words.some((w) => !/^[a-z][a-z-]*$/.test(w[1] ?? ''))) return firsts[0]!;
  // Subcommands of one argument (`bundle list|exclude <case> ...`), else each form after the first without the name.
  const second = new Set(words.map((w) => w[2]));
  if (second.size === 1 && words.every((w) => w.length > 2)) return `${name} ${words.map((w) => w[1]).join('|')} ${words[0]![2]} ...`;
  return `${name} ${firsts.map((l) => l.slice(name.length + 1)).join(' | ')}`;
}

/**
 * The usage an error message quotes: a sectioned command's forms one per line, each from the program's name;
 * any other command on one line, its forms joined by `|`.
 */
export function usageText(name: string, spec: CommandSpec): string {
  const lines = usageLines(name, spec);
  if (isSectioned(spec.options)) return lines.map((l) => (l.startsWith(' ') ? l : `${PROGRAM} ${l}`)).join('\n');
  const forms: string[] = [];
  for (const l of lines) {
    if (l.startsWith(' ')) forms[forms.length - 1] += ` ${l.trim()}`;
    else forms.push(l);
  }
  return `${PROGRAM} ${forms.join(' | ')}`;
}

/** Two columns, the second aligned; a flag too long for the column puts its text on the next line. */
function rows(list: [string, string][], indent: string, width: number): string[] {
  return list.map(([f, what]) => (f.length > width ? `${indent}${f}\n${indent}${' '.repeat(width + 2)}${what}` : `${indent}${f.padEnd(width + 2)}${what}`));
}

function widthOf(list: [string, string][]): number {
  return Math.min(26, Math.max(...list.map(([f]) => f.length)));
}

function optionRow(name: string, o: OptionSpec): [string, string] {
  return [`--${name}${valueIn(o, false)}`, o.default !== undefined ? `${o.help} (default: ${o.default})` : o.help];
}

/** What `natalia-audit <name> --help` prints. */
export function commandHelp(name: string, spec: CommandSpec): string {
  const lines = ['Usage:', ...usageLines(name, spec).map((u) => `  ${u.startsWith(' ') ? ' '.repeat(PROGRAM.length + 1) : `${PROGRAM} `}${u}`), '', spec.summary[0]!.toUpperCase() + spec.summary.slice(1) + '.'];
  if (spec.args?.length) {
    const args = spec.args.map(([a, what]): [string, string] => [a, what]);
    lines.push('', 'Arguments:', ...rows(args, '  ', widthOf(args)));
  }
  const shown = declaredOptions(spec).filter((d) => !d.option.hidden);
  const width = widthOf([...shown.map((d) => optionRow(d.name, d.option)), HELP_OPTION]);
  lines.push('', 'Options:');
  if (isSectioned(spec.options)) {
    // Options under their subcommands' headings are indented one step more.
    for (const section of spec.options) {
      lines.push(`  ${section.heading}`);
      for (const [n, o] of Object.entries(section.options)) if (!o.hidden) lines.push(...rows([optionRow(n, o)], '    ', width));
    }
    lines.push(...rows([HELP_OPTION], '  ', width + 2));
  } else {
    for (const d of shown) lines.push(...rows([optionRow(d.name, d.option)], '  ', width));
    lines.push(...rows([HELP_OPTION], '  ', width));
  }
  if (spec.more?.length) lines.push('', ...spec.more);
  lines.push('', spec.exit ?? EXIT_COMMON);
  return lines.join('\n') + '\n';
}

/** The options a command's help names (`--out`, `--json`…), each once. */
export function commandFlags(spec: CommandSpec): string[] {
  return [...new Set(declaredOptions(spec).filter((d) => !d.option.hidden).map((d) => `--${d.name}`))];
}

/** The general help: every command's line and summary. */
export function generalHelp(commands: Readonly<Record<string, CommandSpec>>, version: string): string {
  const lines = [`${PROGRAM} ${version}: the Natalia auditor workstation's command line`, '', 'Usage:'];
  for (const [name, c] of Object.entries(commands)) lines.push(`  ${PROGRAM} ${synopsis(name, c)}`, `      ${c.summary}`);
  lines.push('', `Run ${PROGRAM} <command> --help (or ${PROGRAM} help <command>) for its arguments and options.`);
  lines.push('', 'Exit codes: 0 no finding of medium severity or above, 1 at least one, 2 the input cannot be read or the arguments are wrong.');
  return lines.join('\n') + '\n';
}
