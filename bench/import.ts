/**
 * npm run bench:import — report files through the whole import, as `gongkai import <folder>` runs
 * it: read the file and its metadata → decode → parse → rules (R1–R6, T1) → store in one transaction
 * per report with the cross-year rules (X1–X3) and the copied-narrative check (N1) against the
 * agency's stored years. The input is bench/import-corpus.ts (real reports, variants of them,
 * generated report texts). Each run starts from an empty database; serial (--jobs 1) and pooled
 * runs go side by side in one run. Results: reports/s and cells/s (catalogue cells of the stored
 * reports), to bench/results/ as Markdown.
 *
 *   npm run bench:import -- --db sqlite --n 10000 --jobs 1,2
 *   npm run bench:import -- --db mariadb://gongkai:gongkai@127.0.0.1:3306/gongkai_bench --n 10000
 *   npm run bench:import -- --db sqlite,mariadb://… --n 2000 --jobs 2 --corpus mixed,real
 *   npm run bench:import -- --db sqlite,mariadb://… --jobs 2 --group 50,200 --repeat 2
 *
 * --group takes reports per transaction (GONGKAI_IMPORT_GROUP) to compare, default the configured
 * one; --repeat runs the whole set again (A, B, A, B: the machine's drift shows as the spread).
 *
 * --corpus real imports real report texts only (the shipped ones and their variants): their
 * narratives carry ~20 × the search-index rows of a generated report, so they store far slower.
 *
 * A MariaDB/MySQL run uses the database `<name>_import`, dropped and created again for each run.
 */
import "reflect-metadata";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { DbConfig, loadConfig } from "../src/config";
import { openDataSource } from "../src/db/data-source";
import { buildProvince } from "../src/demo/generate";
import { cellsOf } from "../src/domain/cells";
import { importCommand } from "../src/cli/import";
import { RegionService } from "../src/modules/region/region.service";
import { insertRegions } from "../src/store/bulk-writer";
import { projectRoot } from "../src/shared/paths";
import { Corpus, ensureCorpus } from "./import-corpus";
import { databaseUrl, serverDatabase, serverSettings, writeResults } from "./results-file";

type CorpusKind = "mixed" | "real";

export interface ImportRun {
  db: string;
  /** "mixed" (real, variants and generated texts) or "real" (real texts and their variants only). */
  corpus: CorpusKind;
  jobs: number;
  /** Reports per transaction (GONGKAI_IMPORT_GROUP). */
  group: number;
  files: number;
  reports: number;
  revisions: number;
  cells: number;
  findings: number;
  crossYear: number;
  /** Rows of the narrative search index (narrative_token) stored. */
  postings: number;
  rejected: number;
  seconds: number;
  /** CPU seconds of this process (storing; with --jobs 1 reading too). */
  cpuSeconds: number;
  /** CPU seconds of the reader processes (Linux: /proc/self/stat, children reaped). */
  readerCpuSeconds: number | null;
  /** CPU seconds of the database server (a local mariadbd or mysqld, Linux only); null for SQLite or when not found. */
  serverCpuSeconds: number | null;
  load: number;
}

