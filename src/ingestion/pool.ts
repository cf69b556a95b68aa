/**
 * Many files at once, on every core: up to `jobs` readers parse the next files in parallel (each in
 * the sandbox's child process, with its memory cap, time limit and prechecks: src/ingestion/sandbox),
 * while this process stores the parsed reports one by one, in input order, through the same
 * ImportService as a single import. Storing in order keeps the result identical to a serial import
 * (same ids, same revisions, same cross-year findings); only reading runs ahead.
 *
 * Evidence (domain/evidence.ts) depends on what is already stored: when the import service asks
 * for a second reading with evidence, it is done then, in order, like a serial import would.
 */
import type { ImportLimits } from "../config";
import type { CanonicalReport } from "../domain/report-json";
import type { ParseOptions } from "./parse";
import { keepReadersIdle, parseInSandbox } from "./sandbox";

type Reading = Promise<{ report: CanonicalReport }>;

/** At most `n` tasks at once; the others wait their turn in order. */
class Slots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(n: number) {
    this.free = n;
  }

  /** `first`: the task goes before the others waiting (the writer is waiting for it). */
  async run<T>(task: () => Promise<T>, first = false): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => (first ? this.waiting.unshift(resolve) : this.waiting.push(resolve)));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}

/** `jobs` sandboxed readers shared by the files of one import. */
export class ReaderPool {
  private readonly slots: Slots;

  constructor(readonly jobs: number, private readonly limits: ImportLimits) {
    if (!Number.isInteger(jobs) || jobs < 1) throw new RangeError(`jobs must be a whole number ≥ 1, got ${jobs}`);
    this.slots = new Slots(jobs);
    keepReadersIdle(jobs);
  }

  /** Parses in a free reader (waits for one; with `first`, before the read-aheads waiting). */
  read(content: Buffer | string, options: ParseOptions, first = false): Reading {
    return this.slots.run(() => parseInSandbox(content, options, this.limits), first);
  }

  /**
   * Starts reading a file now and returns the parse function to hand to ImportService
   * (ImportOptions.parse): its first call without evidence gets this reading; a call with evidence
   * reads again, ahead of the read-aheads (storing waits for it: behind them it waited for up to
   * `jobs × 4` files to be read first).
   */
  prefetch(content: Buffer | string, options: ParseOptions): (content: Buffer | string, options?: ParseOptions) => Reading {
    let early: Reading | null = this.read(content, options);
    // Failures are reported when the import service asks for the reading, not as unhandled rejections.
    early.catch(() => undefined);
    return (c, o = {}) => {
      if (early && !o.evidence) {
        const r = early;
        early = null;
        return r;
      }
      return this.read(c, o, true);
    };
  }
}

/**
 * How much `inOrder` may hold ahead of the item being consumed: results settled and not yet consumed
 * weigh (`weigh`, bytes) less than `budget` before another starts, and at most `concurrency` started
 * ones are not settled yet (their weight is not known until they settle). So what waits ahead weighs
 * under the budget plus the last one to settle, plus `concurrency` items still loading, whatever their size.
 */
export interface AheadBudget<R> {
  weigh: (result: R) => number;
  budget: number;
  concurrency: number;
}

/**
 * Runs `start` on the items up to `ahead` items before the one being consumed, and yields the
 * results in item order. With `bound`, what waits ahead is also bounded by weight: the item being
 * consumed always starts; others start while the settled results waiting weigh less than the budget
 * and fewer than `bound.concurrency` are still running, and again as soon as a result is consumed or
 * settles. A consumer that stops early (`return()`, or an exception out of its loop) leaves the
 * started tasks to finish on their own and starts no more.
 */
export async function* inOrder<T, R>(items: readonly T[], ahead: number, start: (item: T, index: number) => Promise<R>, bound?: AheadBudget<R>): AsyncGenerator<R> {
  const started: Array<Promise<R>> = [];
  const weights: number[] = [];
  /** Weight of the results settled and not yet consumed. */
  let held = 0;
  /** Started and not settled. */
  let running = 0;
  let next = 0;
  /** The item being consumed (or, once it is, the next one). */
  let current = 0;
  let stopped = false;
  const room = () =>
    !stopped && next < items.length && (next <= current || (next <= current + ahead && (!bound || (held < bound.budget && running < bound.concurrency))));
  const weightOf = (r: R): number => {
    try {
      const w = bound!.weigh(r);
      return Number.isFinite(w) && w > 0 ? w : 0;
    } catch {
      return 0;
    }
  };
  const pump = () => {
    while (room()) launch(next++);
  };
  const launch = (i: number) => {
    running++;
    let p: Promise<R>;
    try {
      p = Promise.resolve(start(items[i], i));
    } catch (e) {
      // A start that throws before returning its promise fails its item, not the others.
      p = Promise.reject(e);
    }
    started[i] = p;
    p.then(
      (r) => {
        running--;
        if (bound) {
          weights[i] = weightOf(r);
          held += weights[i];
        }
        pump();
      },
      () => {
        running--;
        pump();
      },
    );
  };
  try {
    for (let i = 0; i < items.length; i++) {
      current = i;
      pump();
      const result = await started[i];
      // Its weight was counted when it settled (that callback was registered before this await).
      held -= weights[i] ?? 0;
      delete weights[i];
      delete started[i];
      // Consumed: the next ones may start while the consumer works on this one.
      current = i + 1;
      pump();
      yield result;
    }
  } finally {
    stopped = true;
  }
}
