/**
 * Writes sent one after another on a transaction's connection while the writer goes on computing
 * the next ones: the database executes one statement while this process builds the statement after
 * it, where awaiting each write left one of them idle at every step.
 *
 * The statements run strictly in the order sent, each after the one before it has succeeded; after a
 * failure none of the later ones is sent. That matters on MySQL/MariaDB: a deadlock rolls the whole
 * transaction back, and a statement sent after it would run on its own, committed at once.
 * `withPipe` returns only when every statement sent has finished (or was never sent), so nothing of
 * the pipe can run after the transaction's COMMIT or ROLLBACK.
 */
import type { EntityManager } from "typeorm";

/** What the store's write helpers (insertRows, addCounts, SummaryLedger) need of a connection. */
export type Sink = Pick<EntityManager, "query" | "connection">;

export class WritePipe {
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;
  private abandoned = false;
  /** The pipe as a connection for the write helpers: `query` sends and resolves at once, with no result. */
  readonly sink: Sink;

  constructor(private readonly em: Sink) {
    this.sink = {
      connection: em.connection,
      query: ((sql: string, params?: unknown[]) => {
        this.send(sql, params);
        return Promise.resolve(undefined);
      }) as Sink["query"],
    };
  }

  /** Sends a statement whose result is not needed: it runs after every statement sent before it, and not at all if one of them failed. */
  send(sql: string, params?: unknown[]): void {
    if (this.closed) throw new Error("a statement was sent on a closed write pipe");
    // A statement whose turn comes after the work failed is dropped: the transaction is rolled back anyway.
    const next = this.tail.then(() => (this.abandoned ? undefined : this.em.query(sql, params)));
    // Its failure is reported by drain(); the statements chained after it are never sent.
    next.catch(() => undefined);
    this.tail = next;
  }

  /** Waits for every statement sent so far; throws the first failure. */
  async drain(): Promise<void> {
    await this.tail;
  }

  /**
   * Waits until every statement sent has run or been dropped, whatever happened; no more can be sent.
   * `abandon`: the statements not yet started are dropped (the work failed).
   */
  async close(abandon = false): Promise<void> {
    this.closed = true;
    this.abandoned ||= abandon;
    await this.tail.catch(() => undefined);
  }
}

/**
 * Runs `work` with a pipe on `em`, and returns when every statement it sent has run: `work`'s own
 * error first, else the first statement that failed.
 */
export async function withPipe<T>(em: Sink, work: (pipe: WritePipe) => Promise<T>): Promise<T> {
  const pipe = new WritePipe(em);
  let result: T;
  try {
    result = await work(pipe);
  } catch (e) {
    await pipe.close(true);
    throw e;
  }
  try {
    await pipe.drain();
  } finally {
    await pipe.close();
  }
  return result;
}

/** Lets the statements sent so far go out (and the ones whose turn came) before more computing. */
export function yieldToDatabase(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
