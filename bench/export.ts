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
import { DbConfig, loadConfig, parseDatabaseUrl } from "../src/config";
import { RegionStatisticsResolver } from "../src/modules/statistics/region-statistics.resolver";
import { writeBulkCsv, writeBulkXlsx } from "../src/export/bulk";
import { regionDocument } from "../src/render/sources";
import { renderXlsx } from "../src/render/xlsx";
import { projectRoot } from "../src/shared/paths";
import { buildProvince, SIZES } from "../src/demo/generate";
import { loadProvince } from "../src/demo/load-province";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function database(base: string, size: string): Promise<DbConfig> {
  if (base === "sqlite") {
    fs.mkdirSync(path.join(projectRoot(), "bench", "data"), { recursive: true });
    return { kind: "sqlite", location: path.join(projectRoot(), "bench", "data", `${size}.sqlite`) };
  }
  const cfg = parseDatabaseUrl(base);
  const url = new URL(cfg.location);
  const name = `${url.pathname.replace(/^\//, "") || "gongkai_bench"}_${size}`;
  const mysql = await import("mysql2/promise");
  const conn = await mysql.createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
  await conn.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();
  url.pathname = `/${name}`;
  return { kind: cfg.kind, location: url.toString() };
}

/** A sink that counts bytes and notes when the first one came. */
class Counter extends Writable {
  bytes = 0;
  firstByteAt: number | null = null;
  _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    if (this.firstByteAt == null) this.firstByteAt = performance.now();
    this.bytes += chunk.length;
    done();
  }
}

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
  // One region-year draft vs the regionStatistics query it is built from (median of 5 each).
  const config = loadConfig({ NODE_ENV: "test" });
  const median = async (fn: () => Promise<unknown>) => {
    const t: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await fn();
      t.push(performance.now() - t0);
    }
    return t.sort((a, b) => a - b)[2];
  };
  for (const code of ["990100", "990000"]) {
    const stats = await median(() => new RegionStatisticsResolver().regionStatistics(internalContext(ds, config), code, 2024, true));
    const statsFull = await median(async () => {
      const ctx = internalContext(ds, config);
      const s = await new RegionStatisticsResolver().regionStatistics(ctx, code, 2024, true);
      void s.metrics.disclosureRate;
    });
    const xlsx = await median(async () => renderXlsx(await regionDocument(ds, { regionCode: code, year: 2024 }, config)));
    const docOnly = await median(() => regionDocument(ds, { regionCode: code, year: 2024 }, config));
    lines.push(`- region ${code} 2024 as XLSX (tables, coverage, X4, findings annexes): ${xlsx.toFixed(0)} ms, of which the document's queries ${docOnly.toFixed(0)} ms; regionStatistics (sums only): ${stats.toFixed(1)} ms, with a metric: ${statsFull.toFixed(1)} ms; ratio ${(xlsx / stats).toFixed(1)}×`);
    console.log(lines[lines.length - 1]);
  }
  await ds.destroy();
  const out = path.join(projectRoot(), "bench", "results", `${new Date().toISOString().slice(0, 10)}-export-${db.kind}-${size}.md`);
  fs.writeFileSync(out, lines.join("\n") + "\n");
  console.log(`written ${path.relative(projectRoot(), out)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
