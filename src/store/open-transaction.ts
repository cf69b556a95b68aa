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
 * (bench/results/2026-12-03-import-sqlite-mariadb-10k-open-transaction.md); held open, they are written once
 * per commit. On MariaDB/MySQL the statements, not the commits, cost, and a deadlock would roll back
 * the whole group: `OpenTransaction.for` returns null and each batch is its own transaction.
 */
import type { DataSource } from "typeorm";
import { isSqlite } from "./sql";

/** The open transaction and TypeORM's savepoints are out of step: the import stops rather than guess what is stored. */
export class TransactionLost extends Error {}

export class OpenTransaction {
  private open = false;

  get isOpen(): boolean {
    return this.open;
  }

  private constructor(private readonly ds: DataSource) {}

  /** The open transaction for this database, or null where batches commit on their own (MariaDB/MySQL). */
  static for(ds: DataSource): OpenTransaction | null {
    return isSqlite(ds) ? new OpenTransaction(ds) : null;
  }

  /** Opens the transaction unless it is open, and takes the write lock at once. */
  async begin(): Promise<void> {
    if (this.open) return;
    const runner = this.ds.createQueryRunner();
    await runner.startTransaction();
    this.open = true;
    // BEGIN is deferred: had the group read first, another process committing before the group's
    // first write would make every write of the group fail (SQLITE_BUSY_SNAPSHOT). A write first takes
    // the lock with the snapshot (waiting up to the busy timeout for another writer).
    await runner.query("UPDATE data_version SET version = version WHERE id = 1");
  }

  /**
   * Throws when SQLite ended the transaction on its own (a full disk, an I/O error: the savepoints
   * and TypeORM's count of them no longer match it), so that nothing is shown as stored that was not.
   */
  check(): void {
    if (this.open && !this.inTransaction()) throw new TransactionLost("the database ended the import's open transaction on its own (disk full or I/O error?); the reports of the current group were not stored");
  }

  async commit(): Promise<void> {
    if (!this.open) return;
    this.check();
    this.open = false;
    const runner = this.ds.createQueryRunner();
    try {
      await runner.commitTransaction();
    } catch (e) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw e;
    }
    if (this.inTransaction()) throw new TransactionLost("the import's open transaction did not commit (TypeORM's savepoint count is out of step with SQLite)");
  }

  private inTransaction(): boolean {
    return (this.ds.driver as unknown as { databaseConnection: { inTransaction: boolean } }).databaseConnection.inTransaction;
  }

  async rollback(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    await this.ds.createQueryRunner().rollbackTransaction();
  }
}
