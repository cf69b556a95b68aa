/**
 * Export benchmarks on a generated province:
 *  - bulk CSV (and XLSX) of every current report, streamed to a sink that only counts bytes: rows/s,
 *    time to the first byte, and the process's peak RSS (the export runs in this process alone);
 *  - one region-year 汇总 draft as XLSX against the `regionStatistics` query it is built from.
 *
 *   node dist/bench/export.js --db sqlite --size 10k
 *   node dist/bench/export.js --db mariadb://gongkai:gongkai@127.0.0.1:3306/gongkai_bench --size 100k
 * Databases: bench/data/<size>.sqlite or `<name>_<size>`, generated once (as npm run bench does).
 */
import { internalContext } from "../src/graphql/security/internal-context";
import "reflect-metadata";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import type { DataSource } from "typeorm";
import { openDataSource } from "../src/db/data-source";
import { DbConfig, loadConfig } from "../src/config";
import { RegionStatisticsResolver } from "../src/modules/statistics/region-statistics.resolver";
import { writeBulkCsv, writeBulkXlsx } from "../src/export/bulk";
import { CELLS } from "../src/domain/cells";
import { regionDocument } from "../src/render/sources";
import { renderXlsx } from "../src/render/xlsx";
import { renderHtml } from "../src/render/html";
import { renderCsv } from "../src/render/csv";
import { createApp } from "../src/server";
import { projectRoot } from "../src/shared/paths";
import { buildProvince, SIZES } from "../src/demo/generate";
import { loadProvince } from "../src/demo/load-province";
import { serverDatabase, writeResults } from "./results-file";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function database(base: string, size: string): Promise<DbConfig> {
  if (base === "sqlite") {
    fs.mkdirSync(path.join(projectRoot(), "bench", "data"), { recursive: true });
    return { kind: "sqlite", location: path.join(projectRoot(), "bench", "data", `${size}.sqlite`) };
  }
  return serverDatabase(base, size);
}

/** A sink that counts bytes and notes when the first one came; with a rate, it takes bytes no faster (a slow client). */
class Counter extends Writable {
  bytes = 0;
  firstByteAt: number | null = null;
  private startedAt = 0;
  constructor(private readonly bytesPerSecond = Infinity) {
    super({ highWaterMark: 64 * 1024 });
  }
  _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    if (this.firstByteAt == null) this.firstByteAt = this.startedAt = performance.now();
    this.bytes += chunk.length;
    const due = this.startedAt + (this.bytes / this.bytesPerSecond) * 1000 - performance.now();
    if (due > 1) setTimeout(done, due);
    else done();
  }
}

/** The GraphQL selection of every cell under a section (from the cell catalogue). */
function selection(section: "applications" | "reviewLitigation"): string {
  const tree: Record<string, any> = {};
  for (const c of CELLS) {
    if (c.section !== section) continue;
    let node = tree;
    for (const key of c.path.split(".").slice(1)) node = node[key] ??= {};
  }
  const print = (n: Record<string, any>): string => Object.entries(n).map(([k, v]) => (Object.keys(v).length ? `${k} { ${print(v)} }` : k)).join(" ");
  return print(tree);
}
const applicationFields = () => selection("applications");
const reviewFields = () => selection("reviewLitigation");

const SUMS_QUERY = `query($code: String!, $year: Int!) { regionStatistics(regionCode: $code, year: $year) {
  applications { ${applicationFields()} } reviewLitigation { ${reviewFields()} } coverage { reportingAgencies incompleteReports } } }`;
const DRAFT_QUERY = `query($code: String!, $year: Int!) { regionStatistics(regionCode: $code, year: $year) {
  region { code name } applications { ${applicationFields()} } reviewLitigation { ${reviewFields()} }
  proactive { template reportCount }
  coverage { reportingAgencies incompleteReports missingCount missing { agency { name kind region { code } } reportedPreviousYear } excludedAggregates { id printedAgencyName } }
  aggregateComparison { matches differences { path reported computed difference } } } }`;

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
sampler.unref();

async function timeExport(ds: DataSource, kind: "csv" | "xlsx") {
  global.gc?.();
  peakRss = process.memoryUsage().rss;
  const sink = new Counter();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const rows = await (kind === "csv" ? writeBulkCsv : writeBulkXlsx)(ds, {}, sink, { maxRows: Infinity });
  if (!sink.writableFinished) sink.end();
  const seconds = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu0);
  const cpuSeconds = (used.user + used.system) / 1e6;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return { rows, seconds, cpuSeconds, rowsPerSecond: rows / seconds, mb: sink.bytes / 1e6, firstByteMs: (sink.firstByteAt ?? t0) - t0, peakRssMb: peakRss / 1e6 };
}

