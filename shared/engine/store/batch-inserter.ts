// Inserts rows in batches, each batch one transaction (a savepoint when the
// caller already holds one, as a case import does). One row at a time in
// autocommit would sync the disk per row; one huge array would hold a whole
// dump in memory. Batches keep both flat.
import type Database from 'better-sqlite3';

export const DEFAULT_BATCH_ROWS = 4000;

export class BatchInserter {
  private rows: unknown[][] = [];
  private readonly write: (rows: unknown[][]) => void;
  /** Rows written or waiting to be written. */
  count = 0;

  constructor(
    db: Database.Database,
    sql: string,
    private readonly batchRows = DEFAULT_BATCH_ROWS,
  ) {
    const stmt = db.prepare(sql);
    this.write = db.transaction((rows: unknown[][]) => {
      for (const r of rows) stmt.run(r);
    });
  }

  add(row: unknown[]): void {
    this.rows.push(row);
    this.count++;
    if (this.rows.length >= this.batchRows) this.flush();
  }

  flush(): void {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    this.write(rows);
  }
}
