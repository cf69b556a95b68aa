/**
 * npm run bench:interleaved — growth between sizes measured so that machine load cancels out: every
 * round runs each query once against each size, one after the other, in one process (Apollo's
 * executeOperation: parse, validation, limits, execution and SQL; no HTTP), and the medians over
 * the rounds are compared. On a shared machine a sequential run (bench/run.ts) measures one size
 * minutes after the other, under whatever load the other sessions had then; here both sizes see the
 * same load within milliseconds.
 *
 *   npm run bench:interleaved -- --db mariadb://gongkai:gongkai@127.0.0.1:3306/gongkai_bench --sizes 10k,100k --rounds 40
 *   … --jit both     each size also without compiled execution (graphql/jit.ts), in the same rounds
 *
 * The databases are those bench/run.ts generated (`<name>_<size>`); this script generates nothing.
 */
import "reflect-metadata";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DataSource } from "typeorm";
import { openDataSource } from "../src/db/data-source";
import { DbConfig, loadConfig, parseDatabaseUrl } from "../src/config";
import { createApp, internalContext } from "../src/server";
import { projectRoot } from "../src/shared/paths";

const QUERIES: Array<{ name: string; query: string; ids?: boolean }> = [
  { name: "regionStatistics (province, 2023)", query: `{ regionStatistics(regionCode: "990000", year: 2023) { applications { newReceived { total natural } outcomes { granted { total } total { total } } } reviewLitigation { review { total corrected } } metrics { disclosureRate { value } } coverage { reportingAgencies incompleteReports } } }` },
  { name: "regionStatistics + coverage lists", query: `{ regionStatistics(regionCode: "990000", year: 2023) { applications { newReceived { total } } coverage { reportingAgencies missingCount missing { agency { name } reportedPreviousYear } excludedAggregateCount excludedAggregates { id } } } }` },
  { name: "compareAgencies (100 agencies × 7 years)", ids: true, query: `query($ids: [ID!]!) { compareAgencies(agencyIds: $ids, years: [2019, 2020, 2021, 2022, 2023, 2024, 2025], measures: ["applications.newReceived.total", "DISCLOSURE_RATE", "proactive.licensing.decisions"]) {
        agency { id name } series { measure values { year value { value } } changes { absolute relative comparable } } } }` },
  { name: "ranking (DISCLOSURE_RATE, top 50)", query: `{ ranking(measure: "DISCLOSURE_RATE", year: 2023, regionCode: "990000", minDenominator: 5, first: 50) { rankedCount entries { rank agency { name } value { value } regionAverage { value } kindAverage { value } } } }` },
  { name: "ranking + small samples", query: `{ ranking(measure: "DISCLOSURE_RATE", year: 2023, regionCode: "990000", minDenominator: 5, first: 50) { entries { rank agency { name } value { value } } smallSamples { agency { name } value { denominator } } } }` },
  { name: "trend (province, 2019–2025)", query: `{ trend(measure: "applications.newReceived.total", regionCode: "990000", fromYear: 2019, toYear: 2025) { year value { value } reportCount } }` },
  { name: "aggregate (by year × kind)", query: `{ aggregate(paths: ["applications.newReceived.total", "applications.outcomes.granted.total"], groupBy: [YEAR, AGENCY_KIND], first: 50) { year agencyKind reportCount values { value } } }` },
  { name: "findings (R2 in the province, first 20)", query: `{ findings(rule: "R2", regionCode: "990000", first: 20) { totalCount nodes { rule path printed computed year agency { name } } } }` },
  { name: "findingCounts (province, by rule and region)", query: `{ findingCounts(regionCode: "990000") { total byRule { key count } byRegion { key count } } }` },
];

function arg(argv: string[], name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
}