async function main() {
  const size = arg("size", "10k");
  const db = await database(arg("db", "sqlite"), size);
  const ds = await openDataSource(db);
  const existing = Number((await ds.query("SELECT COUNT(*) AS n FROM report"))[0].n);
  if (!existing) {
    console.log(`loading the generated ${size} province…`);
    await loadProvince(ds, buildProvince(SIZES[size]));
  }
  if (process.argv.includes("--load-only")) {
    await ds.destroy();
    return;
  }
  const reports = Number((await ds.query("SELECT COUNT(*) AS n FROM report WHERE isCurrent = 1"))[0].n);
  const lines = [`# Export benchmarks, ${size} (${reports} current reports, ${db.kind}), ${new Date().toISOString().slice(0, 16)}Z`, ""];
  for (const kind of ["csv", "xlsx"] as const) {
    if (kind === "xlsx" && process.argv.includes("--csv-only")) continue;
    const r = await timeExport(ds, kind);
    lines.push(`- bulk ${kind.toUpperCase()} of every current report: ${r.rows} rows in ${r.seconds.toFixed(1)} s = **${Math.round(r.rowsPerSecond)} rows/s** (${Math.round(r.rows / r.cpuSeconds)} rows per CPU second of this process; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores), ${r.mb.toFixed(0)} MB, first byte after ${r.firstByteMs.toFixed(0)} ms, peak RSS ${r.peakRssMb.toFixed(0)} MB`);
    console.log(lines[lines.length - 1]);
  }
  // A slow reader (2 MB/s): the export waits on it, so the process's memory stays where it was.
  {
    global.gc?.();
    const before = process.memoryUsage().rss;
    peakRss = before;
    const sink = new Counter(2e6);
    const t0 = performance.now();
    const rows = await writeBulkCsv(ds, {}, sink, { maxRows: 20_000 });
    const seconds = (performance.now() - t0) / 1000;
    lines.push(`- bulk CSV to a reader taking 2 MB/s: ${rows} rows (${(sink.bytes / 1e6).toFixed(0)} MB) in ${seconds.toFixed(1)} s; RSS ${(before / 1e6).toFixed(0)} MB before, peak ${(peakRss / 1e6).toFixed(0)} MB (+${((peakRss - before) / 1e6).toFixed(0)} MB)`);
    console.log(lines[lines.length - 1]);
  }
  // One region-year draft against the queries it is built from, side by side: each round runs every
  // measurement once, in turn, so load on the machine falls on all of them alike; p50 of the rounds.
  const config = loadConfig({ NODE_ENV: "test" });
  const { apollo } = await createApp(ds, config);
  const gql = async (query: string, variables: Record<string, unknown>) => {
    const res = await apollo.executeOperation({ query, variables }, { contextValue: internalContext(ds, config) });
    if (res.body.kind === "single" && res.body.singleResult.errors) throw new Error(JSON.stringify(res.body.singleResult.errors));
  };
  const rounds = Number(arg("rounds", "15"));
  for (const code of ["990100", "990000"]) {
    const vars = { code, year: 2024 };
    const cases: Array<[string, () => Promise<unknown>]> = [
      ["regionStatistics (resolver, sums)", () => new RegionStatisticsResolver().regionStatistics(internalContext(ds, config), code, 2024, true)],
      ["regionStatistics GraphQL, sums", () => gql(SUMS_QUERY, vars)],
      ["regionStatistics GraphQL, what the draft holds", () => gql(DRAFT_QUERY, vars)],
      ["draft document (its queries)", () => regionDocument(ds, { regionCode: code, year: 2024 }, config)],
      ["region XLSX", async () => renderXlsx(await regionDocument(ds, { regionCode: code, year: 2024 }, config))],
      ["region XLSX, tables only", async () => renderXlsx(await regionDocument(ds, { regionCode: code, year: 2024, annexes: false }, config))],
      ["region HTML", async () => renderHtml(await regionDocument(ds, { regionCode: code, year: 2024 }, config))],
      ["region CSV", async () => renderCsv(await regionDocument(ds, { regionCode: code, year: 2024 }, config))],
    ];
    for (const [, fn] of cases) await fn();
    const times = cases.map(() => [] as number[]);
    for (let i = 0; i < rounds; i++) {
      for (let j = 0; j < cases.length; j++) {
        const t0 = performance.now();
        await cases[j][1]();
        times[j].push(performance.now() - t0);
      }
    }
    const p50 = times.map((t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)]);
    const at = (name: string) => p50[cases.findIndex(([n]) => n === name)];
    const xlsx = at("region XLSX");
    lines.push(`- region ${code} 2024, p50 of ${rounds} interleaved rounds: ${cases.map(([n], j) => `${n} ${p50[j].toFixed(1)} ms`).join("; ")}. ` +
      `XLSX ÷ regionStatistics: ${(xlsx / at("regionStatistics GraphQL, sums")).toFixed(1)}× the GraphQL sums query, ${(xlsx / at("regionStatistics GraphQL, what the draft holds")).toFixed(1)}× the GraphQL query with what the draft holds (coverage lists, X4), ${(xlsx / at("regionStatistics (resolver, sums)")).toFixed(1)}× the bare resolver; ` +
      `rendering alone (XLSX − document) ${(xlsx - at("draft document (its queries)")).toFixed(1)} ms; ` +
      `tables-only XLSX (annexes=false, built from regionStatistics alone) ÷ the GraphQL sums query: ${(at("region XLSX, tables only") / at("regionStatistics GraphQL, sums")).toFixed(1)}×`);
    console.log(lines[lines.length - 1]);
  }
  await apollo.stop();
  await ds.destroy();
  const out = path.join(projectRoot(), "bench", "results", `${new Date().toISOString().slice(0, 10)}-export-${db.kind}-${size}.md`);
  console.log(`written ${path.relative(projectRoot(), writeResults(out, lines.join("\n") + "\n"))}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
