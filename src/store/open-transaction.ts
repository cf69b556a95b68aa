/**
 * One transaction held open across several batches of an import, on SQLite only. TypeORM's
 * better-sqlite3 driver has one connection and one query runner, so every `ds.transaction` inside it
 * (each batch of store/batch-writer.ts, each report stored alone after a refused batch) nests as a
 * savepoint: a refused batch rolls back to its savepoint and nothing stored before it is lost, and
 * the reads between batches (evidence for an ambiguous cell: store/stored-evidence.ts) see what the
 * open transaction stored.
 *
 * Why: an import of one agency's years one after the other, where the years' tables are ambiguous,
 * must store each year before the next is read (its evidence is the year before). One commit per
 * such batch wrote the narrative postings' index pages once per batch — on SQLite most of the time
 * (bench/results/2026-12-03-import-sqlite-mariadb-10k-overlap.md); held open, they are written once
 * per commit. On MariaDB/MySQL the statements, not the commits, cost, and a deadlock would roll back
 * the whole group: `OpenTransaction.for` returns null and each batch is its own transaction.
 */
import type { DataSource } from "typeorm";
import { isSqlite } from "./sql";

export class OpenTransaction {
  private open = false;

  private constructor(private readonly ds: DataSource) {}

  /** The open transaction for this database, or null where batches commit on their own (MariaDB/MySQL). */
  static for(ds: DataSource): OpenTransaction | null {
    return isSqlite(ds) ? new OpenTransaction(ds) : null;
  }

  /** Opens the transaction unless it is open. */
  async begin(): Promise<void> {
    if (this.open) return;
    await this.ds.createQueryRunner().startTransaction();
    this.open = true;
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
