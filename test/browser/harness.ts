/// <reference lib="dom" />
/**
 * Browser-test harness: the real server on an in-memory database, Debian's chromium driven by
 * playwright-core, and the checks every page gets (no console errors, no request leaving
 * 127.0.0.1, at most 3 GraphQL requests per view, axe-core's WCAG AA rules).
 */
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { DataSource } from "typeorm";
import { loadConfig } from "../../src/config";
import { startServer, RunningServer } from "../../src/server";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const HAVE_CHROMIUM = fs.existsSync(CHROMIUM);
const ROOT = path.join(__dirname, "..", "..");

/** `describe`, or `describe.skip` with the reason printed, when chromium is not installed. */
export function describeBrowser(name: string, fn: () => void): void {
  if (HAVE_CHROMIUM) {
    describe(name, fn);
    return;
  }
  // Printed, not silent: the suite is skipped, not passed.
  console.warn(`[browser tests] SKIPPED "${name}": ${CHROMIUM} not found (bash .ci/browser-setup.sh installs chromium and fonts-noto-cjk)`);
  describe.skip(name, fn);
}

/** Builds the dashboard from the current sources (the served copy must be what the tests read). */
let built = false;
export function buildDashboard(): void {
  if (built) return;
  built = true;
  execFileSync(process.execPath, [path.join(ROOT, "node_modules", "vite", "bin", "vite.js"), "build", "--config", "dashboard/vite.config.mts", "--logLevel", "error"], { cwd: ROOT, stdio: "inherit" });
}

export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--disable-quic", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
];

export async function launch(): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

export interface Served {
  server: RunningServer;
  base: string;
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

/** `env`: extra settings, e.g. GONGKAI_TOKENS for an editor token. */
export async function serveOn(ds: DataSource, port: number, env: Record<string, string> = {}): Promise<Served> {
  const config = loadConfig({ NODE_ENV: "test", ...env });
  const server = await startServer(ds, config, port);
  const base = `http://127.0.0.1:${port}`;
  return {
    server, base,
    async gql(query, variables = {}) {
      const res = await fetch(`${base}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
      const body = (await res.json());
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    },
  };
}

/** A page whose console errors, outside requests and GraphQL requests are recorded. */
export interface Watched {
  page: Page;
  context: BrowserContext;
  consoleErrors: string[];
  outside: string[];
  graphql: Array<{ operationName: string }>;
}

export async function watchedPage(browser: Browser): Promise<Watched> {
  // bypassCSP: only so that axe-core's script can be injected into the page.
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN", bypassCSP: true });
  const page = await context.newPage();
  const w: Watched = { page, context, consoleErrors: [], outside: [], graphql: [] };
  page.on("console", (m) => { if (m.type() === "error") w.consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => w.consoleErrors.push(`pageerror: ${e.message}`));
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.protocol === "data:" || url.protocol === "blob:" || url.protocol === "about:") return;
    if (url.hostname !== "127.0.0.1") w.outside.push(r.url());
    if (url.pathname === "/graphql" && r.method() === "POST") w.graphql.push(JSON.parse(r.postData() ?? "{}"));
  });
  return w;
}

/** Opens a view with a fresh page load and waits until `ready` is on screen; returns the GraphQL operations it sent. */
export async function openView(w: Watched, url: string, ready: string): Promise<string[]> {
  // The previous view's requests still in flight would be counted as this view's: leave it first.
  await w.page.goto("about:blank");
  await w.page.waitForLoadState("networkidle");
  w.graphql.length = 0;
  await w.page.goto(url);
  await w.page.waitForSelector(ready, { timeout: 20000 });
  await w.page.waitForLoadState("networkidle");
  return w.graphql.map((g) => g.operationName);
}

const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation { id: string; impact: string; nodes: Array<{ target: string[]; failureSummary: string }> }

/** axe-core's WCAG 2 A/AA rules on the current page. */
export async function axe(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const r = await (window as any).axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return r.violations.map((v: any) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n: any) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
}

/** Numbers as the dashboard prints them: 1,026 → 1026; 51.8% → 0.518 (to 0.1 %). */
export function num(text: string | null): number {
  const t = (text ?? "").trim().replace(/,/g, "");
  return t.endsWith("%") ? Number(t.slice(0, -1)) / 100 : Number(t);
}

export function pct(v: number): string {
  return `${(v * 100).toFixed(1)}%`;
}

/**
 * Tabs through the page from the top and returns a description of each element focused, until
 * focus comes back to the first one (or `max` presses).
 */
export async function tabThrough(page: Page, max = 600): Promise<string[]> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.locator("body").focus();
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const id = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return "";
      const i = el.getAttribute("data-kbd-id") ?? "";
      return i;
    });
    if (!id) continue;
    if (seen[0] === id) break;
    seen.push(id);
  }
  return seen;
}

/** Tags every visible control with an id and returns the ids (what Tab must reach). */
export async function visibleControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const els = Array.from(document.querySelectorAll<HTMLElement>('a[href], button:not([disabled]), select, input, textarea, [tabindex]:not([tabindex="-1"]), summary'));
    const out: string[] = [];
    els.forEach((el, i) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      const visible = r.width > 0 && r.height > 0 && style.visibility !== "hidden" && !el.closest("[hidden]");
      // The skip link is positioned off screen until focused: it is a control too.
      if (!visible && !el.classList.contains("skip-link")) return;
      const id = `k${i}`;
      el.setAttribute("data-kbd-id", id);
      out.push(id);
    });
    return out;
  });
}
