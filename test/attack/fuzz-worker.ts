/**
 * A worker thread of the fuzz run (fuzz.test.ts): takes batches of mutant indices, builds each mutant
 * and runs it through the prechecks and the parser (fuzz-corpus.ts), announcing each index before it
 * starts so that the parent can name the file that hung or crashed a worker.
 */
import { parentPort } from "node:worker_threads";
import { loadConfig } from "../../src/config";
import { mutant, run, type Outcome } from "./fuzz-corpus";

export interface Batch {
  seed: number;
  indices: number[];
}

export type WorkerMessage =
  | { type: "start"; index: number }
  | { type: "done"; index: number; outcome: Outcome; kind: string; ms: number; failure: { id: string; file: string; ops: string[]; problem: string } | null };

const limits = loadConfig({ NODE_ENV: "test" }).importLimits;

parentPort!.on("message", async (batch: Batch) => {
  for (const index of batch.indices) {
    parentPort!.postMessage({ type: "start", index } satisfies WorkerMessage);
    const t0 = performance.now();
    const m = await mutant(batch.seed, index);
    const { outcome, problem } = await run(m, limits);
    parentPort!.postMessage({
      type: "done", index, outcome, kind: m.seed.kind, ms: Math.round(performance.now() - t0),
      failure: problem ? { id: m.id, file: m.fileName, ops: m.ops, problem } : null,
    } satisfies WorkerMessage);
  }
});
