/**
 * The narrative search index of a batch import written on a second connection (MariaDB/MySQL).
 *
 * Why: the index rows are most of what an import stores (narrative_token: one posting per distinct
 * character bigram of each section, ~180 a report in the mixed bench corpus, ~1,240 for a real
 * report). Written in the report's transaction they are 1.6–2.1 ms of the server's 2.9–3.4 ms a
 * report, and the writer waits for every statement, so the import uses one core at a time. Here the
 * batch's transaction stores everything else and records which reports' index rows are due
 * (narrative_pending); once it commits, the rows are written in a transaction of their own on
 * another connection, in commit order, while the writer goes on with the next batch.
 *
 * What it changes: a report is in search a moment (one batch) after it is stored — the import ends
 * with every report indexed (`drain`). If the process stops in between, narrative_pending names the
 * reports whose rows are missing or stale, and `gongkai rebuild-narratives --pending` (or
 * `repairPending`) brings exactly those up to date. SQLite has one writer at a time: it keeps the
 * rows in the report's transaction (`NarrativeQueue.for` returns null).
 *
 * Order matters and is kept: the work of each batch is a list of steps (index these reports,
 * unindex those) run in the order the single writer would have run them, batch after batch. Nothing
 * else of this process writes the index while the queue holds work (ImportService drains it before
 * storing reports one by one).
 */
import { randomUUID } from "node:crypto";
import type { DataSource, EntityManager } from "typeorm";
import { ReportEntity } from "../modules/report/report.entity";
import { indexNarratives, IndexedReport, unindexNarratives } from "./narrative-index";
import { retryTransient } from "./keys";
import { insertRows, isSqlite, placeholders } from "./sql";

type Step = { index: IndexedReport[]; kinds: Map<number, string> } | { unindex: number[] };

/**
 * One batch's index work, collected in its transaction instead of being written there. Made afresh
 * for every attempt of the transaction (a retried transaction collects again).
 */
export class DeferredIndex {
  readonly batch = randomUUID();
  readonly steps: Step[] = [];

  index(reports: readonly IndexedReport[], kinds: ReadonlyMap<number, string>): void {
    if (!reports.length) return;
    // Only what indexing reads: the queue holds these until the rows are written.
    const kept = reports.map(({ id, agencyId, year, regionCode, sections }) => ({ id, agencyId, year, regionCode, sections }));
    const last = this.steps[this.steps.length - 1];
    if (last && "index" in last) {
      last.index.push(...kept);
      for (const [id, kind] of kinds) last.kinds.set(id, kind);
    } else {
      this.steps.push({ index: kept, kinds: new Map(kinds) });
    }
  }

  unindex(reportIds: readonly number[]): void {
    if (reportIds.length) this.steps.push({ unindex: [...reportIds] });
  }

  /** The reports this batch's steps touch. */
  reportIds(): number[] {
    return [...new Set(this.steps.flatMap((s) => ("index" in s ? s.index.map((r) => r.id) : s.unindex)))];
  }

  /** In the batch's transaction, last: the reports whose index rows are now due. */
  async record(em: EntityManager): Promise<void> {
    await insertRows(em, "narrative_pending", this.reportIds().map((reportId) => ({ batch: this.batch, reportId })));
  }
}

/** Runs a batch's steps in order in `em`, as the single writer would have run them inline. */
async function runSteps(em: EntityManager, steps: readonly Step[]): Promise<void> {
  for (const step of steps) {
    if ("index" in step) await indexNarratives(em, step.index, step.kinds);
    else await unindexNarratives(em, step.unindex);
  }
}

export class NarrativeQueue {
  private tail: Promise<void> = Promise.resolve();
  private queued = 0;
  private failure: unknown = null;
  private readonly waiting: Array<() => void> = [];

  private constructor(private readonly ds: DataSource, private readonly depth: number) {}

  /** A queue for this database, or null where the index rows stay in the report's transaction (SQLite). */
  static for(ds: DataSource, depth = 4): NarrativeQueue | null {
    return isSqlite(ds) ? null : new NarrativeQueue(ds, depth);
  }

  /**
   * Hands over a committed batch's work; its rows are written after those of every batch handed over
   * before. Waits while `depth` batches are queued (their reports' sections are held in memory until
   * written). Never throws: after a failure nothing more is written (later batches' steps may depend
   * on the failed one's) and their reports stay in narrative_pending; `check` and `drain` throw it.
   */
  async enqueue(work: DeferredIndex): Promise<void> {
    if (!work.steps.length || this.failure) return;
    while (this.queued >= this.depth) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.queued++;
    this.tail = this.tail.then(async () => {
      try {
        if (this.failure) return;
        await retryTransient(() => this.ds.transaction(async (em) => {
          await runSteps(em, work.steps);
          // By whole primary keys: a range on `batch` alone would lock the gaps the next batch inserts into.
          const ids = work.reportIds();
          await em.query(`DELETE FROM narrative_pending WHERE batch = ? AND reportId IN (${placeholders(ids.length)})`, [work.batch, ...ids]);
        }));
      } catch (e) {
        this.failure ??= e;
      } finally {
        this.queued--;
        this.waiting.shift()?.();
      }
    });
  }

  /** Throws when a batch's index rows could not be written (the import should stop: see PendingIndexError). */
  check(): void {
    if (this.failure) throw new PendingIndexError(this.failure);
  }

  /** Waits until every batch handed over is written or given up; never throws. */
  async settle(): Promise<void> {
    await this.tail;
  }

  /** Waits until every batch handed over is written; throws the first failure. */
  async drain(): Promise<void> {
    await this.settle();
    this.check();
  }
}

/** The queue stopped: the reports stored since are in search only after `rebuild-narratives --pending`. */
export class PendingIndexError extends Error {
  constructor(readonly cause: unknown) {
    super(`the search index of the last stored reports could not be written (${cause instanceof Error ? cause.message : String(cause)}); the reports are stored — run \`gongkai rebuild-narratives --pending\` to index them`);
  }
}

/** How many reports are waiting for their index rows (an import running, or one stopped in between). */
export async function pendingCount(ds: Pick<DataSource, "query">): Promise<number> {
  const rows: Array<{ n: unknown }> = await ds.query("SELECT COUNT(DISTINCT reportId) AS n FROM narrative_pending");
  return Number(rows[0].n);
}

/**
 * Brings the index rows of every report named in narrative_pending up to date, `batch` reports per
 * transaction: each one's rows are removed, a current report's written again, its pending rows
 * deleted. Run it when no import is running (an import's own pending rows would be written twice:
 * the second write fails on the primary key and that import stops with PendingIndexError).
 * Returns the reports brought up to date.
 */
export async function repairPending(ds: DataSource, batch = 200): Promise<number> {
  let count = 0;
  for (;;) {
    const ids: Array<{ id: unknown }> = await ds.query(`SELECT DISTINCT reportId AS id FROM narrative_pending ORDER BY reportId LIMIT ${Math.trunc(batch)}`);
    if (!ids.length) return count;
    const reportIds = ids.map((r) => Number(r.id));
    await retryTransient(() => ds.transaction(async (em) => {
      await unindexNarratives(em, reportIds);
      const current = await em.getRepository(ReportEntity).find({
        select: { id: true, agencyId: true, year: true, regionCode: true, sections: true }, where: reportIds.map((id) => ({ id, isCurrent: true })),
      });
      await indexNarratives(em, current);
      await em.query(`DELETE FROM narrative_pending WHERE reportId IN (${placeholders(reportIds.length)})`, reportIds);
    }));
    count += reportIds.length;
  }
}
