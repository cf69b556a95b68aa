/**
 * Narrative search at scale: a generated province whose reports carry narratives assembled from the
 * sentences of the shipped real reports (seeded, so every run builds the same text), written through
 * the store's bulk writer (which fills narrative_token), then p50/p99 of searchNarratives and of
 * regionStatistics executed in-process through the same schema. Results go to bench/results/.
 *
 *   npm run build && node dist/bench/narratives.js --size 10k [--db sqlite | mariadb://…/gongkai_bench] [--runs 15]
 */
import "reflect-metadata";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { graphql } from "graphql";
import type { DataSource } from "typeorm";
import { openDataSource } from "../src/db/data-source";
import { loadConfig, parseDatabaseUrl, DbConfig } from "../src/config";
import { createSchema } from "../src/graphql/schema";
import { createLoaders } from "../src/graphql/loaders";
import { buildProvince, prng, SIZES } from "../src/demo/generate";
import { loadProvince } from "../src/demo/load-province";
import { demoReports } from "../src/demo/real-reports";
import { parseInput } from "../src/ingestion/parse";
import { sectionKind } from "../src/domain/narrative";
import type { NarrativeSection } from "../src/domain/report-json";
import { projectRoot } from "../src/shared/paths";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

/** The sentences of the real reports' overview, problems and other sections, by kind. */
async function sentencePool(): Promise<Record<string, string[]>> {
  const pool: Record<string, string[]> = { overview: [], problems: [], other: [] };
  for (const r of demoReports()) {
    const report = (await parseInput(r.content, { fileName: r.file, agency: r.meta.agency, year: Number(r.meta.year) })).report;
    for (const s of report.sections) {
      const kind = sectionKind(s.heading);
      if (!(kind in pool)) continue;
      // Page furniture after 附件下载 is not prose.
      const text = s.text.split("附件下载")[0];
      pool[kind].push(...text.split(/(?<=[。；])/).map((x) => x.trim()).filter((x) => x.length >= 8));
    }
  }
  return pool;
}

function narrativeFor(pool: Record<string, string[]>, random: () => number, agency: string, year: number): NarrativeSection[] {
  const pick = (kind: string, n: number) => Array.from({ length: n }, () => pool[kind][Math.floor(random() * pool[kind].length)]).join("");
  return [
    { heading: "", text: `${agency}${year}年政府信息公开工作年度报告（示例数据）` },
    { heading: "一、总体情况", text: pick("overview", 12) },
    { heading: "二、主动公开政府信息情况", text: "" },
    { heading: "三、收到和处理政府信息公开申请情况", text: "" },
    { heading: "四、政府信息公开行政复议、行政诉讼情况", text: "" },
    { heading: "五、存在的主要问题及改进情况", text: pick("problems", 5) },
    { heading: "六、其他需要报告的事项", text: pick("other", 1) },
  ];
}

async function databaseFor(base: string, size: string): Promise<DbConfig> {
  if (base === "sqlite") {
    fs.mkdirSync(path.join(projectRoot(), "bench", "data"), { recursive: true });
    return { kind: "sqlite", location: path.join(projectRoot(), "bench", "data", `narratives-${size}.sqlite`) };
  }
  return parseDatabaseUrl(base);
}

async function timed(ds: DataSource, query: string, runs: number): Promise<{ p50: number; p99: number; result: any }> {
  const schema = await createSchema();
  const config = loadConfig({ NODE_ENV: "test" });
  const times: number[] = [];
  let result: any;
  for (let i = 0; i < runs + 2; i++) {
    const started = process.hrtime.bigint();
    result = await graphql({ schema, source: query, contextValue: { ds, config, loaders: createLoaders(ds), isAdmin: false } });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    if (i >= 2) times.push(ms); // two warm-up runs
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length / 2)], p99: times[Math.min(times.length - 1, Math.floor(times.length * 0.99))], result };
}

