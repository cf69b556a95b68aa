/**
 * Narrative search at scale: a generated province whose reports carry narratives assembled from the
 * sentences of the shipped real reports (seeded, so every run builds the same text), written through
 * the import's batch writer (which fills narrative_token), then p50/p99 of searchNarratives and of
 * regionStatistics executed in-process through the same schema. Each query kind is timed interleaved
 * with regionStatistics (reference, query, reference, query, …), so the ratio compares the two under
 * the same load. Results go to bench/results/.
 *
 *   npm run build && node dist/bench/narratives.js --size 10k [--db sqlite | mariadb://…/gongkai_search_bench] [--runs 15] [--label postings]
 *   node dist/bench/narratives.js --size 1m --db mariadb://…/gongkai_bench --queries generated
 *       (the province `npm run bench` generated, whose reports carry the generator's one-sentence
 *       narrative: queries for that text — every report matches 公开 and 示例数据)
 *
 * A MariaDB URL gets `_<size>` appended to its database name (…/gongkai_search_bench → …_10k).
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
import { projectRoot } from "../src/shared/paths";
import { narrativeFor, sentencePool } from "./narrative-text";
import { writeResults } from "./results-file";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function databaseFor(base: string, size: string): Promise<DbConfig> {
  if (base === "sqlite") {
    fs.mkdirSync(path.join(projectRoot(), "bench", "data"), { recursive: true });
    return { kind: "sqlite", location: path.join(projectRoot(), "bench", "data", `narratives-${size}.sqlite`) };
  }
  return parseDatabaseUrl(base.endsWith(`_${size}`) ? base : `${base}_${size}`);
}

type Run = (source: string) => Promise<{ ms: number; result: any }>;

async function runner(ds: DataSource): Promise<Run> {
  const schema = await createSchema();
  const config = loadConfig({ NODE_ENV: "test" });
  return async (source) => {
    const started = process.hrtime.bigint();
    const result = await graphql({ schema, source, contextValue: { ds, config, loaders: createLoaders(ds), isAdmin: false } });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    return { ms, result };
  };
}

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
};

/** The query and the reference alternately, `runs` times each after two warm-ups of both. */
async function timedAgainst(run: Run, reference: string, query: string, runs: number) {
  const ref: number[] = [];
  const times: number[] = [];
  let result: any;
  for (let i = 0; i < runs + 2; i++) {
    const r = await run(reference);
    const q = await run(query);
    result = q.result;
    if (i >= 2) {
      ref.push(r.ms);
      times.push(q.ms);
    }
  }
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99), ref50: percentile(ref, 0.5), result };
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
    const reference = `{ regionStatistics(regionCode: "990000", year: 2023) { applications { newReceived { total } } coverage { reportingAgencies } } }`;
    const search = (q: string, filter = "", extra = "", after?: string) =>
      `{ searchNarratives(query: ${JSON.stringify(q)}${filter ? `, filter: ${filter}` : ""}, first: 20${after ? `, after: ${JSON.stringify(after)}` : ""}) {
        ${extra} truncated pageInfo { hasNextPage endCursor } nodes { year section score snippet highlights { start end } agency { name } } } }`;
    const run = await runner(ds);
    const page1 = (await run(search("公开"))).result.data.searchNarratives.pageInfo.endCursor as string;
    const generatedQueries: Array<[string, string]> = [
      ["汇总编制 — phrase of the aggregate reports only", search("汇总编制")],
      ["示例数据 — in every report", search("示例数据")],
      ["公开 — in every report", search("公开")],
      ["公开, page 2 (after)", search("公开", "", "", page1)],
      ["收到 申请 — AND, both in every unit report", search("收到 申请")],
      ["“政府信息公开申请” — phrase in every unit report", search("“政府信息公开申请”")],
      ["公开, years [2023]", search("公开", "{ years: [2023] }")],
      ["公开, one prefecture (990100)", search("公开", `{ regionCode: "990100" }`)],
      ["申请, 2023, one county (990101) (narrow filter)", search("申请", `{ years: [2023], regionCode: "990101" }`)],
      ["第3镇 — the agencies of one township number", search("第3镇")],
      ["公开 with totalCount (capped count)", search("公开", "", "totalCount totalCountExact")],
    ];
    const queries: Array<[string, string]> = arg("queries", "real") === "generated" ? generatedQueries : [
      ["疫情 — rare two-character word", search("疫情")],
      ["“政策解读形式” — phrase (rarest bigram drives, text checked)", search("“政策解读形式”")],
      ["公开 — in every report", search("公开")],
      ["公开, page 2 (after)", search("公开", "", "", page1)],
      ["政务新媒体 提案 — AND", search("政务新媒体 提案")],
      ["公开, years [2023]", search("公开", "{ years: [2023] }")],
      ["公开, one prefecture (990100)", search("公开", `{ regionCode: "990100" }`)],
      ["信息处理费, 2023, one county (narrow filter)", search("信息处理费", `{ years: [2023], regionCode: "990101" }`)],
      ["工作 年度 — two common words, section PROBLEMS", search("工作 年度", "{ section: PROBLEMS }")],
      ["疫情 with totalCount", search("疫情", "", "totalCount totalCountExact")],
      ["公开 with totalCount (capped count)", search("公开", "", "totalCount totalCountExact")],
    ];
    const lines = [
      `# narrative search — ${new Date().toISOString().slice(0, 10)}`, "",
      `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)} at start (shared machine). Database: ${db.kind === "sqlite" ? db.location.replace(projectRoot(), ".") : db.kind}.`,
      `Size ${size}: ${reports.toLocaleString("en")} reports, ${tokens.toLocaleString("en")} narrative_token postings (${(tokens / reports).toFixed(0)} per report)` +
        (loadSeconds == null ? " (database reused)." : `, loaded in ${loadSeconds.toFixed(0)} s through the batch writer.`),
      `In-process GraphQL execution, one client. Each query kind: ${runs} runs interleaved with regionStatistics (province 990000, 2023) after 2 warm-ups;`,
      "the ratio is the query's p50 over regionStatistics' p50 in the same interleaved series. first: 20, nodes with snippet, highlights and agency.", "",
      "| query | page hits | truncated | p50 ms | p99 ms | regionStatistics p50 ms | × regionStatistics p50 |", "|---|---:|---|---:|---:|---:|---:|",
    ];
    for (const [name, query] of queries) {
      try {
        const t = await timedAgainst(run, reference, query, runs);
        const r = t.result.data.searchNarratives;
        const count = r.totalCount == null ? "" : ` (totalCount ${r.totalCount}${r.totalCountExact ? "" : "+"})`;
        lines.push(`| ${name} | ${r.nodes.length}${count} | ${r.truncated ? "yes" : "no"} | ${t.p50.toFixed(1)} | ${t.p99.toFixed(1)} | ${t.ref50.toFixed(1)} | ${(t.p50 / t.ref50).toFixed(2)} |`);
      } catch (e) {
        lines.push(`| ${name} | error: ${(e as Error).message.slice(0, 120)} | | | | | |`);
      }
      process.stderr.write(lines[lines.length - 1] + "\n");
    }
    const label = arg("label", "");
    const out = path.join(projectRoot(), "bench", "results", `${new Date().toISOString().slice(0, 10)}-narratives-${label ? `${label}-` : ""}${db.kind}-${size}.md`);
    const written = writeResults(out, lines.join("\n") + "\n");
    process.stdout.write(lines.join("\n") + `\n\nwritten to ${path.relative(projectRoot(), written)}\n`);
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
