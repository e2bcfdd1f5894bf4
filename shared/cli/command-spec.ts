// How a command of natalia-audit is declared (command-table.ts holds them
// all), and the parsing every command derives from its declaration: an
// option's name, type, default and help line are written once, and its
// parser, its help row, its place in the usage lines and README.md's check
// (test/cli/help-cli.test.ts) all come from there.
import { parseArgs } from 'node:util';

/** One option, as `--name` (the key it is declared under). */
export interface OptionSpec {
  /** The value's placeholder as help prints it (`FILE`); without one, the option is a switch (true when given). */
  readonly value?: string;
  /** The value as usage lines print it, when it differs from the help's placeholder (`4.0.3|4.1.0` for `V`). */
  readonly usageValue?: string;
  /** May be given several times: every value, in order. */
  readonly multiple?: true;
  /** The value when the option is not given; the help line ends with it. */
  readonly default?: string;
  /** What it does: the help row's text. */
  readonly help: string;
  /** The subcommands that take it (a section's options: default, the section's). Usage lines place it in theirs. */
  readonly for?: readonly string[];
  /** Accepted, never shown: kept only so the command can refuse it with a reason (import --fast). */
  readonly hidden?: true;
}

export type OptionTable = Readonly<Record<string, OptionSpec>>;

/** Options of some subcommands, under a heading of their own in the help (answers, review). Parsed per subcommand. */
export interface OptionSection {
  readonly heading: string;
  readonly subs: readonly string[];
  readonly options: OptionTable;
}

export interface CommandSpec {
  /**
   * How to call it, after `natalia-audit <name> `: one line per form (a subcommand, or another way to call it);
   * a line starting with spaces continues the form above. A line names the arguments, and the options that are
   * required (bare), grouped or out of order (`[--workbook [--overwrite]]`); each option's value is filled in
   * from its declaration, and the options a form does not name are added at its end in the order declared.
   */
  readonly usage: readonly string[];
  /** The general help's line, when it is not derived (one form; or `name sub|sub <case> ...`; or the forms joined by `|`). */
  readonly synopsis?: string;
  readonly summary: string;
  /** The arguments that are not options, as the help explains them. */
  readonly args?: readonly (readonly [name: string, what: string])[];
  /** One table parsed at once, or sections parsed per subcommand. */
  readonly options: OptionTable | readonly OptionSection[];
  /** Takes no argument besides its options (parseArgs refuses one). */
  readonly noArguments?: true;
  /** The exit codes, when they are not the common ones. */
  readonly exit?: string;
  readonly more?: readonly string[];
  readonly run: (argv: string[]) => Promise<number>;
}

/** Keeps a declaration's literal types, so each command's parsed values are typed from its own options. */
export function command<const C extends CommandSpec>(spec: C): C {
  return spec;
}

type TablesOf<C> = C extends { options: readonly (infer S)[] } ? (S extends { options: infer T } ? T : never) : C extends { options: infer T } ? T : never;
type KeysOf<U> = U extends unknown ? keyof U : never;
type SpecIn<U, K> = U extends unknown ? (K extends keyof U ? U[K] : never) : never;
type ValueOf<S> = S extends { multiple: true }
  ? string[] | undefined
  : S extends { default: string }
    ? string
    : S extends { value: string }
      ? string | undefined
      : boolean | undefined;

/** The parsed options of a command (of all its sections), each typed from its declaration. */
export type ValuesOf<C> = { [K in KeysOf<TablesOf<C>> & string]: ValueOf<SpecIn<TablesOf<C>, K>> };

export function isSectioned(options: CommandSpec['options']): options is readonly OptionSection[] {
  return Array.isArray(options);
}

/** Every option a command declares with the subcommands it applies to (none: not said), sections in order. */
export function declaredOptions(spec: CommandSpec): { name: string; option: OptionSpec; subs: readonly string[] | undefined; section?: OptionSection }[] {
  if (!isSectioned(spec.options)) return Object.entries(spec.options as OptionTable).map(([name, option]) => ({ name, option, subs: option.for }));
  return spec.options.flatMap((section) => Object.entries(section.options).map(([name, option]) => ({ name, option, subs: option.for ?? section.subs, section })));
}

/** The options `sub` takes (a sectioned command), or all of them. */
function optionsFor(spec: CommandSpec, sub: string | undefined): Map<string, OptionSpec> {
  const taken = new Map<string, OptionSpec>();
  for (const d of declaredOptions(spec)) {
    if (isSectioned(spec.options) && !d.subs?.includes(sub ?? '')) continue;
    if (!taken.has(d.name)) taken.set(d.name, d.option);
  }
  return taken;
}

/**
 * Parses a command's arguments by its declaration (node:util parseArgs, strict: an unknown option, a missing
 * value or a value given to a switch is refused, and runCli says so in one line). A sectioned command is parsed
 * for one subcommand: only the options that subcommand takes.
 */
export function parseWith<C extends CommandSpec>(spec: C, argv: string[], sub?: string): { values: ValuesOf<C>; positionals: string[] } {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; default?: string }> = {};
  for (const [name, o] of optionsFor(spec, sub)) {
    options[name] = { type: o.value === undefined ? 'boolean' : 'string', ...(o.multiple ? { multiple: true } : {}), ...(o.default !== undefined ? { default: o.default } : {}) };
  }
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: spec.noArguments !== true, options, strict: true });
  return { values: values as ValuesOf<C>, positionals };
}