async function main() {
  const size = arg("size", "10k");
  const runs = Number(arg("runs", "15"));
  const db = await databaseFor(arg("db", "sqlite"), size);
  const ds = await openDataSource(db);
  try {
    let loadSeconds: number | null = null;
    if (Number((await ds.query("SELECT COUNT(*) AS n FROM report"))[0].n) === 0) {
      const pool = await sentencePool();
      const random = prng(11);
      const province = buildProvince(SIZES[size]);
      const names = new Map(province.agencies.map((a) => [a.key, a.name]));
      const reports = province.reports.bind(province);
      province.reports = function* () {
        for (const g of reports()) {
          g.report.sections = narrativeFor(pool, random, names.get(g.agencyKey)!, g.year);
          yield g;
        }
      };
      let last = 0;
      const stats = await loadProvince(ds, province, (n) => {
        if (n - last < 5000) return;
        process.stderr.write(`  ${n} reports\n`);
        last = n;
      });
      loadSeconds = stats.seconds;
    }
    const reports = Number((await ds.query("SELECT COUNT(*) AS n FROM report"))[0].n);
    const tokens = Number((await ds.query("SELECT COUNT(*) AS n FROM narrative_token"))[0].n);
    const queries: Array<[string, string]> = [
      ["regionStatistics (province, 2023) — reference", `{ regionStatistics(regionCode: "990000", year: 2023) { applications { newReceived { total } } coverage { reportingAgencies } } }`],
      ["searchNarratives 疫情 (2 chars, rare)", `{ searchNarratives(query: "疫情", first: 20) { totalCount nodes { year section snippet agency { name } } } }`],
      ["searchNarratives “政策解读形式” (phrase)", `{ searchNarratives(query: "“政策解读形式”", first: 20) { totalCount nodes { year section snippet agency { name } } } }`],
      ["searchNarratives 政务新媒体 提案 (AND)", `{ searchNarratives(query: "政务新媒体 提案", first: 20) { totalCount nodes { year section snippet agency { name } } } }`],
      ["searchNarratives 信息处理费, 2023, one county", `{ searchNarratives(query: "信息处理费", filter: { years: [2023], regionCode: "990101" }, first: 20) { totalCount nodes { year section snippet agency { name } } } }`],
      ["searchNarratives 公开 (in every report)", `{ searchNarratives(query: "公开", filter: { years: [2023] }, first: 20) { totalCount nodes { year section } } }`],
    ];
    const lines = [
      `# narrative search — ${new Date().toISOString().slice(0, 10)}`, "",
      `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}. Database: ${db.kind === "sqlite" ? db.location.replace(projectRoot(), ".") : db.kind}.`,
      `Size ${size}: ${reports.toLocaleString("en")} reports, ${tokens.toLocaleString("en")} narrative_token rows (${(tokens / reports).toFixed(0)} per report)` +
        (loadSeconds == null ? " (database reused)." : `, loaded in ${loadSeconds.toFixed(0)} s through the bulk writer.`),
      `In-process GraphQL execution, ${runs} runs after 2 warm-ups, one client.`, "",
      "| query | hits | p50 ms | p99 ms | × regionStatistics p50 |", "|---|---:|---:|---:|---:|",
    ];
    let reference = 0;
    for (const [name, query] of queries) {
      try {
        const t = await timed(ds, query, runs);
        if (!reference) reference = t.p50;
        const hits = t.result.data.searchNarratives?.totalCount ?? "";
        lines.push(`| ${name} | ${hits} | ${t.p50.toFixed(1)} | ${t.p99.toFixed(1)} | ${(t.p50 / reference).toFixed(1)} |`);
      } catch (e) {
        lines.push(`| ${name} | error: ${(e as Error).message.slice(0, 120)} | | | |`);
      }
      process.stderr.write(lines[lines.length - 1] + "\n");
    }
    const out = path.join(projectRoot(), "bench", "results", `${new Date().toISOString().slice(0, 10)}-narratives-${db.kind}-${size}.md`);
    fs.writeFileSync(out, lines.join("\n") + "\n");
    process.stdout.write(lines.join("\n") + `\n\nwritten to ${path.relative(projectRoot(), out)}\n`);
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
