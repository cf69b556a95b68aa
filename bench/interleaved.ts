/**
 * npm run bench:interleaved — growth between sizes measured so that machine load cancels out: every
 * round runs each query once against each size, one after the other, in one process (Apollo's
 * executeOperation: parse, validation, limits, execution and SQL; no HTTP), and the medians over
 * the rounds are compared. Each query's floor — the same answer by hand-written SQL over the best
 * index (bench/cases.ts), sent with mysql2 — runs in the same rounds. On a shared machine a
 * sequential run measures one size minutes after the other, under whatever load the other sessions
 * had then; here all sizes see the same load within milliseconds. `npm run bench` (bench/run.ts)
 * runs this after its HTTP measurements when given several sizes.
 *
 *   npm run bench:interleaved -- --db mariadb://gongkai:gongkai@127.0.0.1:3306/gongkai_bench --sizes 10k,100k,1m --rounds 40
 *   … --jit both     each size also without compiled execution (graphql/jit.ts), in the same rounds
 *
 * The databases are those bench/run.ts generated (`<name>_<size>`); this script generates nothing.
 */
import "reflect-metadata";
import os from "node:os";
import path from "node:path";
import { DataSource } from "typeorm";
import { openDataSource } from "../src/db/data-source";
import { DbConfig, loadConfig, parseDatabaseUrl } from "../src/config";
import { createApp, internalContext } from "../src/server";
import { projectRoot } from "../src/shared/paths";
import { Case, cases } from "./cases";
import { serverSettings, writeResults } from "./results-file";

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

