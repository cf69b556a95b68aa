/**
 * npm run bench:ab — two builds of the server side by side on one database: before and after a
 * change, measured in the same run. Each build's real server runs as a child process (`bin/gongkai
 * serve` of its project folder, response cache off); every round sends each query once to A and once
 * to B over HTTP, the order alternating between rounds, so machine load falls on both alike. Prints
 * and writes (bench/results/) the medians, p90 and B ÷ A for each query of bench/cases.ts.
 *
 *   git worktree add /tmp/gongkai-before <commit> && (cd /tmp/gongkai-before && cp -al ../../work/main/node_modules . && npx tsc -p tsconfig.json)
 *   npm run bench:ab -- --db mariadb://gongkai:gongkai@127.0.0.1:3306/gongkai_bench_100k --a /tmp/gongkai-before --rounds 40 --only ranking,coverage
 *
 * --a / --b: project folders with a built dist/ (B defaults to this one). The database must already
 * hold data and the newer build's migrations (the older build ignores tables it does not know).
 * --db-a: a copy of the database with A's schema, for a change whose indexes A's queries cannot use.
 */
import "reflect-metadata";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { spawn, ChildProcess } from "node:child_process";
import { openDataSource } from "../src/db/data-source";
import { parseDatabaseUrl } from "../src/config";
import { projectRoot } from "../src/shared/paths";
import { cases } from "./cases";
import { postGraphql } from "./http";
import { writeResults } from "./results-file";

function arg(argv: string[], name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

const post = (port: number, body: string) => postGraphql(agent, port, body);

async function start(root: string, url: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(root, "bin", "gongkai"), "serve"], {
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), GONGKAI_LOAD_DEMO: "false", NODE_ENV: "production", GONGKAI_MAX_COST: "1000000", GONGKAI_RATE_LIMIT_COST: "1000000000", GONGKAI_RESPONSE_CACHE: "false" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      reject(new Error(`${root}: server did not start in 120 s`));
    }, 120000);
    child.stdout.on("data", (d) => {
      if (String(d).includes("GraphQL and GraphiQL at")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on("exit", (code) => reject(new Error(`${root}: server exited with ${code}`)));
  });
  return child;
}

const quantile = (xs: number[], q: number) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

async function main() {
  const argv = process.argv.slice(2);
  const db = arg(argv, "db", "");
  const aRoot = arg(argv, "a", "");
  if (!db || !aRoot) throw new Error("usage: bench:ab -- --db <url of a generated database> --a <project folder> [--db-a <url>] [--b <folder>] [--rounds 30] [--only ranking,coverage]");
  const roots = [path.resolve(aRoot), path.resolve(arg(argv, "b", projectRoot()))];
  // A's own database (a copy with A's schema) when the change alters indexes that A's queries rely on.
  const dbs = [arg(argv, "db-a", db), db];
  const rounds = Number(arg(argv, "rounds", "30"));
  const only = arg(argv, "only", "").split(",").filter(Boolean);
  for (const root of roots) if (!fs.existsSync(path.join(root, "dist", "src", "cli", "index.js"))) throw new Error(`${root}: no dist/ (build it first)`);
  const ds = await openDataSource(parseDatabaseUrl(db));
  const all = await cases(ds);
  const reports = Number((await ds.query("SELECT COUNT(*) AS n FROM report"))[0].n);
  await ds.destroy();
  const chosen = all.filter((c) => c.name === "{ __typename }" || c.name.startsWith("regionStatistics (") || !only.length || only.some((o) => c.name.includes(o)));
  const ports = [4900 + Math.floor(Math.random() * 50), 4950 + Math.floor(Math.random() * 50)];
  const children: ChildProcess[] = [];
  const times = chosen.map(() => [[] as number[], [] as number[]]);
  try {
    for (let i = 0; i < 2; i++) children.push(await start(roots[i], dbs[i], ports[i]));
    const bodies = chosen.map((c) => JSON.stringify({ query: c.query, variables: c.variables }));
    for (let r = -3; r < rounds; r++) {
      for (let q = 0; q < chosen.length; q++) {
        for (const side of r % 2 === 0 ? [0, 1] : [1, 0]) {
          const ms = await post(ports[side], bodies[q]);
          if (r >= 0) times[q][side].push(ms);
        }
      }
    }
  } finally {
    for (const c of children) c.kill("SIGTERM");
  }
  const lines = [
    `# A/B of two builds — ${new Date().toISOString().slice(0, 10)}`, "",
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}; Node ${process.version}; load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(", ")}.`,
    `Database: ${db.replace(/\/\/[^@]*@/, "//…@")} (${reports.toLocaleString("en")} reports)${dbs[0] !== db ? `; A on its copy ${dbs[0].replace(/\/\/[^@]*@/, "//…@")} (A's schema)` : ""}. A: ${roots[0]}; B: ${roots[1]}.`,
    `Each build's server (response cache off) as a child process; ${rounds} rounds after 3 warm-ups, every query once to A and once to B per round over HTTP, the order alternating.`, "",
    "| query | A p50 ms | B p50 ms | B ÷ A (p50) | A p90 ms | B p90 ms |",
    "|---|---:|---:|---:|---:|---:|",
    ...chosen.map((c, q) => {
      const [ta, tb] = times[q];
      return `| ${c.name} | ${quantile(ta, 0.5).toFixed(2)} | ${quantile(tb, 0.5).toFixed(2)} | ${(quantile(tb, 0.5) / quantile(ta, 0.5)).toFixed(2)} | ${quantile(ta, 0.9).toFixed(2)} | ${quantile(tb, 0.9).toFixed(2)} |`;
    }),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  const out = path.join(projectRoot(), "bench", "results", `${new Date().toISOString().slice(0, 10)}-ab-${path.basename(new URL(db.replace(/^(mariadb|mysql):/, "http:")).pathname)}.md`);
  process.stderr.write(`written to ${writeResults(out, `${lines.join("\n")}\n`)}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exitCode = 1;
});
