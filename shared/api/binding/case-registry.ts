// The cases of a workspace folder: each case is one case file
// (`<name>.natalia-case`, an engine/case CaseFile) named by the user. Its API
// id is the base64url of that name, so ids never carry a path separator or a
// dot. Read connections are opened once and kept; imports open their own.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CaseFile } from '../../engine/case/case-file.js';
import { engineErrorCode } from '../../engine/engine-error.js';
import { ApiFailure } from '../result.js';

export const CASE_EXTENSION = '.natalia-case';

/** A file name anyone's file system accepts, kept readable. */
export function caseFileStem(name: string): string {
  const cleaned = name
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+|\.+$/g, '')
    .slice(0, 100)
    .trim();
  return cleaned || 'Untitled case';
}

export function caseIdOf(stem: string): string {
  return Buffer.from(stem, 'utf8').toString('base64url');
}

export function stemOfId(id: string): string {
  const stem = Buffer.from(id, 'base64url').toString('utf8');
  // Only ids this registry made are accepted: the round trip must be exact.
  if (caseIdOf(stem) !== id || caseFileStem(stem) !== stem) throw new ApiFailure('not_found', 'No such case.');
  return stem;
}

export class CaseRegistry {
  private readonly readers = new Map<string, CaseFile>();

  constructor(readonly workspace: string) {
    mkdirSync(workspace, { recursive: true });
  }

  pathOf(id: string): string {
    return join(this.workspace, stemOfId(id) + CASE_EXTENSION);
  }

  /** Ids of the case files in the workspace, in name order. */
  ids(): string[] {
    return readdirSync(this.workspace)
      .filter((n) => n.endsWith(CASE_EXTENSION))
      .map((n) => n.slice(0, -CASE_EXTENSION.length))
      .filter((stem) => caseFileStem(stem) === stem)
      .sort((a, b) => a.localeCompare(b))
      .map(caseIdOf);
  }

  /** The id a new case of this name takes, refused when a case of that name exists (nothing is created). */
  reserve(name: string): string {
    const stem = caseFileStem(name);
    if (existsSync(join(this.workspace, stem + CASE_EXTENSION))) throw new ApiFailure('conflict', `A case named "${stem}" already exists; choose another name.`);
    return caseIdOf(stem);
  }

  /** Creates the case file (with its identity and first custody entry). */
  create(name: string): string {
    const stem = caseFileStem(name);
    const id = caseIdOf(stem);
    const path = join(this.workspace, stem + CASE_EXTENSION);
    if (existsSync(path)) throw new ApiFailure('conflict', `A case named "${stem}" already exists; choose another name.`);
    CaseFile.open(path, { create: true }).close();
    return id;
  }

  /** A read-only connection to the case (kept open). */
  reader(id: string): CaseFile {
    let c = this.readers.get(id);
    if (c && c.store.db.open) return c;
    const path = this.pathOf(id);
    if (!existsSync(path)) throw new ApiFailure('not_found', `No case "${stemOfId(id)}" in ${this.workspace}.`);
    try {
      c = CaseFile.open(path, { readonly: true });
    } catch (e) {
      if (engineErrorCode(e) !== 'CASE_FORMAT') throw e;
      // A case of an older format is brought up to date by one writable open
      // (which refuses a foreign or newer file with its own message), then read.
      CaseFile.open(path).close();
      c = CaseFile.open(path, { readonly: true });
    }
    // A case being imported into is locked for a moment: answer quickly rather than freeze the UI.
    c.store.db.pragma('busy_timeout = 250');
    this.readers.set(id, c);
    return c;
  }

  nameOf(id: string): string {
    return stemOfId(id);
  }

  close(): void {
    for (const c of this.readers.values()) c.close();
    this.readers.clear();
  }
}
