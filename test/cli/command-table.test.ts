// A command's declaration drives its parsing, its help and its usage lines
// (shared/cli/command-spec.ts, command-help.ts): an option declared once is
// parsed with its type and default, shown with its value, and placed in the
// usage of the forms that take it.
import { describe, expect, it } from 'vitest';
import { command, parseWith } from '../../shared/cli/command-spec.js';
import { commandFlags, commandHelp, synopsis, usageLines, usageText } from '../../shared/cli/command-help.js';
import { COMMANDS, usageOf } from '../../shared/cli/command-table.js';

const run = async () => 0;

const flat = command({
  usage: ['list <case>', 'drop <case> <id> --reason'],
  summary: 'a flat command',
  options: {
    reason: { value: 'TEXT', for: ['drop'], help: 'why' },
    out: { value: 'DIR', default: 'here', help: 'where' },
    json: { for: ['list'], help: 'as JSON' },
    secret: { hidden: true, help: 'refused' },
  },
  run,
});

const sectioned = command({
  usage: ['add <case> --name', '    ', 'show <case>'],
  summary: 'a sectioned command',
  options: [
    { heading: 'add:', subs: ['add'], options: { name: { value: 'NAME', help: 'its name' }, tag: { value: 'T', multiple: true, help: 'a tag; repeatable' } } },
    { heading: 'show:', subs: ['show'], options: { json: { help: 'as JSON' } } },
  ],
  run,
});

describe('a declared command', () => {
  it('parses each option with its type and default, and refuses what it does not declare', () => {
    expect(parseWith(flat, ['drop', 'c', '1', '--reason', 'dup', '--secret'])).toEqual({
      values: { reason: 'dup', secret: true, out: 'here' },
      positionals: ['drop', 'c', '1'],
    });
    expect(() => parseWith(flat, ['list', '--bogus'])).toThrow(expect.objectContaining({ code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' }));
    expect(() => parseWith(flat, ['list', '--json=x'])).toThrow(expect.objectContaining({ code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' }));
  });

  it('a sectioned command parses for one subcommand only the options that subcommand takes', () => {
    expect(parseWith(sectioned, ['c', '--name', 'n', '--tag', 'a', '--tag', 'b'], 'add').values).toEqual({ name: 'n', tag: ['a', 'b'] });
    expect(() => parseWith(sectioned, ['c', '--json'], 'add')).toThrow(expect.objectContaining({ code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' }));
    expect(parseWith(sectioned, ['c', '--json'], 'show').values).toEqual({ json: true });
  });

  it('fills each value into the usage lines and adds the options a form does not name, hidden ones left out', () => {
    // `--out` (for no subcommand in particular) goes to the first form.
    expect(usageLines('x', flat)).toEqual(['x list <case> [--out DIR] [--json]', 'x drop <case> <id> --reason TEXT']);
    expect(usageLines('x', sectioned)).toEqual(['x add <case> --name NAME', '    [--tag T]...', 'x show <case> [--json]']);
    expect(synopsis('x', flat)).toBe('x list|drop <case> ...');
    expect(usageText('x', flat)).toBe('natalia-audit x list <case> [--out DIR] [--json] | x drop <case> <id> --reason TEXT');
    expect(usageText('x', sectioned)).toBe('natalia-audit x add <case> --name NAME\n    [--tag T]...\nnatalia-audit x show <case> [--json]');
  });

  it('refuses a usage line naming an option it does not declare', () => {
    expect(() => usageLines('x', { ...flat, usage: ['list <case> [--nope]'] })).toThrow(/names --nope, which it does not declare/);
  });

  it('shows each option once in its help, with its value and default, sections under their headings', () => {
    const help = commandHelp('x', flat);
    expect(help).toContain('\n  --out DIR      where (default: here)\n');
    expect(help).not.toContain('--secret');
    expect(commandFlags(flat)).toEqual(['--reason', '--out', '--json']);
    expect(commandHelp('x', sectioned)).toContain('\nOptions:\n  add:\n    --name NAME  its name\n    --tag T      a tag; repeatable\n  show:\n    --json       as JSON\n  -h, --help     this help\n');
  });
});

describe('the command table', () => {
  it('renders every command (a usage line naming an undeclared option would throw)', () => {
    for (const name of Object.keys(COMMANDS) as (keyof typeof COMMANDS)[]) {
      expect(usageOf(name), name).toMatch(new RegExp(`^natalia-audit ${name}( |$)`));
    }
    expect(usageOf('caiq')).toBe(
      'natalia-audit caiq <case> [--workbook FILE [--overwrite]] [--caiq-version 4.0.3|4.1.0] [--answers FILE] [--name-declarant] [--lang en|fr] --out FILE.xlsx [--force] [--json]',
    );
  });
});
