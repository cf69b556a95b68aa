import { inOrder } from "../../src/ingestion/pool";

/**
 * `gongkai import --jobs N` loads and reads files ahead of the one being stored (src/ingestion/pool.ts
 * inOrder): up to `ahead` items, and — with a budget — no further while the loaded ones waiting
 * weigh the budget or more, so a folder of large files is not held in memory all at once.
 */

/** Drains `inOrder` one result at a time and records, before each result is consumed, the highest index started. */
async function drain(sizes: number[], ahead: number, budget?: number, concurrency = 1) {
  const started: number[] = [];
  const order: number[] = [];
  const furthest: number[] = [];
  const results = inOrder(sizes, ahead, async (size, i) => {
    started.push(i);
    return { i, size };
  }, budget === undefined ? undefined : { weigh: (r) => r.size, budget, concurrency });
  for await (const r of results) {
    order.push(r.i);
    furthest.push(Math.max(...started));
  }
  return { started, order, furthest };
}

/** inOrder over `n` items of weight 1 whose reads settle only when their gate is opened. */
function gatedReads(n: number, concurrency: number) {
  const started: number[] = [];
  const gates: Array<() => void> = [];
  const results = inOrder(Array(n).fill(1), 8, (_, i) => {
    started.push(i);
    return new Promise<number>((resolve) => gates.push(() => resolve(i)));
  }, { weigh: () => 1, budget: 100, concurrency });
  return { started, gates, results };
}

describe("inOrder: the import's read-ahead", () => {
  test("yields every item in input order, each started once", async () => {
    const { started, order } = await drain([5, 1, 9, 2, 7, 3], 2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect([...started].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  test("starts at most `ahead` items beyond the one being consumed", async () => {
    const { furthest } = await drain(Array(10).fill(1), 3);
    // When the consumer holds item k, the next one and 3 beyond it have been started (capped at the last item).
    expect(furthest).toEqual([4, 5, 6, 7, 8, 9, 9, 9, 9, 9]);
  });

  test("with a budget, stops starting while the settled results waiting weigh the budget or more, and goes on as they are consumed", async () => {
    // Ten files of 10 MB each, a 25 MB budget, up to 8 ahead, one loading at a time: when item k is
    // consumed, the ones waiting weigh under 25 + 10 MB, so at most 3 were started beyond it.
    const { furthest, order } = await drain(Array(10).fill(10), 8, 25);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (let k = 0; k < furthest.length; k++) expect(furthest[k]).toBeLessThanOrEqual(Math.min(9, k + 3));
    // ...and the reading ahead never stops: a consumed item's weight is given back (2 or 3 ahead, to the end).
    for (let k = 0; k < furthest.length - 3; k++) expect(furthest[k] - k).toBeGreaterThanOrEqual(2);
    // Without the budget the same call runs 8 ahead of the next one.
    const free = await drain(Array(10).fill(10), 8);
    expect(free.furthest[0]).toBe(9);
  });

  test("a consumer busy with an item (storing a group) has the next ones read meanwhile", async () => {
    const started: number[] = [];
    const results = inOrder(Array(10).fill(10), 8, async (_, i) => {
      started.push(i);
      return i;
    }, { weigh: (r) => (r < 0 ? 0 : 10), budget: 25, concurrency: 1 });
    expect((await results.next()).value).toBe(0);
    expect((await results.next()).value).toBe(1);
    // The consumer works for a while without asking for the next item: two or more beyond it are read.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(Math.max(...started) - 1).toBeGreaterThanOrEqual(2);
    await results.return(undefined);
  });

  test("a consumer that stops early starts nothing more", async () => {
    const { started, gates, results } = gatedReads(20, 2);
    const first = results.next();
    await Promise.resolve();
    gates[0]();
    expect((await first).value).toBe(0);
    await results.return(undefined);
    const stoppedAt = started.length;
    // The reads already started finish on their own; none starts after them.
    for (const open of gates.slice(1)) open();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(started.length).toBe(stoppedAt);
    expect(stoppedAt).toBeLessThanOrEqual(3);
  });

  test("a start that throws fails its own item only", async () => {
    const results = inOrder([0, 1, 2, 3], 2, (n) => {
      if (n === 1) throw new Error("no such file");
      return Promise.resolve(n * 10);
    }, { weigh: () => 1, budget: 10, concurrency: 2 });
    expect((await results.next()).value).toBe(0);
    await expect(results.next()).rejects.toThrow("no such file");
  });

  test("at most `concurrency` items are being loaded at once beyond the one consumed, whatever their weight", async () => {
    // Weights are known only when an item settles: with 3 loading at once and nothing settled yet,
    // the first pass starts the consumed item and 2 more, not 8.
    const { started, gates, results } = gatedReads(10, 3);
    const first = results.next();
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    gates[0]();
    expect((await first).value).toBe(0);
    // Item 0 settled and was consumed: one more may load.
    expect(started).toEqual([0, 1, 2, 3]);
  });

  test("an item heavier than the budget is still read: the one being consumed always starts", async () => {
    const { order } = await drain([100, 100, 100], 4, 10);
    expect(order).toEqual([0, 1, 2]);
  });
});
