import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DataSource } from "typeorm";
import { openDataSource } from "../../src/db/data-source";
import { parseDatabaseUrl } from "../../src/config";
import { SummaryLedger } from "../../src/store/summary-ledger";
import { retryTransient } from "../../src/store/keys";

/**
 * `gongkai import` of a folder of reports killed with SIGKILL, on SQLite and on MariaDB/MySQL
 * (TEST_MYSQL_URL): once right after each step of an import's second report (injected by writers-kill.hook.js:
 * decode, parse, rules, report row, source, figures, findings, summaries, narratives, events,
 * commit), then KILL_RUNS times (default 50) at random moments of the import. After every kill the
 * database holds no partial report (each stored report has its source, figures, findings, narrative
 * and event exactly as an uninterrupted import stores them) and its summaries equal a rebuild (NULL
 * and 0 alike); a run that goes to the end leaves exactly what one uninterrupted import leaves,
 * cross-year findings included. `.ci/run`'s Node 22 and Node 24 re-runs set KILL_RUNS=5 (the main
 * run on the machine's Node does the 50). The kills and the time they took are printed.
 */
const ROOT = path.join(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "gongkai");
const HOOK = path.join(__dirname, "writers-kill.hook.js");
const KILL_RUNS = Number(process.env.KILL_RUNS ?? 50);
const STEPS = ["decode", "parse", "rules", "report", "source", "figures", "findings", "summaries", "narratives", "events", "commit"];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gongkai-kill-"));
/** The shipped text reports (nine, 2019–2023): the import being killed. */
const FOLDER = path.join(dir, "reports");

interface Target {
  name: string;
  url: string;
  open(): Promise<DataSource>;
}

function targets(): Target[] {
  const file = path.join(dir, "killed.sqlite");
  const out: Target[] = [{ name: "sqlite", url: `sqlite:${file}`, open: () => openDataSource({ kind: "sqlite", location: file }) }];
  const url = process.env.TEST_MYSQL_URL;
  if (url) out.push({ name: url.split(":")[0], url, open: () => openDataSource(parseDatabaseUrl(url), { dropSchema: true }) });
  return out;
}

interface Run {
  /** Killed (by the test or by the hook), or ran to its end. */
  killed: boolean;
  /** From the first file's decoding to the end, in ms (null when it never got there). */
  importMs: number | null;
}

/** One `gongkai import`; `killAfterMs` kills it that long after it starts on the first file. */
function importRun(url: string, opts: { step?: string; killAfterMs?: number } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    // The step kills count one commit per report (no SQLite group commit, whose commits follow the
    // clock); the random kills run the import as it ships, groups included.
    const env = { ...process.env, DATABASE_URL: url, GONGKAI_LOAD_DEMO: "false", USER: "test", GONGKAI_KILL_AT: opts.step ?? "", ...(opts.step ? { GONGKAI_IMPORT_GROUP: "1" } : {}) };
    const child = spawn(process.execPath, ["-r", HOOK, BIN, "import", FOLDER], { env, stdio: ["ignore", "ignore", "pipe"] });
    let ready: number | null = null;
    let timer: NodeJS.Timeout | undefined;
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
      if (ready === null && stderr.includes("gk-kill:ready")) {
        ready = Date.now();
        if (opts.killAfterMs !== undefined) timer = setTimeout(() => child.kill("SIGKILL"), opts.killAfterMs);
      }
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (signal === "SIGKILL") return resolve({ killed: true, importMs: null });
      if (code !== 0) return reject(new Error(`gongkai import exited ${code}: ${stderr}`));
      resolve({ killed: false, importMs: ready === null ? null : Date.now() - ready });
    });
  });
}

const sorted = async (ds: DataSource, sql: string) => (await ds.query(sql)).map((r: object) => JSON.stringify(r)).sort();

/** What an import leaves, by name (ids differ from run to run). */
async function contents(ds: DataSource) {
  return {
    agencies: await sorted(ds, "SELECT name, regionCode, kind, nameKey FROM agency"),
    reports: await sorted(ds, "SELECT a.name, r.year, r.revision, r.isCurrent, r.currentKey IS NOT NULL AS keyed, r.checksum FROM report r JOIN agency a ON a.id = r.agencyId"),
    findings: await sorted(ds, "SELECT a.name, r.year, f.rule, f.path, f.printed, f.computed FROM finding f JOIN report r ON r.id = f.reportId JOIN agency a ON a.id = r.agencyId"),
    summaries: await summaries(ds),
    events: await sorted(ds, "SELECT a.name, e.year, e.revision, e.kind FROM report_event e JOIN agency a ON a.id = e.agencyId"),
  };
}

const summaries = (ds: DataSource) => sorted(ds, "SELECT * FROM stat_summary");

