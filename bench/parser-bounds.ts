/**
 * Issue 9, "every input file has a bounded cost": the parser on hostile inputs, before and after the
 * bounds, side by side. Each input is a real report (2023-pingtan-shenpiju) with one part made
 * hostile, the shapes the fuzz corpus found. "Before" is the same parser with the three old hot paths
 * put back (row labels matched by JavaScript's RegExp, the digit splits enumerated without pruning,
 * LINE_HEADING's prefix running over blank lines); "after" is the parser as shipped. Each run is a
 * worker thread stopped after CAP_MS.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/parser-bounds.js [--cap-ms 20000]
 */
import fs from "node:fs";
import path from "node:path";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import * as lexicon from "../src/domain/lexicon";
import * as splits from "../src/ingestion/extract/splits";
import { parseText, ParseError, stripFixtureHeader } from "../src/ingestion/parse";
import { cellValues } from "../src/domain/report-json";
import { projectRoot } from "../src/shared/paths";

const BASE = () => stripFixtureHeader(fs.readFileSync(path.join(projectRoot(), "demo", "reports", "2023-pingtan-shenpiju.txt"), "utf8")).body;

/** The hostile inputs: a name, what was done to the report, and the text. */
export const HOSTILE: Array<{ name: string; what: string; text: () => string }> = [
  {
    name: "wrap-gap TABs",
    what: "row label 信访举报投诉类申请 cut after 申, then a line of 40 “39” cells and 10 lines of 700 TABs (fuzz mutant 1923's shape)",
    text: () => BASE().replace("1.信访举报投诉类申请0000000", "1.信访举报投诉类申\n" + "39\t\t\t".repeat(40) + "\n" + ("\t".repeat(700) + "\n").repeat(10)),
  },
  {
    name: "46-digit row",
    what: "section 三 row 本机关不掌握相关政府信息 printed as 46 digits with no cell boundaries (mutant 501's row)",
    text: () => BASE().replace("1.本机关不掌握相关政府信息4000004", "1.本机关不掌握相关政府信息1111111111111111111111111111111111111673001071"),
  },
  {
    name: "124-digit row",
    what: "the same row as 124 digits (more than 7 cells of 15 digits can hold; mutant 1076's row)",
    text: () => BASE().replace("1.本机关不掌握相关政府信息4000004", "1.本机关不掌握相关政府信息" + "6000006101182666447228398575888283961716300153006143119340001".repeat(2) + "12"),
  },
  {
    name: "60-digit section 四 row",
    what: "section 四's row of 15 cells printed as 60 ones",
    text: () => BASE().replace("100010000000101五、", "1".repeat(60) + "五、"),
  },
  {
    name: "20,000 blank lines",
    what: "20,000 empty lines before heading 五 (mutant 2597's shape: megabytes of blank lines)",
    text: () => BASE().replace("五、存在的主要问题", "\n".repeat(20000) + "五、存在的主要问题"),
  },
];

// ------------------------------------------------------------------ the old hot paths ("before")

/** splitDigits as it was: every cut enumerated, pruned only by complete groups. */
function legacySplitDigits(digits: string, n: number, limit = splits.MAX_READINGS, groupSize = 0): number[][] | null {
  if (digits.length < n || !/^\d*$/.test(digits)) return [];
  const out: number[][] = [];
  const parts: number[] = [];
  let overflow = false;
  const rec = (pos: number) => {
    if (overflow) return;
    if (groupSize && parts.length > 0 && parts.length % groupSize === 0) {
      const group = parts.slice(-groupSize);
      if (group.slice(0, -1).reduce((a, b) => a + b, 0) !== group[groupSize - 1]) return;
    }
    const left = n - parts.length;
    if (left === 0) {
      if (pos === digits.length) {
        out.push([...parts]);
        if (out.length > limit) overflow = true;
      }
      return;
    }
    const remaining = digits.length - pos;
    if (remaining < left) return;
    const maxLen = Math.min(remaining - (left - 1), digits[pos] === "0" ? 1 : 15);
    for (let len = 1; len <= maxLen; len++) {
      parts.push(Number(digits.slice(pos, pos + len)));
      rec(pos + len);
      parts.pop();
    }
  };
  rec(0);
  return overflow ? null : out;
}

