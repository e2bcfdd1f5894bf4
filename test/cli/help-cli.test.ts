// Per-command help (`<command> --help`, `-h`, `help <command>`), the one-line
// error for a bad option, and the flags named by --help, accepted by the
// commands and listed in README.md's command table staying the same.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES, commandFlags, commandHelp, runCli } from '../../shared/cli/main.js';
import { natalia } from './cli-harness.js';

/** runCli in this process: only for arguments refused before a command does anything. */
async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    return { code: await runCli(argv), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('per-command help', () => {
  it('`verify --help`, `verify -h` and `help verify` print the command usage and options, exit 0', () => {
    const long = natalia(['verify', '--help']);
    expect([long.code, long.stderr]).toEqual([0, '']);
    expect(long.stdout).toMatch(/^Usage:\n {2}natalia-audit verify <bundle> \[--trust FILE\] \[--json\] \[--fast\]\n/);
    expect(long.stdout).toMatch(/\n {2}--trust FILE +the vendor's trust roots/);
    expect(long.stdout).toContain('Exit codes: 0 no finding');
    expect(natalia(['verify', '-h'])).toEqual(long);
    expect(natalia(['help', 'verify'])).toEqual(long);
  });

  it('an unknown option names it, in balanced quotes, and points to the command help (exit 2)', () => {
    const r = natalia(['verify', 'x', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("natalia-audit verify: unknown option '--bogus'. Run 'natalia-audit verify --help' for its options.\n");
    expect(r.stdout).toBe('');
  });

  it('every command has its help, by --help, -h (even after other arguments) and help <command>', async () => {
    for (const name of COMMAND_NAMES) {
      const text = commandHelp(name)!;
      expect(text, name).toMatch(new RegExp(`^Usage:\\n {2}natalia-audit ${name}[ \\n]`));
      expect(text, name).toMatch(/\n {2}-h, --help +this help\n/);
      expect(text, name).toMatch(/\nExit codes: .*\n$/);
      for (const flag of commandFlags(name)) expect(text, `${name} ${flag}`).toMatch(new RegExp(`\\n {2,4}${flag}[ =]`));
      for (const argv of [[name, '--help'], [name, 'some-case', '-h'], ['help', name], ['--help', name]]) {
        const r = await cli(argv);
        expect([r.code, r.out, r.err], argv.join(' ')).toEqual([0, text, '']);
      }
    }
    // After `--` it is an argument, not a request for help.
    const past = await cli(['verify', 'x', '--', '--help']);
    expect(past.code).toBe(2);
    expect(past.err).toMatch(/^natalia-audit verify: expected one bundle path/);
  });

  it('help names unknown commands as such, and the general help says how to get a command help', async () => {
    expect(await cli(['help', 'frobnicate'])).toEqual({ code: 2, out: '', err: 'natalia-audit: unknown command "frobnicate". Run natalia-audit --help.\n' });
    const general = await cli(['help']);
    expect(general.code).toBe(0);
    expect(general.out).toContain('Run natalia-audit <command> --help (or natalia-audit help <command>) for its arguments and options.');
  });

  it('other bad arguments are one line naming the option, with balanced quotes', async () => {
    const cases: [string[], string][] = [
      [['caiq', 'c', '--out'], "natalia-audit caiq: option '--out' needs a value. Run 'natalia-audit caiq --help' for its options.\n"],
      [
        ['caiq', 'c', '--out', '--json'],
        "natalia-audit caiq: option '--out' is followed by another option, not by its value (for a value starting with a dash, write --out=-VALUE). Run 'natalia-audit caiq --help' for its options.\n",
      ],
      [['demo', '--json=yes'], "natalia-audit demo: option '--json' takes no value. Run 'natalia-audit demo --help' for its options.\n"],
      [['demo', 'extra'], "natalia-audit demo: unexpected argument 'extra': this command takes none. Run 'natalia-audit demo --help' for its options.\n"],
      [['answers', 'list', 'c', '-x'], "natalia-audit answers: unknown option '-x'. Run 'natalia-audit answers --help' for its options.\n"],
    ];
    for (const [argv, err] of cases) {
      const r = await cli(argv);
      expect([r.code, r.err], argv.join(' ')).toEqual([2, err]);
      expect(err.split("'").length % 2, argv.join(' ')).toBe(1);
    }
  });
});

describe('the flags --help names', () => {
  it('are each accepted by the command (answers: by one of its subcommands)', async () => {
    for (const name of COMMAND_NAMES) {
      const prefixes = name === 'answers' ? [['answers', 'declare'], ['answers', 'list'], ['answers', 'export'], ['answers', 'import']] : [[name]];
      for (const flag of commandFlags(name)) {
        // `--flag=x` first: a known string flag takes it, a known boolean refuses the value; either way the error
        // (parsing stops at the first) is then about something else than an unknown `--flag`.
        const errors: string[] = [];
        for (const p of prefixes) errors.push((await cli([...p, `${flag}=x`, '--zz-not-an-option'])).err);
        expect(
          errors.some((e) => !e.includes(`unknown option '${flag}'`)),
          `${name} ${flag}: ${errors.join(' | ')}`,
        ).toBe(true);
      }
    }
  });

  it("are those README.md's command section lists for each command", () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## The command line'), readme.indexOf('\n## ', readme.indexOf('## The command line') + 1));
    const listed = new Map<string, Set<string>>();
    const add = (usage: string) => {
      const name = usage.split(' ')[0]!;
      const set = listed.get(name) ?? new Set<string>();
      for (const f of usage.match(/--[a-z][a-z-]*/g) ?? []) set.add(f);
      listed.set(name, set);
    };
    const verifyLine = section.match(/^npx natalia-audit (verify <bundle>.*)$/m);
    expect(verifyLine).not.toBeNull();
    add(verifyLine![1]!);
    for (const row of section.matchAll(/^\| `([a-z-]+[^`]*)` \|/gm)) add(row[1]!.replace(/\\\|/g, '|'));
    expect([...listed.keys()].sort()).toEqual([...COMMAND_NAMES].sort());
    for (const name of COMMAND_NAMES) expect([...listed.get(name)!].sort(), name).toEqual([...commandFlags(name)].sort());
  });
});
