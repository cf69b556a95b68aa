/**
 * Issue 9's fuzz corpus: FUZZ_RUNS (default 10,000) mutated report files (fuzz-corpus.ts: text
 * reports, pages, .docx and the PDF, damaged byte-, text-, encoding-, markup- and zip-wise) through
 * the importer's reader — the prechecks with the configured limits, then the parser — in worker
 * threads (one per core), each mutant announced before it starts so that a hang or a crash names it.
 * Every mutant must come back parsed or as a ParseError naming the file; figures safe integers or
 * null; re-encoded copies exactly the original's figures; narrative damage the original's figures
 * or null. A sample then goes through the sandbox's child process (same outcome, same figures as in
 * this process) and through importReport on a live server (an answer, never an internal error, and
 * `{ __typename }` answered meanwhile).
 *
 * The corpus is ≥10k files per CI run: `.ci/run`'s main run (the machine's Node, MariaDB too) runs
 * the default 10,000; the Node 22 and Node 24 re-runs set FUZZ_RUNS=500 (same code path, a twentieth of
 * the time). FUZZ_SEED picks another corpus (default: the day's date, fixed); FUZZ_THREADS the
 * number of worker threads. A failure prints its seed and index: `mutant(seed, index)` in
 * fuzz-corpus.ts rebuilds the file. The counts and the time taken are printed.
 */
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { loadConfig } from "../../src/config";
import { parseInSandbox, stopSandboxes } from "../../src/ingestion/sandbox";
import { testDatabases } from "../helpers/db";
import { attackServerPerSuite, bearer, IMPORT_OUTCOME, TOKENS } from "./harness";
import { judge, mutant, run, figuresOf, type Outcome } from "./fuzz-corpus";
import type { Batch, WorkerMessage } from "./fuzz-worker";

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const THREADS = Number(process.env.FUZZ_THREADS ?? Math.max(1, Math.min(4, os.availableParallelism())));
const LIMITS = loadConfig({ NODE_ENV: "test" }).importLimits;
/**
 * A mutant still being read after SLOW_MS is stopped (its worker thread terminated and replaced) and
 * counted as slow: the importer's reader would refuse it with GONGKAI_IMPORT_TIME_MS set to SLOW_MS,
 * which the test then shows for a few of them through the sandbox. The parser's super-linear paths
 * (row labels, digit splits, LINE_HEADING) are bounded now (bench/parser-bounds.ts); what is left
 * slow is a page whose decoded text is megabytes (spans, repeated blocks), in time linear in that
 * text. The sandbox's time limit still bounds every file.
 */
const SLOW_MS = Number(process.env.FUZZ_SLOW_MS ?? 5000);
const BATCH = 20;

/** Starts a worker thread running fuzz-worker.ts (compiled on the fly by swc, as Jest does). */
function startWorker(): Worker {
  const file = path.join(__dirname, "fuzz-worker.ts");
  const bootstrap = `
    const fs = require("node:fs");
    const swc = require("@swc/core");
    require.extensions[".ts"] = (m, f) => m._compile(swc.transformSync(fs.readFileSync(f, "utf8"), {
      filename: f, module: { type: "commonjs" },
      jsc: { parser: { syntax: "typescript", decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false }, target: "es2022" },
    }).code, f);
    require(${JSON.stringify(file)});`;
  return new Worker(bootstrap, { eval: true, resourceLimits: { maxOldGenerationSizeMb: LIMITS.memoryMb * 2, stackSizeMb: 4 } });
}

interface Tally {
  outcomes: Record<Outcome, number>;
  kinds: Record<string, number>;
  failures: string[];
  slowest: Array<[number, number]>;
  /** Mutants stopped after SLOW_MS. */
  slow: number[];
}

/** Runs mutants [0, RUNS) across the worker threads; a worker that hangs or dies is replaced. */
async function fuzz(): Promise<Tally> {
  const tally: Tally = { outcomes: { parsed: 0, rejected: 0, limit: 0 }, kinds: {}, failures: [], slowest: [], slow: [] };
  let next = 0;
  const take = (): number[] => {
    const out: number[] = [];
    while (out.length < BATCH && next < RUNS) out.push(next++);
    return out;
  };
  const lane = () =>
    new Promise<void>((resolve) => {
      let worker: Worker;
      let pending: number[] = [];
      let current: { index: number; since: number } | null = null;
      const watchdog = setInterval(() => {
        if (current && Date.now() - current.since > SLOW_MS) fail(null);
      }, 200);
      /** Replaces the worker after a crash (problem) or a slow mutant (null), going on with the batch's rest. */
      const fail = (problem: string | null) => {
        if (problem) tally.failures.push(problem);
        else tally.slow.push(current!.index);
        const rest = pending.filter((i) => i !== current?.index);
        current = null;
        worker.removeAllListeners();
        void worker.terminate();
        boot(rest);
      };
      const send = (indices: number[]) => {
        if (!indices.length) {
          clearInterval(watchdog);
          void worker.terminate();
          resolve();
          return;
        }
        pending = [...indices];
        worker.postMessage({ seed: SEED, indices } satisfies Batch);
      };
      const boot = (indices: number[]) => {
        worker = startWorker();
        worker.on("message", (m: WorkerMessage) => {
          if (m.type === "start") {
            current = { index: m.index, since: Date.now() };
            return;
          }
          current = null;
          pending = pending.filter((i) => i !== m.index);
          tally.outcomes[m.outcome]++;
          tally.kinds[m.kind] = (tally.kinds[m.kind] ?? 0) + 1;
          tally.slowest.push([m.ms, m.index]);
          if (tally.slowest.length > 20) tally.slowest = tally.slowest.sort((a, b) => b[0] - a[0]).slice(0, 5);
          if (m.failure) tally.failures.push(`${m.failure.id} (${m.failure.file}; ${m.failure.ops.join("; ").slice(0, 300)}): ${m.failure.problem}`);
          if (!pending.length) send(take());
        });
        worker.on("error", (e) => fail(`mutant ${current?.index ?? pending[0]} (seed ${SEED}) crashed its worker: ${e.message.split("\n")[0]}`));
        worker.on("exit", (code) => {
          if (pending.length) fail(`mutant ${current?.index ?? pending[0]} (seed ${SEED}): the worker exited (${code})`);
        });
        send(indices.length ? indices : take());
      };
      boot([]);
    });
  await Promise.all(Array.from({ length: THREADS }, lane));
  tally.slowest = tally.slowest.sort((a, b) => b[0] - a[0]).slice(0, 5);
  return tally;
}