/** Puts the old hot paths back into this thread's modules. */
function useLegacy(): void {
  (splits as { splitDigits: typeof splits.splitDigits }).splitDigits = legacySplitDigits;
  for (const key of Object.keys(lexicon.APPLICATION_ROW_LABELS)) lexicon.APPLICATION_ROW_LABELS[key] = lexicon.nativeLabel(lexicon.APPLICATION_ROW_LABELS[key].source);
  for (const rows of Object.values(lexicon.PROACTIVE_ROW_LABELS)) rows.forEach((row) => (row[1] = lexicon.nativeLabel(row[1].source)));
  (lexicon as { LINE_HEADING: RegExp }).LINE_HEADING = /^[#\s]*([一二三四五六七八九十]{1,2}\s*[、.．]\s*[^\n\d]{2,40}?)\s*$/gm;
}

// ------------------------------------------------------------------ one run per worker

interface Result {
  ms: number;
  outcome: string;
}

/** What a parse gave: the number of null cells and the first reason, or the ParseError. */
function outcomeOf(text: string): string {
  try {
    const report = parseText(text, "hostile.txt", { agency: "平潭综合实验区行政审批局", year: 2023 });
    const nulls = cellValues(report).filter((c) => c.value === null);
    return nulls.length ? `${nulls.length} null (${String(report.ambiguousCells[nulls[0].cell.path] ?? "").slice(0, 60)})` : "all cells read";
  } catch (e) {
    if (e instanceof ParseError) return `ParseError: ${e.problem.slice(0, 60)}`;
    throw e;
  }
}

if (!isMainThread) {
  const { index, legacy } = workerData as { index: number; legacy: boolean };
  if (legacy) useLegacy();
  const text = HOSTILE[index].text();
  const t0 = performance.now();
  const outcome = outcomeOf(text);
  parentPort!.postMessage({ ms: performance.now() - t0, outcome } satisfies Result);
}

function run(index: number, legacy: boolean, capMs: number): Promise<Result | null> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: { index, legacy } });
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve(null);
    }, capMs);
    worker.once("message", (r: Result) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(r);
    });
    worker.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

async function main(): Promise<void> {
  const capAt = process.argv.indexOf("--cap-ms");
  const capMs = capAt > 0 ? Number(process.argv[capAt + 1]) : 20_000;
  const lines = [
    `Node ${process.version}, each run in a fresh worker thread (cold: about 100 ms of it is start-up and JIT), stopped after ${capMs} ms. Base report: demo/reports/2023-pingtan-shenpiju.txt; its unmodified parse (warm, main thread) is the first row.`,
    "",
    "| input | before (ms) | after (ms) | outcome after | what was done to the report |",
    "|---|---:|---:|---|---|",
  ];
  const rows: Array<{ name: string; what: string; index: number }> = [{ name: "unmodified report", what: "nothing", index: -1 }, ...HOSTILE.map((h, index) => ({ ...h, index }))];
  for (const row of rows) {
    if (row.index < 0) {
      const text = BASE();
      outcomeOf(text); // warm-up: the workers below start cold, this row is the warm reference
      const t0 = performance.now();
      const outcome = outcomeOf(text);
      lines.push(`| ${row.name} | – | ${Math.round(performance.now() - t0)} | ${outcome} | ${row.what} |`);
      continue;
    }
    const before = await run(row.index, true, capMs);
    const after = await run(row.index, false, capMs);
    const ms = (r: Result | null) => (r ? String(Math.round(r.ms)) : `> ${capMs} (stopped)`);
    lines.push(`| ${row.name} | ${ms(before)} | ${ms(after)} | ${after ? after.outcome.replace(/\|/g, "\\|") : "–"} | ${row.what} |`);
  }
  process.stdout.write(lines.join("\n") + "\n");
}

if (isMainThread) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
