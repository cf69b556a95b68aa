/**
 * Bounded parsing: `parseInSandbox` has `parseInput`'s signature but checks the file first
 * (./prechecks.ts: zip directory of a .docx, depth and grid of an HTML page) and then parses it in a
 * child process with a heap cap (--max-old-space-size) and a time limit, so a hostile file costs at most
 * its limits and comes back as a ParseError naming the limit, while the server keeps answering.
 * Readers are reused while healthy (starting one loads the whole parser, about a second; a warm one
 * adds milliseconds) and killed on a time-out, a crash or a cancelled request.
 * Used by the importReport mutation; the CLI can pass it to ImportService the same way.
 */
import path from "node:path";
import { fork, spawn, type ChildProcess, type StdioOptions } from "node:child_process";
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

/**
 * Starts the reader: a child process (not a worker thread: a worker that reaches its heap limit inside
 * a long native allocation can abort the whole process) with a capped heap and stack. Compiled, it
 * runs worker.js; under ts (jest) it compiles worker.ts on the fly with swc.
 */
function startChild(limits: ImportLimits): ChildProcess {
  // --single-threaded-gc: the collector works on the reader's own thread. Its helper threads cost the
  // machine more CPU than they save a reader, whose siblings and the writer keep every core busy: 1,500
  // text reports took 2.72–3.07 ms of CPU each instead of 2.87–3.23, and 0.2 ms less time.
  const flags = [`--max-old-space-size=${limits.memoryMb}`, `--max-semi-space-size=${Math.min(16, Math.max(1, Math.floor(limits.memoryMb / 32)))}`, "--stack-size=2000", "--single-threaded-gc"];
  const options = { stdio: ["ignore", "ignore", "pipe", "ipc"] as StdioOptions, serialization: "advanced" as const, env: { ...process.env, NODE_OPTIONS: "" } };
  if (__filename.endsWith(".js")) return fork(path.join(__dirname, "worker.js"), [], { ...options, execArgv: flags });
  const bootstrap = `
    const fs = require("node:fs");
    const swc = require("@swc/core");
    require.extensions[".ts"] = (m, f) => m._compile(swc.transformSync(fs.readFileSync(f, "utf8"), {
      filename: f, module: { type: "commonjs" },
      jsc: { parser: { syntax: "typescript", decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false }, target: "es2022" },
    }).code, f);
    require(${JSON.stringify(path.join(__dirname, "worker.ts"))});`;
  return spawn(process.execPath, [...flags, "-e", bootstrap], { ...options, cwd: path.join(__dirname, "..", "..", "..") });
}

/** Idle readers kept warm (starting one loads the whole parser: about a second). */
let maxIdle = 2;

/** Keeps at least `n` idle readers warm (a pooled import reads with `n` at once: src/ingestion/pool.ts). */
export function keepReadersIdle(n: number): void {
  maxIdle = Math.max(maxIdle, n);
}
const idle: Array<{ child: ChildProcess; key: string }> = [];

function keyOf(limits: ImportLimits): string {
  return `${limits.memoryMb}`;
}

function acquire(limits: ImportLimits): ChildProcess {
  const key = keyOf(limits);
  for (let i = idle.length - 1; i >= 0; i--) {
    const { child, key: k } = idle[i];
    if (child.exitCode !== null || !child.connected) {
      idle.splice(i, 1);
    } else if (k === key) {
      idle.splice(i, 1);
      child.ref();
      (child.channel as { ref?: () => void } | undefined)?.ref?.();
      return child;
    }
  }
  return startChild(limits);
}

function release(child: ChildProcess, limits: ImportLimits): void {
  if (child.exitCode !== null || !child.connected || idle.length >= maxIdle) {
    child.kill("SIGKILL");
    return;
  }
  // An idle reader never keeps the process alive.
  child.unref();
  (child.channel as { unref?: () => void } | undefined)?.unref?.();
  idle.push({ child, key: keyOf(limits) });
}

/** Stops the idle readers (servers call it when they stop). */
export function stopSandboxes(): void {
  for (const { child } of idle.splice(0)) child.kill("SIGKILL");
}

/** The last line a reader wrote before it stopped, to say why (": …"), or nothing. */
function lastWords(stderr: string): string {
  const line = stderr.split("\n").map((l) => l.trim()).filter(Boolean).pop();
  return line ? `: ${line.slice(0, 200)}` : "";
}

export async function parseInSandbox(
  content: Buffer | string, options: ParseOptions, limits: ImportLimits, signal?: AbortSignal,
): Promise<{ report: CanonicalReport }> {
  const file = options.fileName ?? "<input>";
  await precheck(content, options, limits);
  if (signal?.aborted) throw new ParseError(file, "the request was cancelled before the file was read", [], true);
  const child = acquire(limits);
  let stderr = "";
  const onStderr = (d: Buffer) => {
    stderr = (stderr + d.toString("utf8")).slice(-4000);
  };
  child.stderr?.on("data", onStderr);
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void, healthy = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      child.off("message", onMessage);
      child.off("error", onError);
      child.off("close", onExit);
      child.stderr?.off("data", onStderr);
      if (healthy) release(child, limits);
      else if (child.exitCode === null) child.kill("SIGKILL");
      fn();
    };
    const timer = setTimeout(() => finish(() => reject(new ParseError(file, `reading it took longer than the limit of ${limits.timeMs} ms (GONGKAI_IMPORT_TIME_MS)`, [], true))), limits.timeMs);
    const onAbort = () => finish(() => reject(new ParseError(file, "the request was cancelled while the file was read", [], true)));
    signal?.addEventListener("abort", onAbort, { once: true });
    const onMessage = (reply: WorkerReply) =>
      finish(() => {
        if (reply.ok) return resolve({ report: reply.report as CanonicalReport });
        if (reply.kind === "parse") return reject(new ParseError(file, reply.problem, reply.diagnostics as never));
        if (reply.kind === "stack") return reject(new ParseError(file, "its structure nests too deeply to read (stack overflow)"));
        reject(new ParseError(file, `could not be read: ${reply.message}`));
      }, reply.ok || reply.kind === "parse");
    const onError = (e: Error) => finish(() => reject(new ParseError(file, `the reader could not start: ${e.message.split("\n")[0]}`)));
    const onExit = (code: number | null, sig: NodeJS.Signals | null) =>
      finish(() =>
        reject(
          // V8's words for running out: "JavaScript heap out of memory", "Reached heap limit",
          // "Fatal process out of memory: …" (a zone or a reservation), "… Allocation failed".
          /out of memory|Reached heap limit|Allocation failed/i.test(stderr)
            ? new ParseError(file, `reading it needs more than the memory limit of ${limits.memoryMb} MB (GONGKAI_IMPORT_MEMORY_MB)`)
            : new ParseError(file, `the reader stopped (${sig ?? `exit code ${code}`})${lastWords(stderr)}`),
        ),
      );
    child.on("message", onMessage);
    child.once("error", onError);
    // "close", not "exit": a reader that reached its heap limit writes why on stderr as it dies, and
    // under load those last words can arrive after the exit; close comes once stderr has ended.
    child.once("close", onExit);
    const { fileName, contentType, agency, regionCode, year, source, publishedAt, evidence } = options;
    child.send({ content, options: { fileName, contentType, agency, regionCode, year, source, publishedAt, evidence } });
  });
}
