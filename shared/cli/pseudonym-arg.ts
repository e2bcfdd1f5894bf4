// Pseudonyms given on the command line (engine/replay/pseudonyms.ts reads
// them): a prefix names the one pseudonym it starts, otherwise the user is
// told what matched, never given an empty result that looks like an answer.
import type Database from 'better-sqlite3';
import { isPseudonymText, matchPseudonym, type PseudonymKind } from '../engine/replay/pseudonyms.js';
import { UsageError } from './cli-error.js';

/** Refuses, before the case is opened, what cannot be a pseudonym or a prefix of one (`what` words the message: `--phone`, `ext:`). */
export function checkPseudonymText(text: string, what: string): void {
  if (!isPseudonymText(text)) throw new UsageError(`${what} "${text}" is not a pseudonym: 64 lowercase hex digits, or the first 8 or more of them`);
}

/** The full pseudonym `text` names in the case. */
export function resolvePseudonym(db: Database.Database, kind: PseudonymKind, text: string, what: string): string {
  checkPseudonymText(text, what);
  const m = matchPseudonym(db, kind, text);
  if (m.kind === 'found') return m.pseudonym;
  if (m.kind === 'not_a_pseudonym') throw new UsageError(`${what} "${text}" is not a pseudonym`);
  if (m.kind === 'none') throw new UsageError(`no ${kind === 'phone' ? 'phone' : 'extension'} pseudonym of this case starts with ${m.prefix} (${what})`);
  throw new UsageError(`${m.count} pseudonyms of this case start with ${m.prefix}: ${m.matches.join(', ')}${m.count > 5 ? ', …' : ''}; give more digits (${what})`);
}
