/**
 * What the query limits cost (issue 9: under 5% of `{ __typename }` throughput). Side by side in one
 * process, in interleaved rounds: the request path with the limits — graphql-js parsing with
 * maxTokens, validation with graphql-armor's rules, the work estimate, the rate limiter's spend, and
 * execution through the per-field guard (budget and arguments) — against the same path without them
 * (plain parse, graphql-js's own rules, a schema without the guard). Measured for `{ __typename }`
 * and for a dashboard query (the ranking page: region, ranking with 100 entries), and compared with
 * the time one `{ __typename }` takes through the real HTTP server (createApp: helmet, CORS, context,
 * Apollo, logging) — the throughput the issue asks about.
 *
 *   node dist/bench/limits.js            (a small generated province in SQLite in memory)
 *   npm run bench                        (run.ts adds this section)
 */
import "reflect-metadata";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { DocumentNode, execute, GraphQLSchema, OperationDefinitionNode, parse, specifiedRules, validate } from "graphql";
import type { DataSource } from "typeorm";
import { Config, DbConfig, loadConfig } from "../src/config";
import { openDataSource } from "../src/db/data-source";
import { buildProvince, PROVINCE_CODE, SIZES } from "../src/demo/generate";
import { createSchema } from "../src/graphql/schema";
import { costEstimator, structuralLimits } from "../src/graphql/limits";
import { createCostLimiter } from "../src/graphql/security/rate-limit";
import { internalContext } from "../src/graphql/security/internal-context";
import { createApp } from "../src/server";
import { loadProvince } from "./load";

const TYPENAME = "{ __typename }";
const DASHBOARD = `query Ranking($code: String!, $measure: String!, $year: Int!) {
  region(code: $code) { code name level parent { code name } }
  ranking(measure: $measure, year: $year, regionCode: $code, minDenominator: 1, order: DESC, first: 100) {
    measure rankedCount
    regionAverage { numerator denominator value }
    entries { rank agency { id name kind } value { numerator denominator value } regionAverage { value } kindAverage { value } }
  }
}`;

interface Path {
  run(source: string, variables: Record<string, unknown>): Promise<void>;
}

function withLimits(schema: GraphQLSchema, ds: DataSource, config: Config, spend: (cost: number) => Promise<void>): Path {
  const rules = [...specifiedRules, ...structuralLimits(config).validationRules];
  const estimate = costEstimator(schema);
  return {
    async run(source, variables) {
      const document = parse(source, { maxTokens: config.maxTokens });
      const errors = validate(schema, document, rules);
      if (errors.length) throw errors[0];
      const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === "OperationDefinition")!;
      const cost = Math.ceil(estimate(document, operation, variables));
      if (cost > config.maxQueryCost) throw new Error(`cost ${cost}`);
      await spend(cost);
      await check(execute({ schema, document, variableValues: variables, contextValue: internalContext(ds, config) }));
    },
  };
}

function withoutLimits(schema: GraphQLSchema, ds: DataSource, config: Config): Path {
  return {
    async run(source, variables) {
      const document: DocumentNode = parse(source);
      const errors = validate(schema, document, specifiedRules);
      if (errors.length) throw errors[0];
      await check(execute({ schema, document, variableValues: variables, contextValue: internalContext(ds, config) }));
    },
  };
}

async function check(result: ReturnType<typeof execute>): Promise<void> {
  const r = await result;
  if (r.errors?.length) throw r.errors[0];
}

/** Mean µs per request of `path` over `n` sequential requests. */
async function time(path: Path, source: string, variables: Record<string, unknown>, n: number): Promise<number> {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await path.run(source, variables);
  return Number(process.hrtime.bigint() - t0) / 1000 / n;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** `{ __typename }` through the real HTTP server: mean µs per request with `concurrency` keep-alive clients. */
async function httpTypename(ds: DataSource, config: Config, ms: number, concurrency = 8): Promise<number> {
  const { httpServer, apollo } = await createApp(ds, config);
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const port = (httpServer.address() as AddressInfo).port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const body = JSON.stringify({ query: TYPENAME });
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port, path: "/graphql", method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
      });
      req.on("error", reject);
      req.end(body);
    });
  try {
    for (let i = 0; i < 200; i++) await one();
    let done = 0;
    const end = Date.now() + ms;
    const t0 = process.hrtime.bigint();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        await one();
        done++;
      }
    }));
    return Number(process.hrtime.bigint() - t0) / 1000 / done;
  } finally {
    agent.destroy();
    await apollo.stop();
    httpServer.close();
  }
}

interface Sides {
  off: number;
  /** The guard on every field, plain properties included (before the guard skipped them). */
  every: number;
  on: number;
}

