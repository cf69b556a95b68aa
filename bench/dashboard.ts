/**
 * npm run bench:dashboard — how long each dashboard view takes, in Debian's chromium, from the
 * start of navigation until its data is on screen, on a generated province (default 100k reports,
 * SQLite). The database is generated once (bench/data/dashboard-<size>.sqlite) and reused.
 *
 *   npm run bench:dashboard -- --size 100k --runs 5
 *   npm run bench:dashboard -- --db mysql://user:pass@127.0.0.1:3306/gongkai_bench_100k
 *   npm run bench:dashboard -- --only 区域概览,核查发现 --runs 3
 *
 * Each view is opened once to warm the server, then `runs` times in a fresh browser context (cold:
 * page, scripts and GraphQL all fetched) and `runs` times in the same context (warm: scripts cached).
 * Results go to bench/results/ as Markdown, with the requests of each view's last cold run (when
 * each started and ended), to see which one keeps the data off the screen.
 */
import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import os from "node:os";
import zlib from "node:zlib";
import { execFileSync } from "node:child_process";
import { openDataSource } from "../src/db/data-source";
import { loadConfig, parseDatabaseUrl } from "../src/config";
import { startServer } from "../src/server";
import { buildProvince, SIZES } from "../src/demo/generate";
import { loadProvince } from "../src/demo/load-province";
import { projectRoot } from "../src/shared/paths";
import { writeResults } from "./results-file";

const root = projectRoot();
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const size = arg("size", "100k");
const runs = Number(arg("runs", "5"));
const port = Number(arg("port", "4163"));
const dbUrl = arg("db", `sqlite:${path.join("bench", "data", `dashboard-${size}.sqlite`)}`);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** --only 区域概览,核查发现: only the views whose name contains one of these. */
const only = arg("only", "") ? arg("only", "").split(",") : null;

/**
 * Runs in the page before its scripts: the first frame after the view's data is in the document
 * (ms from the start of navigation) — when it is painted, without the delay of Playwright's polling,
 * which a loaded machine stretches.
 */