/** Each stored report as a whole: its row, source, figures, own findings (not X1–X3: they depend on the neighbours present), narrative and event. */
async function reportsWhole(ds: DataSource) {
  const rows: Array<Record<string, unknown>> = await ds.query(`
    SELECT a.name, r.year, r.revision, r.checksum,
      (SELECT COUNT(*) FROM report_source s WHERE s.reportId = r.id) AS sources,
      (SELECT COUNT(*) FROM report_figures f WHERE f.reportId = r.id) AS figures,
      (SELECT COUNT(*) FROM finding f WHERE f.reportId = r.id AND f.rule NOT IN ('X1', 'X2', 'X3')) AS findings,
      (SELECT COUNT(*) FROM narrative_section n WHERE n.reportId = r.id) AS sections,
      (SELECT COUNT(*) FROM report_event e WHERE e.reportId = r.id) AS events
    FROM report r JOIN agency a ON a.id = r.agencyId`);
  return new Map(rows.map((r) => [`${r.name} ${r.year} ${r.checksum}`, JSON.stringify(Object.values(r).map(String))]));
}

/** The summary rows a rebuild would write, read inside a transaction that is rolled back. */
async function rebuilt(ds: DataSource): Promise<string[]> {
  const runner = ds.createQueryRunner();
  await runner.startTransaction();
  try {
    await new SummaryLedger(runner.manager).rebuild();
    return (await runner.query("SELECT * FROM stat_summary")).map((r: object) => JSON.stringify(r)).sort();
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

/** Empties what an import writes (regions and migrations stay). */
async function reset(ds: DataSource): Promise<void> {
  const mysql = ds.options.type !== "better-sqlite3";
  const tables: string[] = mysql
    ? (await ds.query("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE()")).map((r: { t: string }) => r.t)
    : (await ds.query("SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).map((r: { t: string }) => r.t);
  const runner = ds.createQueryRunner();
  try {
    await runner.query(mysql ? "SET FOREIGN_KEY_CHECKS = 0" : "PRAGMA foreign_keys = OFF");
    for (const t of tables.filter((t) => !/^(migrations|region|typeorm_metadata)$/i.test(t))) await runner.query(`DELETE FROM ${mysql ? `\`${t}\`` : `"${t}"`}`);
    await runner.query(mysql ? "SET FOREIGN_KEY_CHECKS = 1" : "PRAGMA foreign_keys = ON");
  } finally {
    await runner.release();
  }
}

describe("an import killed with SIGKILL", () => {
  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, "dist", "src", "cli", "index.js"))) execFileSync("npx", ["tsc", "-p", "tsconfig.json"], { cwd: ROOT });
    fs.mkdirSync(FOLDER);
    for (const f of fs.readdirSync(path.join(ROOT, "demo", "reports")).filter((f) => /\.(txt|meta\.json)$/.test(f))) fs.copyFileSync(path.join(ROOT, "demo", "reports", f), path.join(FOLDER, f));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(targets().map((t) => [t.name, t] as const))("on %s: no partial report, summaries equal to a rebuild after every kill, and the next run completes it", async (_name, target) => {
    const started = Date.now();
    const ds = await target.open();
    try {
      // What one uninterrupted import leaves, and how long it takes.
      await reset(ds);
      const reference = await importRun(target.url);
      const expected = await contents(ds);
      const whole = await reportsWhole(ds);
      expect(expected.reports.length).toBeGreaterThan(5);
      expect(expected.findings.length).toBeGreaterThan(0);
      const importMs = reference.importMs!;

      let kills = 0;
      let completed = 0;
      const afterKill = async (what: string) => {
        kills++;
        const now = await reportsWhole(ds);
        for (const [key, value] of now) expect({ what, key, report: value }).toEqual({ what, key, report: whole.get(key) });
        // The server may still be rolling back the killed writer's transaction: a rebuild that meets
        // its locks can be chosen as a deadlock victim, and is run again as a writer's would be.
        expect({ what, summaries: await summaries(ds) }).toEqual({ what, summaries: await retryTransient(() => rebuilt(ds)) });
      };
      const afterEnd = async (what: string) => {
        completed++;
        expect({ what, contents: await contents(ds) }).toEqual({ what, contents: expected });
        await reset(ds);
      };

      // One kill right after each step of the second report (the first is stored whole before it).
      for (const step of STEPS) {
        await reset(ds);
        const run = await importRun(target.url, { step: `${step}:2` });
        expect({ step, killed: run.killed }).toEqual({ step, killed: true });
        await afterKill(`after ${step}`);
      }
      await importRun(target.url);
      await afterEnd("the run after the step kills");

      // Random moments of the import; a run the kill did not reach must leave the whole import.
      let random = 0;
      while (random < KILL_RUNS) {
        const at = Math.floor(Math.random() * importMs);
        const run = await importRun(target.url, { killAfterMs: at });
        if (run.killed) {
          random++;
          await afterKill(`random kill ${random} at ${at} ms`);
        } else await afterEnd(`the run after random kill ${random}`);
      }
      await importRun(target.url);
      await afterEnd("the last run");
      process.stderr.write(`[writers-kill] ${target.name}: ${kills} kills (${STEPS.length} at step boundaries, ${KILL_RUNS} random), ${completed} completed runs, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    } finally {
      await ds.destroy();
    }
  }, 900_000);
});
