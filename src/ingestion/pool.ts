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

type Reading = Promise<{ report: CanonicalReport; text: string }>;

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
 * Runs `start` on the items up to `ahead` items before the one being consumed, and yields the
 * results in item order. A consumer that stops early leaves the started tasks to finish on their own.
 */
export async function* inOrder<T, R>(items: readonly T[], ahead: number, start: (item: T, index: number) => Promise<R>): AsyncGenerator<R> {
  const started: Array<Promise<R>> = [];
  const launch = (i: number) => {
    const p = start(items[i], i);
    p.catch(() => undefined);
    started[i] = p;
  };
  let next = 0;
  for (let i = 0; i < items.length; i++) {
    while (next < items.length && next <= i + ahead) launch(next++);
    const result = await started[i];
    delete started[i];
    yield result;
  }
}
