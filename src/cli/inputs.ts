/**
 * What `parse` and `import` read: files, folders (walked), and http(s) addresses. Every problem
 * with one input (missing, unreadable, a symlink loop, a failed fetch, bad metadata) becomes that
 * input's error, never an exception that stops the others.
 */
import fs from "node:fs";
import path from "node:path";
import type { ParseOptions } from "../ingestion/parse";
import { isSidecar, mergeMeta, readMetaFor, ReportMeta } from "../ingestion/meta";
import { fetchUrl, FetchLimits, looksLikeUrl } from "../ingestion/fetch-url";

export type Input =
  | { kind: "file"; name: string }
  | { kind: "url"; name: string }
  | { kind: "error"; name: string; error: string };

/** Report files a folder walk picks up. Named explicitly, a file of any other extension is still read. */
const REPORT_FILE = /\.(html?|txt|text|md|docx|pdf|xlsx|json)$/i;

/**
 * Where one report comes in several renderings (same name, other extension), the walk reads plain
 * text first and the page last, so an import leaves the richest rendering as the current revision
 * (the same one the start-up loader picks), and canonical JSON, checked by hand, after all of them.
 */
const RENDERING_ORDER = [/\.(txt|text|md)$/i, /\.pdf$/i, /\.(docx|xlsx)$/i, /\.html?$/i, /\.json$/i];

function renderingRank(name: string): number {
  const i = RENDERING_ORDER.findIndex((re) => re.test(name));
  return i < 0 ? RENDERING_ORDER.length : i;
}

function byReport(a: string, b: string): number {
  const stem = (n: string) => n.replace(/\.[^.]+$/, "");
  const s = stem(a) < stem(b) ? -1 : stem(a) > stem(b) ? 1 : 0;
  return s || renderingRank(a) - renderingRank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** One line for a file-system error, without the errno noise. */
export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT": return "no such file or folder";
    case "EISDIR": return "is a folder (give the folder itself to read the reports in it)";
    case "ENOTDIR": return "a part of the path is not a folder";
    case "EACCES": case "EPERM": return "permission denied";
    case "ELOOP": return "symlink loop";
    case "ENAMETOOLONG": return "path too long";
    default: return code ? `cannot be read (${code})` : (e as Error).message;
  }
}

export interface Expansion {
  inputs: Input[];
  /** Sidecar files named on the command line, left out. */
  skipped: string[];
}

/** Expands folders into the report files below them, in a repeatable order; follows symlinks but never round a loop. */
export function expandInputs(args: string[]): Expansion {
  const inputs: Input[] = [];
  const skipped: string[] = [];
  const walked = new Set<string>();
  const walk = (dir: string, ancestors: string[]) => {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch (e) {
      inputs.push({ kind: "error", name: dir, error: `folder ${describeFsError(e)}` });
      return;
    }
    for (const name of names.filter((n) => !n.startsWith(".")).sort(byReport)) {
      const p = path.join(dir, name);
      let stat: fs.Stats;
      try {
        stat = fs.statSync(p);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const isLink = (() => { try { return fs.lstatSync(p).isSymbolicLink(); } catch { return false; } })();
        if (isLink || REPORT_FILE.test(name)) inputs.push({ kind: "error", name: p, error: code === "ENOENT" && isLink ? "broken symlink" : describeFsError(e) });
        continue;
      }
      if (stat.isDirectory()) {
        let real: string;
        try {
          real = fs.realpathSync(p);
        } catch (e) {
          inputs.push({ kind: "error", name: p, error: describeFsError(e) });
          continue;
        }
        if (ancestors.includes(real)) {
          inputs.push({ kind: "error", name: p, error: `symlink loop (leads back to ${real})` });
          continue;
        }
        if (walked.has(real)) continue; // a second link to a folder already read
        walked.add(real);
        walk(p, [...ancestors, real]);
      } else if (stat.isFile() && REPORT_FILE.test(name) && !isSidecar(name) && !/^readme\./i.test(name)) {
        inputs.push({ kind: "file", name: p });
      }
    }
  };
  for (const arg of args) {
    if (looksLikeUrl(arg) && !fs.existsSync(arg)) {
      inputs.push({ kind: "url", name: arg });
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(arg);
    } catch (e) {
      inputs.push({ kind: "error", name: arg, error: describeFsError(e) });
      continue;
    }
    if (stat.isDirectory()) {
      const real = fs.realpathSync(arg);
      if (walked.has(real)) continue;
      walked.add(real);
      walk(arg, [real]);
    } else if (isSidecar(arg)) {
      skipped.push(arg);
    } else {
      inputs.push({ kind: "file", name: arg });
    }
  }
  return { inputs, skipped };
}

export interface Loaded {
  content: Buffer;
  options: ParseOptions;
}

/**
 * Reads one input and works out its options: metadata beside the file, then the page's address
 * (for a URL), then the command-line flags, each overriding the one before.
 */
export async function loadInput(input: Input, flags: ReportMeta, limits: FetchLimits, userAgent: string): Promise<Loaded> {
  if (input.kind === "error") throw new InputError(input.error);
  if (input.kind === "url") {
    const page = await fetchUrl(input.name, limits, userAgent);
    const meta = mergeMeta({ source: input.name }, flags);
    return { content: page.content, options: { ...optionsOf(meta), fileName: page.fileName, contentType: page.contentType } };
  }
  const { meta } = readMetaFor(input.name);
  let content: Buffer;
  try {
    content = fs.readFileSync(input.name);
  } catch (e) {
    throw new InputError(describeFsError(e));
  }
  return { content, options: { ...optionsOf(mergeMeta(meta, flags)), fileName: input.name } };
}

function optionsOf(meta: ReportMeta): ParseOptions {
  return {
    agency: meta.agency ?? null,
    year: meta.year ?? null,
    regionCode: meta.regionCode ?? null,
    source: meta.source ?? null,
    publishedAt: meta.publishedAt ?? null,
  };
}

/** An input that could not be read at all (the message is the whole story: no stack). */
export class InputError extends Error {}
