// natalia-audit views list|save|delete <case> ...
//
// Saved views (engine/review/saved-views.ts): named filters of the audit log
// explorer or of the reveals screen, kept in the case with their custody
// entries. The filter is the screen's own JSON (e.g. {"actor":"admin.jdupont"});
// the screens save them the same way.
import type { CaseFile } from '../../engine/case/case-file.js';
import { ReviewInputError } from '../../engine/review/review-log.js';
import { deleteView, savedViews, saveView, VIEW_SCREENS, type ViewScreen } from '../../engine/review/saved-views.js';
import { EXIT_OK, UsageError } from '../cli-error.js';
import { openCase, type Out } from '../case-command.js';
import { table } from '../text-table.js';
import { parseCommand, usageOf } from '../command-table.js';

const VIEWS_USAGE = usageOf('views');

const usage = (why: string) => new UsageError(`${why}. Usage: ${VIEWS_USAGE}`);

function screenArg(v: string | undefined, required: boolean): ViewScreen | undefined {
  if (v === undefined && !required) return undefined;
  if (!(VIEW_SCREENS as readonly (string | undefined)[]).includes(v)) throw new UsageError(`--screen must be ${VIEW_SCREENS.join(' or ')}`);
  return v as ViewScreen;
}

function withCase<T>(path: string | undefined, fn: (c: CaseFile) => T): T {
  const c = openCase(path, VIEWS_USAGE);
  try {
    return fn(c);
  } catch (e) {
    if (e instanceof ReviewInputError) throw new UsageError(e.message);
    throw e;
  } finally {
    c.close();
  }
}

export async function runViews(argv: string[], out: Out = process.stdout): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseCommand('views', rest);
  if (positionals.length !== 1) throw usage(`${sub ?? 'views'} expects one case file`);
  switch (sub) {
    case 'list': {
      const screen = screenArg(values.screen, false);
      return withCase(positionals[0], (c) => {
        const views = savedViews(c.db, screen);
        if (values.json) out.write(JSON.stringify({ views }, null, 2) + '\n');
        else if (views.length === 0) out.write('The case holds no saved view.\n');
        else out.write(table(['SCREEN', 'NAME', 'FILTER', 'SAVED'], views.map((v) => [v.screen, v.name, JSON.stringify(v.filter), `${v.saved_at} by ${v.saved_by}`])).join('\n') + '\n');
        return EXIT_OK;
      });
    }
    case 'save': {
      const screen = screenArg(values.screen, true)!;
      if (values.name === undefined || values.filter === undefined) throw usage('save needs --name and --filter');
      let filter: unknown;
      try {
        filter = JSON.parse(values.filter);
      } catch (e) {
        throw new UsageError(`--filter is not JSON: ${(e as Error).message}`);
      }
      const name = values.name;
      return withCase(positionals[0], (c) => {
        const saved = saveView(c.db, screen, name, filter as Record<string, unknown>);
        out.write(saved ? `Saved the ${screen} view "${name}".\n` : `Nothing recorded: the ${screen} view "${name}" already has this filter.\n`);
        return EXIT_OK;
      });
    }
    case 'delete': {
      const screen = screenArg(values.screen, true)!;
      if (values.name === undefined) throw usage('delete needs --name');
      const name = values.name;
      return withCase(positionals[0], (c) => {
        if (!deleteView(c.db, screen, name)) throw new UsageError(`the case holds no ${screen} view named "${name}"`);
        out.write(`Deleted the ${screen} view "${name}".\n`);
        return EXIT_OK;
      });
    }
    default:
      throw usage(sub === undefined ? 'expected a subcommand' : `unknown subcommand "${sub}"`);
  }
}