const paintProbe = (selector: string) => `(() => {
  const check = () => {
    if (window.__gkSeen || !document.querySelector(${JSON.stringify(selector)})) return;
    window.__gkSeen = true;
    requestAnimationFrame(() => { window.__gkPainted = performance.now(); });
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
})();`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<number> {
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`bench:dashboard: ${CHROMIUM} not found (bash .ci/browser-setup.sh installs it)`);
    return 1;
  }
  if (!SIZES[size]) throw new Error(`--size must be one of ${Object.keys(SIZES).join(", ")}`);
  const db = parseDatabaseUrl(dbUrl);
  if (db.kind === "sqlite") fs.mkdirSync(path.dirname(path.resolve(root, db.location)), { recursive: true });
  const ds = await openDataSource(db);
  const [{ n }] = await ds.query("SELECT COUNT(*) AS n FROM report");
  if (Number(n) === 0) {
    console.log(`generating 示例省 (${size}) into ${dbUrl} …`);
    const stats = await loadProvince(ds, buildProvince(SIZES[size]));
    console.log(`generated ${stats.reports} reports in ${stats.seconds.toFixed(0)} s`);
  }
  const [{ n: reports }] = await ds.query("SELECT COUNT(*) AS n FROM report WHERE isCurrent = 1");
  execFileSync(process.execPath, [path.join(root, "node_modules", "vite", "bin", "vite.js"), "build", "--config", "dashboard/vite.config.mts", "--logLevel", "error"], { cwd: root, stdio: "inherit" });
  const assets = path.join(root, "dist", "dashboard", "assets");
  const jsGz = fs.readdirSync(assets).filter((f) => f.endsWith(".js")).reduce((s, f) => s + zlib.gzipSync(fs.readFileSync(path.join(assets, f)), { level: 9 }).length, 0);

  const server = await startServer(ds, loadConfig({ ...process.env, GONGKAI_LOAD_DEMO: "false", GONGKAI_LOG: "silent" }), port);
  const base = `http://127.0.0.1:${port}`;
  const gql = async (query: string): Promise<any> => {
    const body: any = await (await fetch(`${base}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) })).json();
    return body.data;
  };
  const year = 2023;
  const finding = (await gql(`{ findings(regionCode: "990000", first: 1) { nodes { report { id } } } }`)).findings.nodes[0];
  const agencies = (await gql(`{ agencies(filter: { regionCode: "990100" }, first: 3) { nodes { id } } }`)).agencies.nodes.map((a: any) => a.id);
  const views: Array<[string, string, string]> = [
    ["区域概览 (province)", `/dashboard/overview?region=990000&year=${year}`, "[data-kpi] [data-value]"],
    ["区域概览 (prefecture)", `/dashboard/overview?region=990100&year=${year}`, "[data-kpi] [data-value]"],
    ["趋势 (by kind)", `/dashboard/trends?region=990000&measure=DISCLOSURE_RATE`, 'table[data-table="trend"] tbody tr'],
    ["趋势 (by sub-region)", `/dashboard/trends?region=990000&measure=DISCLOSURE_RATE&by=sub`, 'table[data-table="trend"] tbody tr:nth-child(2)'],
    ["排名", `/dashboard/ranking?region=990000&year=${year}&measure=DISCLOSURE_RATE&min=10`, 'table[data-table="ranking"] tbody tr'],
    ["机关对比", `/dashboard/compare?agencies=${agencies.join(",")}&years=2019-2025`, "table.compare tbody tr"],
    ["核查发现", `/dashboard/findings?region=990000`, 'table[data-table="findings"] tbody tr'],
    ["报告", `/dashboard/report?id=${finding.report.id}`, "td.cell-fail"],
  ];

  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
  });
  const rows: string[] = [];
  const timelines: string[] = [];
  const loadBefore = os.loadavg()[0];
  try {
    const warm = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const warmPage = await warm.newPage();
    for (const [name, url, ready] of views.filter(([n]) => !only || only.some((o) => n.includes(o)))) {
      await warmPage.goto(base + url);
      await warmPage.waitForSelector(ready, { timeout: 60_000 });
      const cold: number[] = [];
      const coldPaint: number[] = [];
      const hot: number[] = [];
      let timeline = "";
      for (let i = 0; i < runs; i++) {
        const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
        const page = await ctx.newPage();
        // The network panel of the last cold run: when each request started and ended (ms from navigation).
        let t0 = performance.now();
        const started = new Map<object, [string, number]>();
        const done: Array<[string, number, number]> = [];
        page.on("request", (r) => {
          const u = new URL(r.url());
          const label = u.pathname === "/graphql" ? JSON.parse(r.postData() ?? "{}").operationName ?? "graphql" : u.pathname.replace(/^.*\//, "") || u.pathname;
          started.set(r, [label, performance.now() - t0]);
        });
        page.on("requestfinished", (r) => {
          const s = started.get(r);
          if (s) done.push([s[0], s[1], performance.now() - t0]);
        });
        await page.addInitScript({ content: paintProbe(ready) });
        t0 = performance.now();
        await page.goto(base + url);
        await page.waitForSelector(ready, { timeout: 60_000 });
        const readyAt = performance.now() - t0;
        cold.push(readyAt);
        const painted = Number(await page.waitForFunction("window.__gkPainted", undefined, { timeout: 60_000 }).then((h) => h.jsonValue()));
        coldPaint.push(painted);
        timeline = done.sort((a, b) => a[1] - b[1]).map(([l, a, b]) => `${l} ${a.toFixed(0)}–${b.toFixed(0)}`).join(", ") + `; painted ${painted.toFixed(0)}; seen by playwright ${readyAt.toFixed(0)}`;
        await ctx.close();
        await warmPage.goto("about:blank");
        const t1 = performance.now();
        await warmPage.goto(base + url);
        await warmPage.waitForSelector(ready, { timeout: 60_000 });
        hot.push(performance.now() - t1);
      }
      const line = `| ${name} | ${median(coldPaint).toFixed(0)} | ${median(cold).toFixed(0)} | ${Math.max(...cold).toFixed(0)} | ${median(hot).toFixed(0)} | ${Math.max(...hot).toFixed(0)} | ${median(coldPaint) <= 1500 ? "yes" : "no"} |`;
      console.log(line);
      console.log(`    ${timeline}`);
      rows.push(line);
      timelines.push(`| ${name} | ${timeline} |`);
    }
  } finally {
    await browser.close();
    await server.stop();
    await ds.destroy();
  }
  const md = [
    `# Dashboard views in chromium — ${size} (${reports} current reports), ${db.kind}`,
    "",
    `${new Date().toISOString()}, ${runs} runs per view, viewport 1366×768, server in-process on 127.0.0.1, ${process.version}.`,
    `Time from the start of navigation until the view's data is on screen: "painted" is the first frame after it is in the page (measured in the page), the others when Playwright's polling sees it. JavaScript: ${(jsGz / 1024).toFixed(0)} KiB gzipped.`,
    `Machine: ${os.cpus().length} cores, load average ${loadBefore.toFixed(1)} before and ${os.loadavg()[0].toFixed(1)} after the run (other processes share the cores).`,
    "",
    "| view | cold p50 painted ms | cold p50 ms | cold max ms | warm p50 ms | warm max ms | painted cold p50 ≤ 1.5 s |",
    "|---|---|---|---|---|---|---|",
    ...rows,
    "",
    "Requests of the last cold run of each view (start–end, ms from the start of navigation):",
    "",
    "| view | requests |",
    "|---|---|",
    ...timelines,
    "",
  ].join("\n");
  const out = path.join(root, "bench", "results", `${new Date().toISOString().slice(0, 10)}-dashboard-${size}-${db.kind}.md`);
  console.log(`wrote ${path.relative(root, writeResults(out, md))}`);
  return 0;
}

main().then((code) => process.exit(code), (e) => {
  console.error(e);
  process.exit(1);
});
