/**
 * npm run bench — throughput and p50/p99 latency of each statistics query through the real HTTP
 * server (a child process, so its RSS is its own), side by side in one run with (a) `{ __typename }`
 * through the same server and (b) the same answer from hand-written SQL sent straight to the
 * database. Also: SQL statements per request. Results go to bench/results/ as Markdown.
 *
 *   npm run bench -- --db mariadb://gongkai:gongkai@127.0.0.1:3306/gongkai_bench --sizes 10k,100k
 *   npm run bench -- --db sqlite --sizes 10k          (SQLite files under bench/data/)
 *   … --sizes 10k,100k,1m --scan false --rounds 30     (skip the old full-scan SQL; interleaved rounds)
 *
 * The run starts with the import through the full pipeline (bench/import.ts: `--import` files,
 * default 10000, with --jobs 2, on SQLite and on the --db server; `--import 0` leaves it out), before
 * any province is loaded, so that one results file holds every line of the scaling targets.
 *
 * With several MariaDB sizes the run ends with the interleaved in-process measurement
 * (bench/interleaved.ts): every query and its floor SQL against every size in the same rounds, so
 * growth and ratios are not skewed by the machine's load drifting between the sequential parts.
 *
 * Each size gets its own database (`<name>_<size>`, or bench/data/<size>.sqlite), generated once
 * and reused by later runs.
 */
import "reflect-metadata";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import http from "node:http";
import { spawn, ChildProcess } from "node:child_process";
import { openDataSource } from "../src/db/data-source";
import { DbConfig, loadConfig } from "../src/config";
import { createApp, internalContext } from "../src/server";
import { buildProvince, SIZES } from "../src/demo/generate";
import { importSection } from "./import";
import { postGraphql } from "./http";
import { loadProvince } from "./load";
import { limitsSectionFor } from "./limits";
import { Case, cases } from "./cases";
import { interleavedSection } from "./interleaved";
import { projectRoot as root } from "../src/shared/paths";
import { databaseUrl, freePages, serverDatabase, serverSettings, writeResults } from "./results-file";

interface Args {
  db: string;
  sizes: string[];
  seconds: number;
  concurrency: number;
  /** Rounds of the interleaved in-process measurement (several MariaDB sizes). */
  rounds: number;
  /** Whether to time the old scan SQL (a scan of every report: 10–25 s a statement at 1M). */
  scan: boolean;
  /** Files of the import measured first, before any province is loaded (0: none). */
  importFiles: number;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string, fallback: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
  };
  const importFiles = Number(get("import", "10000"));
  if (!Number.isInteger(importFiles) || importFiles < 0) throw new Error(`--import takes a whole number of files (0: none), got ${get("import", "")}`);
  // Checked before anything runs: the import comes first, and a results file is written after it.
  const sizes = get("sizes", "10k").split(",");
  const unknown = sizes.filter((s) => !SIZES[s]);
  if (unknown.length) throw new Error(`--sizes: unknown size ${unknown.join(", ")} (known: ${Object.keys(SIZES).join(", ")})`);
  return {
    db: get("db", process.env.BENCH_DATABASE_URL ?? "sqlite"),
    sizes,
    seconds: Number(get("seconds", "5")),
    concurrency: Number(get("concurrency", "8")),
    rounds: Number(get("rounds", "30")),
    scan: get("scan", "true") !== "false",
    importFiles,
  };
}

const projectRoot = root();

async function databaseFor(base: string, size: string): Promise<DbConfig> {
  if (base === "sqlite") {
    fs.mkdirSync(path.join(projectRoot, "bench", "data"), { recursive: true });
    return { kind: "sqlite", location: path.join(projectRoot, "bench", "data", `${size}.sqlite`) };
  }
  return serverDatabase(base, size);
}

async function ensureData(db: DbConfig, size: string): Promise<{ reports: number; loadSeconds: number | null }> {
  const ds = await openDataSource(db);
  try {
    const n = Number((await ds.query("SELECT COUNT(*) AS n FROM report"))[0].n);
    if (n > 0) return { reports: n, loadSeconds: null };
    process.stderr.write(`generating ${size} …\n`);
    const stats = await loadProvince(ds, buildProvince(SIZES[size]), (k) => {
      if (k % 10000 === 0) process.stderr.write(`  ${k} reports\n`);
    });
    return { reports: stats.reports, loadSeconds: stats.seconds };
  } finally {
    await ds.destroy();
  }
}

// ---------------------------------------------------------------- measuring

interface Measured {
  requests: number;
  seconds: number;
  p50: number;
  p99: number;
  rps: number;
}

function summarize(latencies: number[], seconds: number): Measured {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { requests: latencies.length, seconds, p50: at(0.5), p99: at(0.99), rps: latencies.length / seconds };
}