interface Target {
  size: string;
  compiled: boolean;
  reports: number;
  cases: Case[];
  run: (c: Case) => Promise<void>;
  floor: (c: Case) => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * Measures every query (and its floor) against every size in interleaved rounds; returns the
 * Markdown section: medians per size, growth last ÷ first, ÷ regionStatistics and ÷ floor at the
 * largest size.
 */
export async function interleavedSection(dbs: Array<{ size: string; db: DbConfig }>, rounds: number, jit: "true" | "false" | "both" = "true"): Promise<string[]> {
  const configFor = (compiled: boolean) => loadConfig({ NODE_ENV: "production", GONGKAI_MAX_COST: "1000000", GONGKAI_RATE_LIMIT_COST: "1000000000", GONGKAI_RESPONSE_CACHE: "false", GONGKAI_GRAPHQL_JIT: String(compiled) });
  const variants = jit === "both" ? [true, false] : [jit !== "false"];
  const targets: Target[] = [];
  const mysql = await import("mysql2/promise");
  for (const { size, db } of dbs) {
    const ds: DataSource = await openDataSource(db);
    const list = (await cases(ds)).filter((c) => c.name !== "{ __typename }");
    const reports = Number((await ds.query("SELECT COUNT(*) AS n FROM report"))[0].n);
    const pool = mysql.createPool({ uri: db.location.replace(/^mariadb:/, "mysql:"), connectionLimit: 1 });
    for (const compiled of variants) {
      const config = configFor(compiled);
      const { apollo } = await createApp(ds, config);
      targets.push({
        size, compiled, reports, cases: list,
        run: async (c) => {
          const res = await apollo.executeOperation({ query: c.query, variables: c.variables }, { contextValue: internalContext(ds, config) });
          if (res.body.kind === "single" && res.body.singleResult.errors) throw new Error(JSON.stringify(res.body.singleResult.errors));
        },
        floor: async (c) => {
          for (const s of c.floor ?? c.sql) await pool.query(s.sql, s.params);
        },
        stop: async () => {
          await apollo.stop();
          if (compiled === variants[variants.length - 1]) {
            await pool.end();
            await ds.destroy();
          }
        },
      });
    }
  }
  const times = new Map<string, number[]>();
  const loads: number[] = [];
  const time = async (key: string, keep: boolean, f: () => Promise<void>) => {
    const started = process.hrtime.bigint();
    await f();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (keep) times.set(key, [...(times.get(key) ?? []), ms]);
  };
  const names = targets[0].cases.map((c) => c.name);
  for (let r = -3; r < rounds; r++) {
    // The first target of a round ran 6–28% slower than the others (caches the previous query left
    // cold): the order of the targets alternates between rounds, so each size takes every place.
    const order = r % 2 === 0 ? targets : [...targets].reverse();
    for (let q = 0; q < names.length; q++) {
      for (const t of order) {
        const query = () => time(`${names[q]}|${t.size}|${t.compiled}`, r >= 0, () => t.run(t.cases[q]));
        const floor = t.compiled === variants[0] ? () => time(`${names[q]}|${t.size}|floor`, r >= 0, () => t.floor(t.cases[q])) : null;
        // The second of the two reads what the first just warmed (the same summary rows, the driver's
        // code): the query goes first in even rounds, its floor in odd ones. Always first, trend read
        // 2.13–2.37 × its floor at 100k; alternating, 2.00–2.06 (two runs each, 100 rounds).
        if (floor && r % 2 !== 0) {
          await floor();
          await query();
        } else {
          await query();
          if (floor) await floor();
        }
      }
    }
    loads.push(os.loadavg()[0]);
    if (r % 10 === 9) process.stderr.write(`interleaved: ${r + 1} of ${rounds} rounds\n`);
  }
  for (const t of targets) await t.stop();
  const sizes = dbs.map((d) => d.size);
  const [small, large] = [sizes[0], sizes[sizes.length - 1]];
  const at = (name: string, size: string, kind: string | boolean = variants[0]) => median(times.get(`${name}|${size}|${kind}`)!);
  const base = at(names[0], large);
  const lines = [
    `## Interleaved: ${sizes.join(", ")} in the same rounds`, "",
    `One process, one request at a time; each round runs every query once per size, back to back, each beside its floor SQL, the sizes in ascending order and the query before its floor in even rounds, descending and the floor first in odd ones (${rounds} rounds after 3 warm-up rounds); medians. Response cache off, compiled execution ${jit === "false" ? "off" : jit === "both" ? "on (and off, below)" : "on"}. In-process (Apollo executeOperation): no HTTP, no JSON encoding. Floor: the same answer by hand-written SQL over the best index (bench/cases.ts), mysql2, one connection.`,
    `Load average (1 min) during the rounds: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} on ${os.cpus().length} cores.`,
    `Sizes: ${dbs.map((d, i) => `${d.size} = ${targets.find((t) => t.size === sizes[i])!.reports.toLocaleString("en")} reports`).join(", ")}.`, "",
    `| query | ${sizes.map((s) => `median ${s} ms`).join(" | ")} | growth ${large} ÷ ${small} (≤ 1.5) | ÷ regionStatistics at ${large} (≤ 5) | floor ${large} ms | ÷ floor at ${large} (≤ 2) |`,
    `|---|${sizes.map(() => "---:|").join("")}---:|---:|---:|---:|`,
    ...names.map((n) => `| ${n} | ${sizes.map((s) => at(n, s).toFixed(2)).join(" | ")} | ${(at(n, large) / at(n, small)).toFixed(2)} | ${(at(n, large) / base).toFixed(2)} | ${at(n, large, "floor").toFixed(2)} | ${(at(n, large) / at(n, large, "floor")).toFixed(2)} |`),
    "",
  ];
  if (variants.length > 1) {
    lines.push("Compiled execution (graphql-jit) against graphql-js's executor, same rounds:", "",
      `| query | ${sizes.map((s) => `${s} jit ms | ${s} graphql-js ms | ${s} saved`).join(" | ")} |`, `|---|${sizes.map(() => "---:|---:|---:").join("|")}|`,
      ...names.map((n) => `| ${n} | ${sizes.map((s) => `${at(n, s, true).toFixed(2)} | ${at(n, s, false).toFixed(2)} | ${(1 - at(n, s, true) / at(n, s, false)).toLocaleString("en", { style: "percent" })}`).join(" | ")} |`), "");
  }
  return lines;
}

async function main() {
  const argv = process.argv.slice(2);
  const base = arg(argv, "db", process.env.BENCH_DATABASE_URL ?? "");
  const sizes = arg(argv, "sizes", "10k,100k").split(",");
  const rounds = Number(arg(argv, "rounds", "40"));
  const jit = arg(argv, "jit", "true") as "true" | "false" | "both";
  if (!base || base === "sqlite") throw new Error("--db mariadb://… (the databases bench/run.ts generated)");
  const section = await interleavedSection(sizes.map((size) => ({ size, db: dbFor(base, size) })), rounds, jit);
  const lines = [`# gongkai interleaved growth — ${new Date().toISOString().slice(0, 10)}`, "",
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown"}; Node ${process.version}. Database: ${base.replace(/\/\/[^@]*@/, "//…@")}.`,
    ...[await serverSettings(base)].filter((l): l is string => !!l), "", ...section];
  const file = path.join(projectRoot(), "bench", "results", `${new Date().toISOString().slice(0, 10)}-interleaved-mariadb-${sizes.join("-")}${jit === "false" ? "-nojit" : jit === "both" ? "-jit" : ""}.md`);
  const written = writeResults(file, lines.join("\n") + "\n");
  console.log(lines.join("\n"));
  console.log(`written to ${path.relative(process.cwd(), written)}`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