export interface LimitsFigures {
  rounds: number;
  typename: Sides;
  dashboard: Sides;
  httpTypenameUs: number;
}

/** Measures; `rounds` interleaved rounds of on/off (order alternating), medians per side. */
export async function measureLimits(ds: DataSource, config: Config, rounds = 7): Promise<LimitsFigures> {
  // Built in this order: the guard on every field, none, then as served (plain fields skip it).
  const everyField = await createSchema(false, { guardPlainFields: true });
  const bare = await createSchema(false, { guard: false });
  const guarded = await createSchema(false);
  const limiter = await createCostLimiter(config);
  const spend = (cost: number) => limiter.spend("bench", cost);
  const paths: Array<[keyof Sides, Path]> = [["off", withoutLimits(bare, ds, config)], ["every", withLimits(everyField, ds, config, spend)], ["on", withLimits(guarded, ds, config, spend)]];
  const year = Number((await ds.query("SELECT MAX(year) AS y FROM report"))[0].y);
  const vars = { code: PROVINCE_CODE, measure: "applications.newReceived.total", year };
  const samples = { typename: { off: [] as number[], every: [] as number[], on: [] as number[] }, dashboard: { off: [] as number[], every: [] as number[], on: [] as number[] } };
  // Warm-up (JIT, loaders, SQLite's page cache).
  for (const [, p] of paths) {
    await time(p, TYPENAME, {}, 2000);
    await time(p, DASHBOARD, vars, 20);
  }
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? [...paths].reverse() : paths;
    for (const [side, p] of order) samples.typename[side].push(await time(p, TYPENAME, {}, 3000));
    for (const [side, p] of order) samples.dashboard[side].push(await time(p, DASHBOARD, vars, 30));
  }
  await limiter.close();
  const httpTypenameUs = await httpTypename(ds, config, 3000);
  return {
    rounds,
    typename: { off: median(samples.typename.off), every: median(samples.typename.every), on: median(samples.typename.on) },
    dashboard: { off: median(samples.dashboard.off), every: median(samples.dashboard.every), on: median(samples.dashboard.on) },
    httpTypenameUs,
  };
}

export function limitsMarkdown(f: LimitsFigures): string {
  const pct = (extra: number, base: number) => `${((extra / base) * 100).toFixed(1)}%`;
  const row = (name: string, s: Sides) =>
    `| ${name} | ${s.off.toFixed(1)} | ${s.every.toFixed(1)} (${pct(s.every - s.off, s.off)}) | ${s.on.toFixed(1)} | ${(s.on - s.off).toFixed(1)} | ${pct(s.on - s.off, s.off)} | ${pct(s.on - s.off, f.httpTypenameUs)} |`;
  return [
    "## Query limits: what they cost",
    "",
    `In process, ${f.rounds} interleaved rounds (medians), µs per request. "With limits": maxTokens, graphql-armor's depth, alias and directive rules, the work estimate, the rate limiter's spend and the per-field guard (budget, arguments) on every resolver; "guard on every field": the same with the guard also on plain property fields (as before it skipped them); "without": graphql-js alone on a schema without the guard. The last column relates the limits' time to one \`{ __typename }\` through the real HTTP server (${f.httpTypenameUs.toFixed(0)} µs a request, ${(1e6 / f.httpTypenameUs).toFixed(0)} requests/s with 8 clients): the share of \`{ __typename }\` throughput the limits take (issue 9: under 5%).`,
    "",
    "| query | without limits (µs) | guard on every field (µs) | with limits (µs) | limits (µs) | of the query without | of `{ __typename }` over HTTP |",
    "|---|---:|---:|---:|---:|---:|---:|",
    row("`{ __typename }`", f.typename),
    row("dashboard ranking (100 entries)", f.dashboard),
    "",
  ].join("\n");
}

/** The section for bench/run.ts. */
export async function limitsSection(ds: DataSource, config: Config = loadConfig({ ...process.env, GONGKAI_LOG: "silent" })): Promise<string> {
  return limitsMarkdown(await measureLimits(ds, { ...config, logLevel: "silent" }));
}

/** The section for bench/run.ts, measured on one of its databases. */
export async function limitsSectionFor(db: DbConfig): Promise<string> {
  const ds = await openDataSource(db);
  try {
    return await limitsSection(ds);
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  (async () => {
    const ds = await openDataSource({ kind: "sqlite", location: ":memory:" });
    await loadProvince(ds, buildProvince(SIZES.small));
    const config = loadConfig({ ...process.env, GONGKAI_LOG: "silent" });
    process.stdout.write(await limitsSection(ds, config));
    await ds.destroy();
  })().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