function dbFor(base: string, size: string): DbConfig {
  const cfg = parseDatabaseUrl(base);
  const url = new URL(cfg.location);
  url.pathname = `/${url.pathname.replace(/^\//, "") || "gongkai_bench"}_${size}`;
  return { kind: cfg.kind, location: url.toString() };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const argv = process.argv.slice(2);
  const base = arg(argv, "db", process.env.BENCH_DATABASE_URL ?? "");
  const sizes = arg(argv, "sizes", "10k,100k").split(",");
  const rounds = Number(arg(argv, "rounds", "40"));
  const jit = arg(argv, "jit", "true");
  if (!base || base === "sqlite") throw new Error("--db mariadb://… (the databases bench/run.ts generated)");
  const configFor = (compiled: boolean) => loadConfig({ NODE_ENV: "production", GONGKAI_MAX_COST: "1000000", GONGKAI_RATE_LIMIT_COST: "1000000000", GONGKAI_RESPONSE_CACHE: "false", GONGKAI_GRAPHQL_JIT: String(compiled) });
  const variants = jit === "both" ? [true, false] : [jit !== "false"];
  const label = (size: string, compiled: boolean) => (compiled ? size : `${size} without jit`);
  const targets: Array<{ size: string; ids: number[]; run: (q: string, v?: Record<string, unknown>) => Promise<void>; stop: () => Promise<void>; reports: number }> = [];
  for (const size of sizes) {
    const ds: DataSource = await openDataSource(dbFor(base, size));
    const ids = (await ds.query("SELECT a.id AS id FROM agency a WHERE a.kind = 'DEPARTMENT' ORDER BY a.id LIMIT 100")).map((r: any) => Number(r.id));
    const reports = Number((await ds.query("SELECT COUNT(*) AS n FROM report"))[0].n);
    for (const compiled of variants) {
      const config = configFor(compiled);
      const { apollo } = await createApp(ds, config);
      targets.push({
        size: label(size, compiled), ids, reports,
        run: async (query, variables) => {
          const res = await apollo.executeOperation({ query, variables }, { contextValue: internalContext(ds, config) });
          if (res.body.kind === "single" && res.body.singleResult.errors) throw new Error(JSON.stringify(res.body.singleResult.errors));
        },
        stop: async () => {
          await apollo.stop();
          if (compiled === variants[variants.length - 1]) await ds.destroy();
        },
      });
    }
  }
  const times = new Map<string, number[]>();
  const loads: number[] = [];
  for (let r = -3; r < rounds; r++) {
    for (const q of QUERIES) {
      for (const t of targets) {
        const started = process.hrtime.bigint();
        await t.run(q.query, q.ids ? { ids: t.ids } : undefined);
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (r >= 0) times.set(`${q.name}|${t.size}`, [...(times.get(`${q.name}|${t.size}`) ?? []), ms]);
      }
    }
    loads.push(os.loadavg()[0]);
  }
  const [small, large] = [label(sizes[0], variants[0]), label(sizes[sizes.length - 1], variants[0])];
  const at = (name: string, size: string) => median(times.get(`${name}|${size}`)!);
  const base50 = at(QUERIES[0].name, large);
  const lines = [
    `# gongkai interleaved growth — ${new Date().toISOString().slice(0, 10)}`, "",
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown"}; Node ${process.version}. Database: ${base.replace(/\/\/[^@]*@/, "//…@")}.`,
    `One process, one request at a time; each round runs every query once per size, back to back (${rounds} rounds after 3 warm-up rounds); medians. Response cache off, compiled execution ${jit === "false" ? "off" : jit === "both" ? "on (and off, below)" : "on"}. In-process (Apollo executeOperation): no HTTP, no JSON encoding.`,
    `Load average (1 min) during the run: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} on ${os.cpus().length} cores.`,
    `Sizes: ${targets.filter((t) => !t.size.endsWith("without jit")).map((t) => `${t.size} = ${t.reports.toLocaleString("en")} reports`).join(", ")}.`, "",
    `| query | median ${small} ms | median ${large} ms | growth ${large} ÷ ${small} | ÷ regionStatistics at ${large} |`,
    "|---|---:|---:|---:|---:|",
    ...QUERIES.map((q) => `| ${q.name} | ${at(q.name, small).toFixed(2)} | ${at(q.name, large).toFixed(2)} | ${(at(q.name, large) / at(q.name, small)).toFixed(2)} | ${(at(q.name, large) / base50).toFixed(2)} |`),
    "",
  ];
  if (variants.length > 1) {
    lines.push("Compiled execution (graphql-jit) against graphql-js's executor, same rounds:", "",
      `| query | ${sizes.map((s) => `${s} jit ms | ${s} graphql-js ms | ${s} saved`).join(" | ")} |`, `|---|${sizes.map(() => "---:|---:|---:").join("|")}|`,
      ...QUERIES.map((q) => `| ${q.name} | ${sizes.map((s) => `${at(q.name, label(s, true)).toFixed(2)} | ${at(q.name, label(s, false)).toFixed(2)} | ${(1 - at(q.name, label(s, true)) / at(q.name, label(s, false))).toLocaleString("en", { style: "percent" })}`).join(" | ")} |`), "");
  }
  for (const t of targets) await t.stop();
  const file = path.join(projectRoot(), "bench", "results", `${new Date().toISOString().slice(0, 10)}-interleaved-mariadb-${sizes.join("-")}${jit === "false" ? "-nojit" : jit === "both" ? "-jit" : ""}.md`);
  fs.writeFileSync(file, lines.join("\n") + "\n");
  console.log(lines.join("\n"));
  console.log(`written to ${path.relative(process.cwd(), file)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