/** A closed loop: `concurrency` workers, each sending its next request when the last returns. */
async function closedLoop(seconds: number, concurrency: number, once: () => Promise<void>): Promise<Measured> {
  const latencies: number[] = [];
  const end = Date.now() + seconds * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (Date.now() < end) {
      const t = process.hrtime.bigint();
      await once();
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }));
  return summarize(latencies, Number(process.hrtime.bigint() - started) / 1e9);
}

/** Children stopped on purpose (their exit is not news). */
const stopping = new Set<ChildProcess>();

function stop(child: ChildProcess): void {
  stopping.add(child);
  child.kill("SIGTERM");
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

async function post(port: number, body: string): Promise<void> {
  await postGraphql(agent, port, body);
}

async function startChild(db: DbConfig, cache: boolean, env: Record<string, string> = {}): Promise<{ child: ChildProcess; port: number }> {
  const port = 4700 + Math.floor(Math.random() * 200);
  const child = spawn(process.execPath, [path.join(projectRoot, "bin", "gongkai"), "serve"], {
    env: { ...process.env, DATABASE_URL: databaseUrl(db), PORT: String(port), GONGKAI_LOAD_DEMO: "false", NODE_ENV: "production", GONGKAI_MAX_COST: "1000000", GONGKAI_RATE_LIMIT_COST: "1000000000", GONGKAI_RESPONSE_CACHE: String(cache), ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("server did not start in 60 s")), 60000);
    child.stdout.on("data", (d) => {
      if (String(d).includes("GraphQL and GraphiQL at")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  child.on("exit", (code, signal) => {
    if (!stopping.has(child)) process.stderr.write(`server ${child.pid} exited (code ${code}, signal ${signal})\n`);
  });
  return { child, port };
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** SQL statements one request issues, counted in-process on the same database. */
async function statementsPerRequest(db: DbConfig, c: Case): Promise<number> {
  let count = 0;
  let on = false;
  const logger = { logQuery: () => void (on && count++), logQueryError() {}, logQuerySlow() {}, logSchemaBuild() {}, logMigration() {}, log() {} };
  const ds = await openDataSource(db, { logger });
  try {
    const config = loadConfig({ NODE_ENV: "production", GONGKAI_MAX_COST: "1000000", GONGKAI_RESPONSE_CACHE: "false" });
    const { apollo } = await createApp(ds, config);
    on = true;
    const res = await apollo.executeOperation({ query: c.query, variables: c.variables }, { contextValue: internalContext(ds, config) });
    on = false;
    if (res.body.kind === "single" && res.body.singleResult.errors) throw new Error(JSON.stringify(res.body.singleResult.errors));
    await apollo.stop();
    return count;
  } finally {
    await ds.destroy();
  }
}

/** A direct client for the hand-written SQL baseline. */
async function directClient(db: DbConfig, concurrency: number): Promise<{ run(sql: string, params: unknown[]): Promise<unknown>; close(): Promise<void> }> {
  if (db.kind === "sqlite") {
    const Database = (await import("better-sqlite3")).default;
    const conn = new Database(db.location, { readonly: true });
    return { run: async (sql, params) => conn.prepare(sql).all(...(params as any[])), close: async () => void conn.close() };
  }
  const mysql = await import("mysql2/promise");
  const pool = mysql.createPool({ uri: db.location, connectionLimit: concurrency });
  return { run: (sql, params) => pool.query(sql, params), close: () => pool.end() };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const lines: string[] = [];
  const date = new Date().toISOString();
  const cpu = os.cpus()[0]?.model ?? "unknown";
  lines.push(`# gongkai benchmark — ${date.slice(0, 10)}`, "",
    `Machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}; Node ${process.version}.`,
    `Database: ${args.db === "sqlite" ? "SQLite (better-sqlite3)" : args.db.replace(/\/\/[^@]*@/, "//…@")}. Closed loop, ${args.concurrency} concurrent clients, ${args.seconds} s per query.`,
    `Load average at the start: ${os.loadavg().map((l) => l.toFixed(1)).join(", ")} (1, 5, 15 min; 2 cores; other sessions' tests and CI share the machine).`,
    ...[await serverSettings(args.db)].filter((l): l is string => !!l),
    "Ratios are measured in this run: GraphQL throughput ÷ `{ __typename }` throughput through the same server, and GraphQL p50 ÷ hand-written SQL p50 (mysql2 or better-sqlite3 directly, same answer).", "");
  const dir = path.join(projectRoot, "bench", "results");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${date.slice(0, 10)}-${args.db === "sqlite" ? "sqlite" : "mariadb"}-${args.sizes.join("-")}.md`);
  const written = writeResults(file, lines.join("\n") + "\n");
  // First, before any province is loaded or measured: the import through the full pipeline (SQLite,
  // and the --db server when it is one). An import run after the 1M bench measured the server
  // evicting the province's pages from a full buffer pool at every new page (143–155 reports/s
  // against 179–198 with room, docs/scaling.md); a production server is sized for its data plus the
  // import's working set. Coming first gives it an empty pool only on a server started for the run:
  // one that already served the provinces still holds their pages, so the pool's free pages are
  // noted beside it. An import that fails is a line of the file, and the queries are measured all
  // the same.
  if (args.importFiles > 0) {
    try {
      if (args.db !== "sqlite") lines.push(`Before the import: ${await freePages(args.db)}`, "");
      lines.push(...await importSection(args.db === "sqlite" ? ["sqlite"] : ["sqlite", args.db], args.importFiles, [2], (s) => process.stderr.write(s)));
    } catch (e) {
      lines.push("## Import through the full pipeline", "", `Failed: ${(e as Error).message.split("\n")[0]}`, "");
    }
    fs.writeFileSync(written, lines.join("\n") + "\n");
  }
  const p50s: Record<string, Record<string, number>> = {};
  const cacheRatios: Record<string, { cached: number; typename: number }> = {};
  // Load every size first, so that no measurement runs while the database still digests a bulk load.
  const prepared: Array<{ size: string; db: DbConfig; data: { reports: number; loadSeconds: number | null } }> = [];
  for (const size of args.sizes) {
    const db = await databaseFor(args.db, size);
    prepared.push({ size, db, data: await ensureData(db, size) });
  }
  // A bulk load or the import's 10,000 reports leave the server writing pages and purging for a while.
  if (args.importFiles > 0 || prepared.some((p) => p.data.loadSeconds != null)) await new Promise((r) => setTimeout(r, 30000));
  for (const { size, db, data } of prepared) {
    const inspect = await openDataSource(db);
    const list = await cases(inspect);
    await inspect.destroy();
    const direct = await directClient(db, args.concurrency);
    lines.push(`## ${size}: ${data.reports.toLocaleString("en")} reports${data.loadSeconds != null ? ` (generated and loaded in ${data.loadSeconds.toFixed(0)} s)` : ""}`, "",
      "Response cache off (every request computes its answer).", "",
      "| query | req/s | p50 ms | p99 ms | × `{ __typename }` req/s | old scan SQL p50 ms | floor SQL p50 ms | × floor p50 | SQL statements |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    let typenameRps = 0;
    p50s[size] = {};
    let { child, port } = await startChild(db, false);
    try {
      for (const c of list) {
        const body = JSON.stringify({ query: c.query, variables: c.variables });
        const measure = async () => {
          for (let i = 0; i < 3; i++) await post(port, body); // warm-up
          return closedLoop(args.seconds, args.concurrency, () => post(port, body));
        };
        let gql: Measured;
        try {
          gql = await measure();
        } catch (e) {
          // A server that died (killed from outside on a shared machine) is started again, once per case.
          process.stderr.write(`${c.name}: ${(e as Error).message}; restarting the server and measuring again\n`);
          stop(child);
          ({ child, port } = await startChild(db, false));
          gql = await measure();
        }
        const floorSql = c.floor ?? c.sql;
        const floor = await closedLoop(Math.max(1, args.seconds / 2), args.concurrency, async () => {
          for (const s of floorSql) await direct.run(s.sql, s.params);
        });
        const hand = !c.floor ? floor : args.scan ? await closedLoop(Math.max(1, args.seconds / 2), args.concurrency, async () => {
          for (const s of c.sql) await direct.run(s.sql, s.params);
        }) : null;
        const statements = c.name === "{ __typename }" ? 0 : await statementsPerRequest(db, c);
        if (c.name === "{ __typename }") typenameRps = gql.rps;
        p50s[size][c.name] = gql.p50;
        const scanP50 = hand ? hand.p50.toFixed(2) : "not run";
        lines.push(`| ${c.name} | ${gql.rps.toFixed(0)} | ${gql.p50.toFixed(2)} | ${gql.p99.toFixed(2)} | ${(gql.rps / typenameRps).toFixed(2)} | ${scanP50} | ${floor.p50.toFixed(2)} | ${(gql.p50 / floor.p50).toFixed(2)} | ${statements} |`);
        process.stderr.write(`${size} ${c.name}: ${gql.rps.toFixed(0)} req/s p50 ${gql.p50.toFixed(2)} ms (old scan ${scanP50} ms, floor ${floor.p50.toFixed(2)} ms)\n`);
      }
      lines.push("", `Server RSS after the run: ${rssMb(child.pid!).toFixed(0)} MB (peak ${peakRssMb(child.pid!).toFixed(0)} MB).`, "");
      stop(child);
      // The same server with the response cache on (memory): the hot path of repeated dashboard questions.
      ({ child, port } = await startChild(db, true));
      lines.push("Response cache on (in memory; every request still reads the data version):", "", "| query | req/s | p50 ms | p99 ms | × `{ __typename }` req/s |", "|---|---:|---:|---:|---:|");
      let cachedTypename = 0;
      for (const c of list.filter((x) => x.name === "{ __typename }" || x.name.startsWith("regionStatistics (") || x.name.startsWith("ranking (") || x.name.startsWith("compareAgencies"))) {
        const body = JSON.stringify({ query: c.query, variables: c.variables });
        for (let i = 0; i < 3; i++) await post(port, body);
        const gql = await closedLoop(args.seconds, args.concurrency, () => post(port, body));
        if (c.name === "{ __typename }") cachedTypename = gql.rps;
        if (c.name.startsWith("regionStatistics (")) cacheRatios[size] = { cached: gql.rps, typename: cachedTypename };
        lines.push(`| ${c.name} | ${gql.rps.toFixed(0)} | ${gql.p50.toFixed(2)} | ${gql.p99.toFixed(2)} | ${(gql.rps / cachedTypename).toFixed(2)} |`);
        process.stderr.write(`${size} cached ${c.name}: ${gql.rps.toFixed(0)} req/s p50 ${gql.p50.toFixed(2)} ms\n`);
      }
      lines.push("", `Server RSS after the cached run: ${rssMb(child.pid!).toFixed(0)} MB (peak ${peakRssMb(child.pid!).toFixed(0)} MB).`, "");
      stop(child);
      // The uncached path without compiled execution (GONGKAI_GRAPHQL_JIT=false): what graphql-jit saves.
      ({ child, port } = await startChild(db, false, { GONGKAI_GRAPHQL_JIT: "false" }));
      lines.push("Response cache off, compiled execution off (graphql-js's executor, as before graphql/jit.ts):", "", "| query | req/s | p50 ms | p99 ms |", "|---|---:|---:|---:|");
      for (const c of list.filter((x) => x.name.startsWith("regionStatistics (") || x.name.startsWith("compareAgencies") || x.name.startsWith("ranking ("))) {
        const body = JSON.stringify({ query: c.query, variables: c.variables });
        for (let i = 0; i < 3; i++) await post(port, body);
        const gql = await closedLoop(args.seconds, args.concurrency, () => post(port, body));
        lines.push(`| ${c.name} | ${gql.rps.toFixed(0)} | ${gql.p50.toFixed(2)} | ${gql.p99.toFixed(2)} |`);
        process.stderr.write(`${size} no-jit ${c.name}: ${gql.rps.toFixed(0)} req/s p50 ${gql.p50.toFixed(2)} ms\n`);
      }
      lines.push("", `Load average after ${size}: ${os.loadavg().map((l) => l.toFixed(1)).join(", ")} (1, 5, 15 min; 2 cores).`, "");
    } finally {
      stop(child);
      await direct.close();
    }
  }
  lines.push(await limitsSectionFor(prepared[0].db)); // harden: the query limits' cost (bench/limits.ts)
  if (args.sizes.length > 1) {
    const [small, large] = [args.sizes[0], args.sizes[args.sizes.length - 1]];
    const base = p50s[large]["regionStatistics (province, 2023)"];
    lines.push(`## Growth through HTTP, sequential: p50 at ${large} ÷ p50 at ${small} (target ≤ 1.5), and p50 at ${large} ÷ regionStatistics p50 (target ≤ 5)`, "",
      "Each size measured minutes after the other: the machine's load between them moves these; the interleaved section below does not.", "",
      `| query | p50 ${small} ms | p50 ${large} ms | growth | ÷ regionStatistics at ${large} |`, "|---|---:|---:|---:|---:|");
    for (const name of Object.keys(p50s[small])) {
      lines.push(`| ${name} | ${p50s[small][name].toFixed(2)} | ${p50s[large][name].toFixed(2)} | ${(p50s[large][name] / p50s[small][name]).toFixed(2)} | ${(p50s[large][name] / base).toFixed(2)} |`);
    }
    lines.push("");
  }
  if (args.sizes.length > 1 && args.db !== "sqlite") lines.push(...await interleavedSection(prepared, args.rounds));
  lines.push("## regionStatistics throughput ÷ `{ __typename }` (target ≥ 0.5), response cache on", "", "| size | ratio |", "|---|---:|");
  for (const [size, r] of Object.entries(cacheRatios)) lines.push(`| ${size} | ${(r.cached / r.typename).toFixed(2)} |`);
  lines.push("");
  fs.writeFileSync(written, lines.join("\n") + "\n");
  console.log(lines.join("\n"));
  console.log(`\nwritten to ${path.relative(process.cwd(), written)}`);
  agent.destroy();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