describe(`fuzz corpus: ${RUNS} mutated report files (seed ${SEED})`, () => {
  afterAll(() => stopSandboxes());

  it("every mutant is parsed or rejected naming the file, with safe figures, and the checkable ones keep the original's numbers", async () => {
    const started = Date.now();
    const tally = await fuzz();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `fuzz: ${RUNS} mutants in ${seconds} s on ${THREADS} threads — ${JSON.stringify(tally.outcomes)}, ${tally.slow.length} stopped after ${SLOW_MS} ms (${tally.slow.slice(0, 20).join(", ")}), by seed kind ${JSON.stringify(tally.kinds)}, ` +
        `slowest ${tally.slowest.map(([ms, i]) => `#${i} ${ms} ms`).join(", ")}\n`,
    );
    expect(tally.failures).toEqual([]);
    expect(tally.outcomes.parsed + tally.outcomes.rejected + tally.outcomes.limit + tally.slow.length).toBe(RUNS);
    // A slow mutant is bounded by the reader's time limit: the sandbox refuses it, naming the limit.
    for (const index of tally.slow.slice(0, 2)) {
      const m = await mutant(SEED, index);
      const err = await parseInSandbox(m.content, { fileName: m.fileName, agency: m.seed.meta.agency ?? null, year: m.seed.meta.year ?? null }, { ...LIMITS, timeMs: SLOW_MS }).then(() => null, (e: Error) => e.message);
      // (On a quiet machine it may also finish in time: then it is a report, judged like any other.)
      if (err !== null) expect(err).toMatch(new RegExp(`^${m.fileName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: `));
    }
    // The corpus is not all noise: many mutants still parse, and some hit each kind of rejection.
    expect(tally.outcomes.parsed).toBeGreaterThan(RUNS / 4);
    expect(tally.outcomes.rejected).toBeGreaterThan(0);
    expect(tally.outcomes.limit).toBeGreaterThan(0);
  }, 900_000);

  // Every 97th mutant (at least 40): the sandbox's child process gives what this process gives.
  const SAMPLE = Array.from({ length: Math.max(40, Math.floor(RUNS / 97)) }, (_, k) => (k * 97) % RUNS);

  it(`a sample of ${SAMPLE.length} through the sandbox's child process: the same outcome and figures as in process`, async () => {
    for (const index of SAMPLE) {
      const m = await mutant(SEED, index);
      const options = { fileName: m.fileName, agency: m.seed.meta.agency ?? null, year: m.seed.meta.year ?? null };
      const there = await parseInSandbox(m.content, options, { ...LIMITS, timeMs: SLOW_MS }).then((x) => ({ report: x.report }), (error: unknown) => ({ error }));
      expect({ index, problem: await judge(m, there) }).toEqual({ index, problem: null });
      if ("error" in there && /took longer than the limit/.test(String(there.error))) continue;
      const here = await run(m, LIMITS);
      expect({ index, parsed: "report" in there }).toEqual({ index, parsed: here.outcome === "parsed" });
      if ("report" in there) expect({ index, figures: Object.fromEntries(figuresOf(there.report)) }).toEqual({ index, figures: Object.fromEntries(figuresOf(here.report!)) });
    }
  }, 600_000);
});

describe.each(testDatabases())("a sample of the corpus through importReport on %s", (_db, open) => {
  const on = attackServerPerSuite(open);
  const SAMPLE = Array.from({ length: 20 }, (_, k) => (k * 331 + 7) % RUNS);

  it(`${SAMPLE.length} mutants: each an ImportSucceeded or an ImportRejected with a message, never an error, while { __typename } is answered`, async () => {
    const typenames: Record<string, number> = {};
    for (const index of SAMPLE) {
      const m = await mutant(SEED, index);
      const input = typeof m.content === "string"
        ? { content: m.content, fileName: m.fileName, agency: m.seed.meta.agency, year: m.seed.meta.year }
        : { content: m.content.toString("base64"), base64: true, fileName: m.fileName, agency: m.seed.meta.agency, year: m.seed.meta.year };
      const [r, answered] = await Promise.all([on.server.gql(IMPORT_OUTCOME, { input }, bearer(TOKENS.editor)), on.server.probe()]);
      expect({ index, answered }).toEqual({ index, answered: true });
      expect({ index, status: r.status, errors: r.body.errors }).toEqual({ index, status: 200, errors: undefined });
      const result = r.body.data.importReport;
      typenames[result.__typename] = (typenames[result.__typename] ?? 0) + 1;
      if (result.__typename === "ImportRejected") expect({ index, message: result.message }).toEqual({ index, message: expect.stringMatching(/\S/) });
      else expect(["imported", "revised", "unchanged", "held"]).toContain(result.status);
    }
    expect(Object.keys(typenames).sort()).toEqual(["ImportRejected", "ImportSucceeded"]);
  }, 600_000);
});