function parseArgs(argv: string[]) {
  const get = (name: string, fallback: string) => {
    const i = argv.indexOf(`--${name}`);
    if (i < 0) return fallback;
    const value = argv[i + 1];
    if (!value || value.startsWith("--")) throw new Error(`--${name} needs a value`);
    return value;
  };
  /** Whole numbers from `min` to `max`, comma-separated. */
  const wholes = (name: string, fallback: string, min: number, max = Number.MAX_SAFE_INTEGER) => get(name, fallback).split(",").map((raw) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} takes whole numbers from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : " up"}, got "${raw}"`);
    return n;
  });
  const whole = (name: string, fallback: string, min: number) => {
    const [n, ...more] = wholes(name, fallback, min);
    if (more.length) throw new Error(`--${name} takes one number, got "${get(name, fallback)}"`);
    return n;
  };
  return {
    dbs: get("db", process.env.BENCH_DATABASE_URL ?? "sqlite").split(","),
    n: whole("n", "10000", 1),
    jobs: wholes("jobs", `1,${Math.max(2, os.availableParallelism())}`, 1),
    // Reports per transaction, within GONGKAI_IMPORT_GROUP's range.
    groups: wholes("group", String(loadConfig().importGroupReports), 1, 1000),
    repeat: whole("repeat", "1", 1),
    corpora: get("corpus", "mixed").split(",").map((c) => {
      if (c !== "mixed" && c !== "real") throw new Error(`--corpus takes mixed, real or both (mixed,real), got "${c}"`);
      return c;
    }),
  };
}

/** An empty database for one run (migrated on open). */
async function freshDatabase(base: string): Promise<DbConfig> {
  if (base === "sqlite") {
    const file = path.join(projectRoot(), "bench", "data", "import.sqlite");
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    return { kind: "sqlite", location: file };
  }
  return serverDatabase(base, "import", true);
}

/** CPU seconds of this process's ended children (Linux only). */
function childrenCpu(): number | null {
  try {
    const fields = fs.readFileSync("/proc/self/stat", "utf8").replace(/^.*\) /, "").split(" ");
    // After the command and state, field 16 (cutime) and 17 (cstime) of proc(5) are at 13 and 14 here.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

/** CPU seconds so far of the local MariaDB/MySQL server (Linux: /proc/<pid>/stat), or null. */
function serverCpu(): number | null {
  try {
    for (const pid of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      if (!/^\d+ \((mariadbd|mysqld)\)/.test(stat)) continue;
      const fields = stat.replace(/^.*\) /, "").split(" ");
      // utime and stime (fields 14 and 15 of proc(5)) are at 11 and 12 here.
      return (Number(fields[11]) + Number(fields[12])) / 100;
    }
  } catch {
    // Not Linux, or no permission: the column says —.
  }
  return null;
}

const sink = () => new Writable({ write: (_c, _e, done) => done() });

/** One import of the corpus folder into an empty database, through the CLI command. */
export async function importOnce(base: string, corpus: Corpus, jobs: number, group = loadConfig().importGroupReports): Promise<ImportRun> {
  const kind: CorpusKind = corpus.generated === 0 && corpus.variants > 0 ? "real" : "mixed";
  const db = await freshDatabase(base);
  const ds = await openDataSource(db);
  try {
    // The national regions, then the generated province's (the generated reports' metadata names them).
    await new RegionService(ds).seed();
    await insertRegions(ds, buildProvince(corpus.shape).regions);
  } finally {
    await ds.destroy();
  }
  const saved = { DATABASE_URL: process.env.DATABASE_URL, GONGKAI_IMPORT_GROUP: process.env.GONGKAI_IMPORT_GROUP };
  process.env.DATABASE_URL = databaseUrl(db);
  process.env.GONGKAI_IMPORT_GROUP = String(group);
  const load = os.loadavg()[0];
  const cpu = process.cpuUsage();
  const children = childrenCpu();
  const server = db.kind === "sqlite" ? null : serverCpu();
  const started = process.hrtime.bigint();
  let code: number;
  try {
    code = await importCommand([corpus.dir, "--jobs", String(jobs)], { stdout: sink(), stderr: sink() });
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  // The readers were killed when the command ended: let them be reaped before reading their CPU time.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const after = childrenCpu();
  const serverAfter = server == null ? null : serverCpu();
  const check = await openDataSource(db);
  try {
    const byFormat: Array<{ format: string; n: unknown }> = await check.query("SELECT format, COUNT(*) AS n FROM report GROUP BY format");
    const cells = byFormat.reduce((s, r) => s + (r.format === "legacy" ? 0 : cellsOf(r.format as "2019" | "2021").length * Number(r.n)), 0);
    const count = async (sql: string) => Number((await check.query(sql))[0].n);
    return {
      db: db.kind, corpus: kind, jobs, group, files: corpus.files,
      reports: await count("SELECT COUNT(*) AS n FROM report WHERE isCurrent = 1"),
      revisions: await count("SELECT COUNT(*) AS n FROM report"),
      cells,
      findings: await count("SELECT COUNT(*) AS n FROM finding"),
      crossYear: await count("SELECT COUNT(*) AS n FROM finding WHERE rule IN ('X1', 'X2', 'X3', 'N1')"),
      postings: await count("SELECT COUNT(*) AS n FROM narrative_token"),
      rejected: code === 0 ? 0 : corpus.files - (await count("SELECT COUNT(*) AS n FROM report")),
      seconds, cpuSeconds: (used.user + used.system) / 1e6, readerCpuSeconds: children == null || after == null ? null : after - children,
      serverCpuSeconds: server == null || serverAfter == null ? null : serverAfter - server, load,
    };
  } finally {
    await check.destroy();
  }
}

export function importTable(runs: ImportRun[]): string[] {
  const fmt = (n: number, d = 0) => n.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
  return [
    "| database | corpus | jobs | group | files | reports stored (revisions) | findings (X1–X3, N1) | search postings a report | seconds | reports/s | cells/s | writer CPU ms/report | reader CPU ms/report | database server CPU ms/report | CPU-bound reports/s on 2 free cores | load avg at start |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...runs.map((r) => {
      const writer = (r.cpuSeconds * 1000) / r.revisions;
      const reader = r.readerCpuSeconds == null ? null : (r.readerCpuSeconds * 1000) / r.revisions;
      const server = r.serverCpuSeconds == null ? null : (r.serverCpuSeconds * 1000) / r.revisions;
      // The writer is one thread and waits for each statement, so the server's time is on its path;
      // readers, writer and a local database server together share the two cores.
      const critical = writer + (server ?? 0);
      const bound = reader == null ? null : 1000 / Math.max(critical, (critical + reader) / (r.jobs === 1 ? 1 : 2));
      return `| ${r.db} | ${r.corpus} | ${r.jobs} | ${r.group} | ${fmt(r.files)} | ${fmt(r.reports)} (${fmt(r.revisions)}) | ${fmt(r.findings)} (${fmt(r.crossYear)}) | ${fmt(r.postings / Math.max(1, r.reports))} | ${fmt(r.seconds, 1)} | ${fmt(r.revisions / r.seconds)} | ${fmt(r.cells / r.seconds)} | ${fmt(writer, 1)} | ${reader == null ? "—" : fmt(reader, 1)} | ${server == null ? "—" : fmt(server, 1)} | ${bound == null ? "—" : fmt(bound)} | ${fmt(r.load, 1)} |`;
    }),
  ];
}

/** The import section of a results file: the corpora, then one row per corpus × database × jobs × group, `repeat` times over. */
export async function importSection(dbs: string[], n: number, jobs: number[], log: (s: string) => void = () => undefined, corpora: CorpusKind[] = ["mixed"], groups: number[] = [loadConfig().importGroupReports], repeat = 1): Promise<string[]> {
  const runs: ImportRun[] = [];
  const described: string[] = [];
  for (const kind of corpora) {
    const corpus = ensureCorpus(n, { realOnly: kind === "real" });
    described.push(kind === "real"
      ? `- real (\`--corpus real\`): ${corpus.files.toLocaleString("en-US")} files, ${(corpus.bytes / 1e6).toFixed(1)} MB — ${corpus.real} real reports as published and ${corpus.variants.toLocaleString("en-US")} variants of the real text reports (agency renamed), no generated text: what a crawl of published reports stores.`
      : `- mixed (\`--corpus mixed\`, the default): ${corpus.files.toLocaleString("en-US")} files, ${(corpus.bytes / 1e6).toFixed(1)} MB — ${corpus.real} real reports as published (text, HTML, PDF), ` +
        `${corpus.variants.toLocaleString("en-US")} variants of the real text reports (agency renamed), ${corpus.generated.toLocaleString("en-US")} generated reports rendered to text (7 years per agency, with metadata files).`);
    for (let round = 0; round < repeat; round++) {
      for (const db of dbs) {
        for (const j of jobs) {
          for (const g of groups) {
            log(`import: ${kind} corpus, ${db === "sqlite" ? "sqlite" : "mariadb/mysql"}, ${corpus.files} files, --jobs ${j}, ${g} reports per transaction …\n`);
            const run = await importOnce(db, corpus, j, g);
            log(`  ${(run.revisions / run.seconds).toFixed(0)} reports/s\n`);
            runs.push(run);
          }
        }
      }
    }
  }
  return [
    "## Import through the full pipeline",
    "",
    "Input (bench/import-corpus.ts):",
    "",
    ...described,
    "",
    "Each run: an empty database, then `gongkai import <folder> --jobs N` (decode → parse → rules → store, cross-year rules and N1 included). " +
      "With --jobs 1 this process reads and stores; with N > 1, N sandboxed reader processes read ahead while this process stores in input order. " +
      "Group: reports stored per transaction at most (GONGKAI_IMPORT_GROUP; a group is also stored a second after the last commit, when it would take about a second to store at the pace measured so far, or before a report whose reading asks the stored reports for evidence). " +
      `SQLite: the import's page cache is ${loadConfig().importCacheMb} MB (GONGKAI_IMPORT_CACHE_MB).`,
    "“Search postings a report”: rows of the narrative search index (one per distinct character bigram of each narrative section), the largest part of what a report stores.",
    "CPU columns: CPU time of this process (the writer; with --jobs 1 it reads too) and of the reader processes, per stored report. " +
      "The database server's column is a local MariaDB/MySQL server's own CPU time over the run (SQLite runs inside the writer). " +
      "“CPU-bound reports/s” is what those CPU costs allow when the two cores are free: 1000 ÷ max(writer + server, (writer + server + readers) ÷ 2) (the writer waits for each statement).",
    "",
    ...importTable(runs),
    "",
  ];
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const lines = [
    `# gongkai import benchmark — ${new Date().toISOString().slice(0, 10)}`,
    "",
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; Node ${process.version}. ` +
      "The machine is shared: the load average at the start of each run is in the table.",
    ...(await Promise.all(args.dbs.map(serverSettings))).filter((l): l is string => !!l),
    "",
    ...(await importSection(args.dbs, args.n, args.jobs, (s) => process.stderr.write(s), args.corpora, args.groups, args.repeat)),
  ];
  const dir = path.join(projectRoot(), "bench", "results");
  fs.mkdirSync(dir, { recursive: true });
  const kinds = args.dbs.map((d) => (d === "sqlite" ? "sqlite" : "mariadb")).join("-");
  const corpora = args.corpora.includes("real") ? `-${args.corpora.join("-")}` : "";
  const file = path.join(dir, `${new Date().toISOString().slice(0, 10)}-import-${kinds}${corpora}-${args.n >= 1000 ? `${args.n / 1000}k` : args.n}.md`);
  const written = writeResults(file, lines.join("\n") + "\n");
  process.stdout.write(lines.join("\n") + "\n");
  process.stderr.write(`written to ${path.relative(projectRoot(), written)}\n`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
