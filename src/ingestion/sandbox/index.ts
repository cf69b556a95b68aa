/**
 * Bounded parsing: `parseInSandbox` has `parseInput`'s signature but checks the file first
 * (./prechecks.ts: zip directory of a .docx, depth and grid of an HTML page) and then parses it in a
 * worker thread with a heap cap (`resourceLimits`) and a time limit, so a hostile file costs at most
 * its limits and comes back as a ParseError naming the limit, while the server keeps answering.
 * Used by the importReport mutation; the CLI can pass it to ImportService the same way.
 */
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { ImportLimits } from "../../config";
import type { CanonicalReport } from "../../domain/report-json";
import { detectKind } from "../decode/decode";
import { ParseError, type ParseOptions } from "../parse";
import { checkDocx, checkHtml, LimitError } from "./prechecks";
import type { WorkerReply } from "./worker";

export { checkDocx, checkHtml, LimitError };

/** Runs the checks that need no parsing; throws ParseError naming the limit. */
export async function precheck(content: Buffer | string, options: ParseOptions, limits: ImportLimits): Promise<void> {
  const file = options.fileName ?? "<input>";
  const buf = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  try {
    const kind = detectKind(buf, options.fileName, options.contentType);
    if (kind === "docx") await checkDocx(buf, limits);
    if (kind === "html") checkHtml(typeof content === "string" ? content : buf.toString("latin1"), limits);
  } catch (e) {
    if (e instanceof LimitError) throw new ParseError(file, e.message);
    throw e;
  }
}

/** Starts the worker: the compiled worker.js, or under ts (jest) worker.ts through swc. */
function startWorker(limits: ImportLimits): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, limits.memoryMb / 8)), stackSizeMb: 4 };
  if (__filename.endsWith(".js")) return new Worker(path.join(__dirname, "worker.js"), { resourceLimits });
  const bootstrap = `
    const fs = require("node:fs");
    const swc = require("@swc/core");
    require.extensions[".ts"] = (m, f) => m._compile(swc.transformSync(fs.readFileSync(f, "utf8"), {
      filename: f, module: { type: "commonjs" },
      jsc: { parser: { syntax: "typescript", decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false }, target: "es2022" },
    }).code, f);
    require(require("node:worker_threads").workerData.entry);`;
  return new Worker(bootstrap, { eval: true, workerData: { entry: path.join(__dirname, "worker.ts") }, resourceLimits });
}

export async function parseInSandbox(
  content: Buffer | string, options: ParseOptions, limits: ImportLimits, signal?: AbortSignal,
): Promise<{ report: CanonicalReport; text: string }> {
  const file = options.fileName ?? "<input>";
  await precheck(content, options, limits);
  const worker = startWorker(limits);
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      void worker.terminate();
      fn();
    };
    const timer = setTimeout(() => finish(() => reject(new ParseError(file, `reading it took longer than the limit of ${limits.timeMs} ms (GONGKAI_IMPORT_TIME_MS)`))), limits.timeMs);
    const onAbort = () => finish(() => reject(new ParseError(file, "the request was cancelled while the file was read")));
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.once("message", (reply: WorkerReply) =>
      finish(() => {
        if (reply.ok) return resolve({ report: reply.report as CanonicalReport, text: reply.text });
        if (reply.kind === "parse") return reject(new ParseError(file, reply.problem, reply.diagnostics as never));
        if (reply.kind === "stack") return reject(new ParseError(file, "its structure nests too deeply to read (stack overflow)"));
        reject(new ParseError(file, `could not be read: ${reply.message}`));
      }),
    );
    worker.once("error", (e: Error & { code?: string }) =>
      finish(() =>
        reject(
          e.code === "ERR_WORKER_OUT_OF_MEMORY"
            ? new ParseError(file, `reading it needs more than the memory limit of ${limits.memoryMb} MB (GONGKAI_IMPORT_MEMORY_MB)`)
            : new ParseError(file, `could not be read: ${e.message.split("\n")[0].slice(0, 300)}`),
        ),
      ),
    );
    worker.once("exit", (code) => finish(() => reject(new ParseError(file, `the reader stopped (exit code ${code})`))));
    const { fileName, contentType, agency, regionCode, year, source } = options;
    worker.postMessage({ content, options: { fileName, contentType, agency, regionCode, year, source } });
  });
}
