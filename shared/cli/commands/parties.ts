// natalia-audit parties <case> [--controller NAME] [--dpo NAME] [--dpo-contact TEXT] [--json]
//
// The controller and DPO a case's erasure reports name, set once per case
// (engine/case/case-parties.ts keeps them in the chain of custody). Without
// an option it prints them; with one it records the change and prints the
// result. The Erasures screen sets the same.
import { PartiesError, type CaseParties } from '../../engine/case/case-parties.js';
import { EXIT_OK, UsageError } from '../cli-error.js';
import { openCase, type Out } from '../case-command.js';
import { parseCommand, usageOf } from '../command-table.js';

const PARTIES_USAGE = usageOf('parties');

function describe(p: CaseParties): string[] {
  return [
    `Controller: ${p.controller ?? '(not set)'}`,
    `DPO: ${p.dpo ? `${p.dpo.name}${p.dpo.contact ? ` (${p.dpo.contact})` : ''}` : '(not set)'}`,
  ];
}

export async function runParties(argv: string[], out: Out = process.stdout): Promise<number> {
  const { values, positionals } = parseCommand('parties', argv);
  if (positionals.length !== 1) throw new UsageError(`expected one case file. Usage: ${PARTIES_USAGE}`);
  const changing = values.controller !== undefined || values.dpo !== undefined || values['dpo-contact'] !== undefined;
  const c = openCase(positionals[0]!, PARTIES_USAGE);
  try {
    let parties = c.parties();
    let note: string | undefined;
    if (changing) {
      try {
        const r = c.setParties({
          ...(values.controller !== undefined ? { controller: values.controller } : {}),
          ...(values.dpo !== undefined ? { dpoName: values.dpo } : {}),
          ...(values['dpo-contact'] !== undefined ? { dpoContact: values['dpo-contact'] } : {}),
        });
        parties = r.parties;
        note = r.recorded ? `Recorded in the case (custody entry ${r.custodySeq}); later erasure reports name them.` : 'The case already says so: nothing recorded.';
      } catch (e) {
        if (e instanceof PartiesError) throw new UsageError(`cannot set the parties: ${e.message}`);
        throw e;
      }
    }
    if (values.json) out.write(JSON.stringify(parties, null, 2) + '\n');
    else out.write([...describe(parties), ...(note ? [note] : [])].join('\n') + '\n');
    return EXIT_OK;
  } finally {
    c.close();
  }
}
