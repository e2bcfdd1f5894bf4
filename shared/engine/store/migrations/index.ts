// Every case format step, oldest first. A new step is a new file NNNN-name.ts
// appended here, never an edit of an old one: cases in the field were made by them.
import type { Migration } from './migration.js';
import { migration0001 } from './0001-initial.js';
import { migration0002 } from './0002-answer-library.js';
import { migration0003 } from './0003-review.js';
import { migration0004 } from './0004-answer-caiq-version.js';
import { migration0005 } from './0005-bundle-members.js';

export type { Migration } from './migration.js';

export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005];

/** The case format this workstation writes (PRAGMA user_version of an up-to-date case). */
export const CASE_FORMAT_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
