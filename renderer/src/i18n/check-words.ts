// A check's name in the screens' language, from the one declaration of the
// check names (shared/model/check-names.ts). The id stays beside it where an
// auditor needs it (a link target, the CLI's --leans-on).
import { checkName } from '../../../shared/model/check-names.js';
import { currentLanguage } from './setup.js';

export function checkLabel(id: string): string {
  return checkName(id, currentLanguage());
}
