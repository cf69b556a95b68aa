/**
 * Group commit for imports of many files on SQLite: one outer transaction holds up to `maxReports`
 * reports (or `maxMs` of work), each report's own transaction (store/report-writer.ts) running inside
 * it as a savepoint. The rows stored are the same, in the same order, with the same ids; what changes
 * is that a commit writes the pages the group touched once instead of once per report (narrative
 * postings, read-model indexes, summaries): on 1,000 files the commits took 0.5 s instead of 4.4 s
 * (bench/results/2026-12-03-import-sqlite-mariadb-1k.md).
 *
 * SQLite only: TypeORM's better-sqlite3 driver has one connection and one query runner, so every
 * `ds.transaction` inside the group nests. On MariaDB/MySQL the time is in the statements, not in the
 * commit, and a deadlock there would roll back the whole group: `GroupCommit.for` returns null.
 *
 * The caller reports a group's results only after `commit`; when a report of the group fails to be
 * stored, or the commit fails, it calls `rollback` and stores the group's reports again one by one.
 */
import type { DataSource } from "typeorm";
import { isSqlite } from "./sql";

export class GroupCommit {
  private open = false;
  private count = 0;
  private since = 0;

  private constructor(private readonly ds: DataSource, private readonly maxReports: number, private readonly maxMs: number) {}

  /** A group commit for this database, or null where it does not apply (MariaDB/MySQL). */
  static for(ds: DataSource, maxReports = 50, maxMs = 250): GroupCommit | null {
    return isSqlite(ds) ? new GroupCommit(ds, maxReports, maxMs) : null;
  }

  /** Opens the group's transaction unless one is open. */
  async begin(): Promise<void> {
    if (this.open) return;
    await this.ds.createQueryRunner().startTransaction();
    this.open = true;
    this.count = 0;
    this.since = Date.now();
  }

  /** Counts one report of the group; true when the group is full and should be committed. */
  full(): boolean {
    this.count++;
    return this.count >= this.maxReports || Date.now() - this.since >= this.maxMs;
  }

  async commit(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    const runner = this.ds.createQueryRunner();
    try {
      await runner.commitTransaction();
    } catch (e) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw e;
    }
  }

  async rollback(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    await this.ds.createQueryRunner().rollbackTransaction();
  }
}
