/// <reference lib="dom" />
/**
 * The dashboard in Debian's chromium against the real server: every view on the generated
 * province (示例省, tiny) and on the real reports, figures checked against the API's own answers,
 * no console errors, no request leaving 127.0.0.1, at most 3 GraphQL requests per view, axe-core
 * WCAG AA (colour contrast included) and a keyboard-only pass.
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import type { Browser } from "playwright-core";
import type { DataSource } from "typeorm";
import { openDataSource } from "../../src/db/data-source";
import { buildProvince, SIZES } from "../../src/demo/generate";
import { loadProvince } from "../../src/demo/load-province";
import { demoReports, loadDemo } from "../../src/demo/real-reports";
import { ImportService } from "../../src/ingestion/import.service";
import { findingMessage, RULE_TITLES } from "../../dashboard/src/i18n/findings";
import { CELLS } from "../../src/domain/cells";
import { axe, buildDashboard, describeBrowser, launch, num, openView, pct, Served, serveOn, tabThrough, visibleControls, watchedPage, Watched } from "./harness";

jest.setTimeout(180_000);

const KPI_PATHS = [
  "applications.newReceived.total", "applications.carriedOver.total", "applications.outcomes.total.total", "applications.outcomes.granted.total",
  "applications.carriedForward.total", "reviewLitigation.review.total", "reviewLitigation.litigationDirect.total", "reviewLitigation.litigationAfterReview.total",
];
const CELL_NAMES = new Map(CELLS.map((c) => [c.path, c.zh]));
const get = (tree: any, path: string) => path.split(".").reduce((t, k) => t?.[k], tree);

describeBrowser("dashboard on the generated province", () => {
  let ds: DataSource;
  let s: Served;
  let browser: Browser;
  let w: Watched;
  /** Every view once, for the page-wide checks at the end. */
  const visited: string[] = [];

  beforeAll(async () => {
    buildDashboard();
    ds = await openDataSource({ kind: "sqlite", location: ":memory:" });
    await loadProvince(ds, buildProvince(SIZES.tiny));
    s = await serveOn(ds, 4161);
    browser = await launch();
    w = await watchedPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await s?.server.stop();
    await ds?.destroy();
  });
  afterEach(() => {
    visited.push(w.page.url());
  });

  it("/ leads to the region overview of the province with reports; KPIs equal regionStatistics", async () => {
    const ops = await openView(w, `${s.base}/`, "[data-kpi] [data-value]");
    expect(new URL(w.page.url()).pathname).toBe("/dashboard/");
    // The tree first (the URL names no region), then the figures, then what is below them.
    expect(ops).toEqual(["RegionTree", "RegionOverview", "RegionOverviewMore"]);
    const latest = Math.max(...(await s.gql(`{ trend(measure: "applications.newReceived.total", regionCode: "990000", fromYear: 2019, toYear: 2030) { year reportCount } }`))
      .trend.filter((p: any) => p.reportCount > 0).map((p: any) => p.year));
    await expect(w.page.locator("h2").first().textContent()).resolves.toContain(`示例省 · ${latest} 年`);
  });

  it("region overview of a prefecture-year: key figures, metrics and coverage are the API's", async () => {
    const ops = await openView(w, `${s.base}/dashboard/overview?region=990100&year=2023`, "[data-kpi] [data-value]");
    // The figures first; the coverage lists and the region tree after them.
    expect(ops).toEqual(["RegionOverview", "RegionOverviewMore", "RegionTree"]);
    const api = (await s.gql(`{ cur: regionStatistics(regionCode: "990100", year: 2023) {
      applications { newReceived { total } carriedOver { total } outcomes { total { total } granted { total } } carriedForward { total } }
      reviewLitigation { review { total } litigationDirect { total } litigationAfterReview { total } }
      metrics { disclosureRate { numerator denominator value } backlogRate { value } }
      coverage { reportingAgencies missingCount }
    } }`)).cur;
    for (const path of KPI_PATHS) {
      const text = await w.page.locator(`[data-kpi="${path}"] [data-value]`).textContent();
      expect([path, num(text)]).toEqual([path, get(api, path)]);
    }
    expect(api.applications.newReceived.total).toBeGreaterThan(0);
    const rate = w.page.locator('[data-metric="DISCLOSURE_RATE"]');
    await expect(rate.locator("[data-value]").textContent()).resolves.toBe(pct(api.metrics.disclosureRate.value));
    await expect(rate.locator("td").nth(1).textContent()).resolves.toBe(api.metrics.disclosureRate.numerator.toLocaleString("en-US"));
    await expect(rate.locator("td").nth(2).textContent()).resolves.toBe(api.metrics.disclosureRate.denominator.toLocaleString("en-US"));
    expect(num(await w.page.locator('[data-coverage="reporting"]').textContent())).toBe(api.coverage.reportingAgencies);
    await w.page.waitForSelector('[data-coverage="missing"]');
    expect(num(await w.page.locator('[data-coverage="missing"]').textContent())).toBe(api.coverage.missingCount);
    // The summed official table: 本年新收·自然人 as the API sums it.
    const natural = (await s.gql(`{ regionStatistics(regionCode: "990100", year: 2023) { applications { newReceived { natural } } } }`)).regionStatistics.applications.newReceived.natural;
    await w.page.waitForSelector('td[data-path="applications.newReceived.natural"]');
    expect(num(await w.page.locator('td[data-path="applications.newReceived.natural"]').textContent())).toBe(natural);
    // Downloads point at the export routes.
    await expect(w.page.locator('a[href="/export/region/990100/2023.xlsx"]').count()).resolves.toBe(1);
  });

  it("the region tree searches down to counties and its links keep the view", async () => {
    await openView(w, `${s.base}/dashboard/overview?region=990000&year=2023`, "[data-kpi] [data-value]");
    const county = (await s.gql(`{ region(code: "990201") { name parent { name parent { name } } } }`)).region;
    await w.page.fill(".region-picker input[type=search]", county.name);
    const hit = w.page.locator(".matches a").first();
    await expect(hit.textContent()).resolves.toBe(`${county.parent.parent.name} › ${county.parent.name} › ${county.name}`);
    await hit.click();
    await w.page.waitForURL(/region=990201/);
    await w.page.waitForSelector("[data-kpi] [data-value]");
    await expect(w.page.locator("h2").first().textContent()).resolves.toContain(`${county.name} · 2023 年`);
  });

  it("trends: the region's line and table are the API's trend, and sub-regions get one row each", async () => {
    const ops = await openView(w, `${s.base}/dashboard/trends?region=990000&measure=DISCLOSURE_RATE&from=2019&to=2025&by=sub`, 'table[data-table="trend"] tbody tr');
    expect({ ops, count: ops.length <= 3 }).toMatchObject({ count: true });
    await w.page.waitForFunction(() => document.querySelectorAll('table[data-table="trend"] tbody tr').length >= 3);
    const api = (await s.gql(`{ trend(measure: "DISCLOSURE_RATE", regionCode: "990000", fromYear: 2019, toYear: 2025) { year value { value } } }`)).trend;
    const cells = w.page.locator('table[data-table="trend"] tbody tr').first().locator("td");
    for (const [i, p] of api.entries()) {
      const text = (await cells.nth(i).textContent()) ?? "";
      expect([p.year, text.slice(0, text.indexOf("%") + 1)]).toEqual([p.year, pct(p.value.value)]);
    }
    const rows = await w.page.locator('table[data-table="trend"] tbody th').allTextContents();
    expect(rows).toEqual(["示例省（全部）", "示例省第1市", "示例省第2市"]);
  });

  it("ranking: the first bar and first row are the API's first agency; small samples listed apart", async () => {
    const ops = await openView(w, `${s.base}/dashboard/ranking?region=990000&year=2023&measure=DISCLOSURE_RATE&min=10`, 'table[data-table="ranking"] tbody tr');
    expect(ops.length).toBeLessThanOrEqual(3);
    const api = (await s.gql(`{ ranking(measure: "DISCLOSURE_RATE", year: 2023, regionCode: "990000", minDenominator: 10, first: 100) {
      rankedCount entries { rank agency { name } value { value } } smallSamples { agency { name } } } }`)).ranking;
    expect(api.entries.length).toBeGreaterThan(1);
    const first = w.page.locator('table[data-table="ranking"] tbody tr').first();
    await expect(first.locator("th").textContent()).resolves.toBe(api.entries[0].agency.name);
    await expect(first.locator("td").nth(2).textContent()).resolves.toBe(pct(api.entries[0].value.value));
    expect(num(await w.page.locator("[data-ranked-count]").textContent())).toBe(api.rankedCount);
    // ECharts' ARIA description lists the bars in order: the first is the API's first agency.
    await w.page.waitForFunction(() => !!document.querySelector('[data-chart$="排名"]')?.getAttribute("aria-label")?.includes("数据"));
    const aria = (await w.page.locator('[data-chart$="排名"]').getAttribute("aria-label")) ?? "";
    const firstBar = `${api.entries[0].rank}. ${api.entries[0].agency.name}`;
    expect(aria.indexOf(firstBar)).toBeGreaterThan(0);
    for (const e of api.entries.slice(1)) expect(aria.indexOf(`${e.rank}. ${e.agency.name}`)).toBeGreaterThan(aria.indexOf(firstBar));
    // Ties share a rank in the table as in the API.
    const ranks = (await w.page.locator('table[data-table="ranking"] tbody tr td:first-child').allTextContents()).map(Number);
    expect(ranks).toEqual(api.entries.map((e: any) => e.rank));
    // The chart downloads as a PNG.
    const [download] = await Promise.all([w.page.waitForEvent("download"), w.page.locator("figure.chart button", { hasText: "下载 PNG" }).click()]);
    expect(download.suggestedFilename()).toBe("990000-2023-DISCLOSURE_RATE-排名.png");
    const png = fs.readFileSync((await download.path()));
    expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    expect(png.length).toBeGreaterThan(5000);
    const small = await w.page.locator('[data-list="small-samples"] li').allTextContents();
    expect(small.map((t) => t.split(" ")[0])).toEqual(api.smallSamples.map((x: any) => x.agency.name));
  });

  it("comparison: agencies found by name, official rows with changes, comparable:false marked", async () => {
    const found = (await s.gql(`{ agencies(filter: { name: "教育局", regionCode: "990000" }, first: 2) { nodes { id name } } }`)).agencies.nodes;
    expect(found).toHaveLength(2);
    const other = [found[1]];
    const ids = [found[0].id, found[1].id];
    const ops = await openView(w, `${s.base}/dashboard/compare?agencies=${ids[0]}&years=2019-2025`, "table.compare tbody tr");
    expect([...ops].sort()).toEqual(["Compare", "RegionTree"]);
    // Add the second agency by searching, keyboard only.
    await w.page.locator('form.search input[type=search]').focus();
    await w.page.keyboard.type(other[0].name);
    await w.page.keyboard.press("Enter");
    const add = w.page.locator("form.search .results li", { hasText: other[0].name }).locator("button");
    await add.focus();
    await w.page.keyboard.press("Enter");
    await w.page.waitForURL(new RegExp(`agencies=${ids[0]}%2C${ids[1]}|agencies=${ids[0]},${ids[1]}`));
    await w.page.waitForFunction(() => document.querySelectorAll("table.compare").length === 2);
    const api = (await s.gql(`{ compareAgencies(agencyIds: ${JSON.stringify(ids)}, years: [2019,2020,2021,2022,2023,2024,2025], measures: ["applications.newReceived.total", "proactive.licensing.decisions"]) {
      agency { id } series { measure values { year value { value } } changes { toYear comparable } } } }`)).compareAgencies;
    for (const a of api) {
      const table = w.page.locator(`table.compare[data-agency="${a.agency.id}"]`);
      const newReceived = a.series[0];
      const cells = table.locator('tr[data-measure="applications.newReceived.total"] td');
      for (const [i, v] of newReceived.values.entries()) {
        const text = (await cells.nth(i).textContent()) ?? "";
        expect([v.year, v.value ? num(text.match(/^[\d,]+/)?.[0] ?? "") : text]).toEqual([v.year, v.value ? v.value.value : "—"]);
      }
      const licensing = a.series[1];
      const notComparable = licensing.changes.filter((c: any) => !c.comparable).map((c: any) => c.toYear);
      expect(notComparable).toContain(2021);
      const marked = table.locator('tr[data-measure="proactive.licensing.decisions"] td');
      for (const [i, v] of licensing.values.entries()) {
        const flagged = (await marked.nth(i).locator(".flag").count()) > 0;
        expect([v.year, flagged]).toEqual([v.year, notComparable.includes(v.year) && v.value !== null]);
      }
    }
  });

  it("findings: counts are the API's and each row links to its report, whose failing cells are highlighted with the reason", async () => {
    const ops = await openView(w, `${s.base}/dashboard/findings?region=990000`, 'table[data-table="findings"] tbody tr');
    expect(ops).toEqual(["Findings", "FindingCounts", "RegionTree"]);
    const api = (await s.gql(`{ findingCounts(regionCode: "990000") { total byRule { key count } } findings(regionCode: "990000", first: 20) { nodes { rule message path printed computed year report { id } agency { name } } } }`));
    expect(api.findingCounts.total).toBeGreaterThan(0);
    expect(num(await w.page.locator("[data-findings-total]").textContent())).toBe(api.findingCounts.total);
    const first = w.page.locator('table[data-table="findings"] tbody tr').first();
    await expect(first.locator("th a").textContent()).resolves.toBe(api.findings.nodes[0].agency.name);
    // Messages in Chinese, built from each finding's own figures; rule titles in Chinese.
    const shown = await w.page.locator('table[data-table="findings"] tbody td[data-message]').allTextContents();
    expect(shown.slice(0, api.findings.nodes.length)).toEqual(api.findings.nodes.map((f: any) => findingMessage(f, (p) => CELL_NAMES.get(p) ?? p)));
    for (const [i, f] of api.findings.nodes.entries()) {
      expect([i, /[\u4e00-\u9fff]/.test(shown[i]), /\b(?:but|prints|sum|the)\b/.test(shown[i])]).toEqual([i, true, false]);
      if (f.printed !== null) expect(shown[i]).toContain(String(f.printed));
      if (f.computed !== null) expect(shown[i]).toContain(String(f.computed));
    }
    await expect(first.locator("abbr").getAttribute("title")).resolves.toBe(RULE_TITLES[api.findings.nodes[0].rule]);
    w.graphql.length = 0;
    await first.locator("th a").click();
    await w.page.waitForURL(new RegExp(`/dashboard/report\\?id=${api.findings.nodes[0].report.id}$`));
    await w.page.waitForSelector("td.cell-fail");
    expect(w.graphql.map((g) => g.operationName).sort()).toEqual(["Report", "ReportOriginal"]);
    const title = await w.page.locator("td.cell-fail").first().getAttribute("title");
    expect(title).toContain(`${api.findings.nodes[0].rule}：`);
    await expect(w.page.locator('[data-list="findings"] li').first().textContent()).resolves.toContain(api.findings.nodes[0].rule);
  });

  it("the dashboard's JavaScript is under 1 MB gzipped and loads no other origin", async () => {
    const dir = path.join(__dirname, "..", "..", "dist", "dashboard", "assets");
    const js = fs.readdirSync(dir).filter((f) => f.endsWith(".js"));
    const gz = js.reduce((n, f) => n + zlib.gzipSync(fs.readFileSync(path.join(dir, f)), { level: 9 }).length, 0);
    console.log(`[dashboard] JavaScript: ${js.length} file(s), ${(gz / 1024).toFixed(0)} KiB gzipped`);
    expect(gz).toBeLessThan(1024 * 1024);
    const html = fs.readFileSync(path.join(dir, "..", "index.html"), "utf8");
    expect(html.match(/(?:src|href)="(?!\/dashboard\/|data:)[^"]*"/g)).toBeNull();
  });

  it("every view: no console errors, no request outside 127.0.0.1", () => {
    expect(visited.length).toBeGreaterThanOrEqual(6);
    expect(w.consoleErrors).toEqual([]);
    expect(w.outside).toEqual([]);
  });

  describe("accessibility", () => {
    const views = [
      ["overview", "/dashboard/overview?region=990100&year=2023", "[data-kpi] [data-value]"],
      ["trends", "/dashboard/trends?region=990000&measure=applications.newReceived.total", 'table[data-table="trend"] tbody tr'],
      ["ranking", "/dashboard/ranking?region=990000&year=2023&measure=DISCLOSURE_RATE&min=10", 'table[data-table="ranking"] tbody tr'],
      ["compare", "/dashboard/compare?agencies=1,2&years=2019-2025", "table.compare tbody tr"],
      ["findings", "/dashboard/findings?region=990000", 'table[data-table="findings"] tbody tr'],
      ["report", "/dashboard/report?id=1", "table.official.apps tbody tr"],
      ["search", "/dashboard/search?q=%E6%94%BF%E5%BA%9C%E4%BF%A1%E6%81%AF", "[data-search-total]"],
    ] as const;

    it.each(views)("%s meets WCAG AA (axe-core), colour contrast included", async (_name, url, ready) => {
      await openView(w, s.base + url, ready);
      const violations = await axe(w.page);
      expect(violations.filter((v) => v.id === "color-contrast")).toEqual([]);
      expect(violations).toEqual([]);
    });

    it("axe-core does flag low contrast on these pages (the check can fail)", async () => {
      await openView(w, `${s.base}/dashboard/findings?region=990000`, 'table[data-table="findings"] tbody tr');
      await w.page.evaluate(() => {
        const p = document.createElement("p");
        p.textContent = "浅灰色的字";
        p.style.color = "#b0b0b0";
        document.querySelector("main")!.append(p);
      });
      expect((await axe(w.page)).map((v) => v.id)).toContain("color-contrast");
    });

    it.each(views)("%s: Tab reaches every control", async (_name, url, ready) => {
      await openView(w, s.base + url, ready);
      const controls = await visibleControls(w.page);
      expect(controls.length).toBeGreaterThan(5);
      const reached = await tabThrough(w.page, controls.length + 20);
      const missed = controls.filter((c) => !reached.includes(c));
      const described = await w.page.evaluate((ids) => ids.map((id) => document.querySelector(`[data-kbd-id="${id}"]`)?.outerHTML.slice(0, 120)), missed);
      expect(described).toEqual([]);
    });

    it("Enter follows a link, opens a tree node and activates a button; a select changes with the arrow keys", async () => {
      await openView(w, `${s.base}/dashboard/overview?region=990000&year=2023`, "[data-kpi] [data-value]");
      // Skip link first, then the view links of the header.
      await w.page.keyboard.press("Tab");
      await expect(w.page.evaluate(() => document.activeElement?.textContent)).resolves.toBe("跳到正文");
      let guard = 0;
      while ((await w.page.evaluate(() => document.activeElement?.textContent)) !== "排名" && guard++ < 20) await w.page.keyboard.press("Tab");
      await w.page.keyboard.press("Enter");
      await w.page.waitForURL(/\/dashboard\/ranking\?region=990000&year=2023/);
      await w.page.waitForSelector('table[data-table="ranking"] tbody tr');
      // A region-tree toggle.
      const toggle = w.page.locator(".tree-toggle[aria-expanded]").nth(1);
      await toggle.focus();
      const before = await toggle.getAttribute("aria-expanded");
      await w.page.keyboard.press("Enter");
      await expect(toggle.getAttribute("aria-expanded")).resolves.toBe(before === "true" ? "false" : "true");
      // The order select, by keyboard.
      const order = w.page.locator('select[name="order"]');
      await order.focus();
      await w.page.keyboard.press("ArrowDown");
      await w.page.waitForURL(/order=ASC/);
      await w.page.waitForFunction(() => document.querySelector("h2")?.textContent?.includes("排名"));
      expect(w.consoleErrors).toEqual([]);
    });
  });
});

const EDITOR_TOKEN = "editor-token-for-browser-tests";

async function expectTabReachesAll(w: Watched): Promise<void> {
  const controls = await visibleControls(w.page);
  const reached = await tabThrough(w.page, controls.length + 20);
  const missed = controls.filter((c) => !reached.includes(c));
  expect(await w.page.evaluate((ids) => ids.map((id) => document.querySelector(`[data-kbd-id="${id}"]`)?.outerHTML.slice(0, 120)), missed)).toEqual([]);
}

describeBrowser("dashboard on the real reports", () => {
  let ds: DataSource;
  let s: Served;
  let browser: Browser;
  let w: Watched;

  beforeAll(async () => {
    buildDashboard();
    ds = await openDataSource({ kind: "sqlite", location: ":memory:" });
    await loadDemo(ds, { townships: false });
    // The real reports share too little narrative for N1; an agency that filed its 2020 text again as
    // 2021 (what N1 exists to catch) gives the report view one to show.
    const seed = demoReports().find((r) => r.file.startsWith("2020-liaocheng-yingjiju"))!;
    await new ImportService(ds).importContent(String(seed.content).replaceAll("2020年", "2021年"), { fileName: "copied-2021.txt", agency: seed.meta.agency, year: 2021, importedBy: "test" });
    s = await serveOn(ds, 4162, { GONGKAI_TOKENS: `redakteur:editor:${EDITOR_TOKEN}` });
    browser = await launch();
    w = await watchedPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await s?.server.stop();
    await ds?.destroy();
  });

  it("opens on the province with most reports; its KPIs equal regionStatistics", async () => {
    await openView(w, `${s.base}/dashboard/`, "[data-kpi] [data-value]");
    const heading = (await w.page.locator("h2").first().textContent()) ?? "";
    const m = /(\S+) · (\d{4}) 年/.exec(heading)!;
    const regions = (await s.gql(`{ regions { code name } }`)).regions;
    const code = regions.find((r: any) => r.name === m[1]).code;
    const api = (await s.gql(`query($c: String!, $y: Int!) { regionStatistics(regionCode: $c, year: $y) { applications { newReceived { total } outcomes { total { total } } } coverage { reportingAgencies } } }`, { c: code, y: Number(m[2]) })).regionStatistics;
    expect(api.coverage.reportingAgencies).toBeGreaterThan(0);
    expect(num(await w.page.locator('[data-kpi="applications.newReceived.total"] [data-value]').textContent())).toBe(api.applications.newReceived.total);
    expect(num(await w.page.locator('[data-kpi="applications.outcomes.total.total"] [data-value]').textContent())).toBe(api.applications.outcomes.total.total);
  });

  it("a real report: figures as the API reads them, original text beside them", async () => {
    const r = (await s.gql(`{ agencies(filter: { name: "聊城市应急管理局" }, first: 1) { nodes { report(year: 2020) { id applications { newReceived { natural commercial legal total } } } } } }`)).agencies.nodes[0].report;
    expect(r.applications.newReceived.total).toBe(7);
    await openView(w, `${s.base}/dashboard/report?id=${r.id}`, ".report-original .narrative, .report-original pre");
    for (const k of ["natural", "commercial", "legal", "total"]) {
      expect(num(await w.page.locator(`td[data-path="applications.newReceived.${k}"]`).textContent())).toBe(r.applications.newReceived[k]);
    }
    await expect(w.page.locator(".report-original").textContent()).resolves.toContain("应急管理局");
    await w.page.locator(".report-original details.raw > summary").click();
    await expect(w.page.locator(".report-original details.raw pre").textContent()).resolves.toContain("应急管理局");
  });

  it("a report with unreadable cells shows them as null with the parser's reason", async () => {
    const reports = (await s.gql(`{ reports(first: 100) { nodes { id ambiguousCells { path reason } } } }`)).reports.nodes;
    const withNull = reports.find((x: any) => x.ambiguousCells.length > 0);
    if (!withNull) throw new Error("the real reports no longer hold a report with unreadable cells: pick another check");
    const cell = withNull.ambiguousCells[0];
    await openView(w, `${s.base}/dashboard/report?id=${withNull.id}`, "table.official.apps tbody tr");
    const td = w.page.locator(`td[data-path="${cell.path}"]`);
    await expect(td.getAttribute("class")).resolves.toContain("cell-null");
    await expect(td.getAttribute("title")).resolves.toBe(`无法识读：${cell.reason}`);
  });

  it("report view: narrative sections with the passages shared with last year marked, ratios and N1 as the API says", async () => {
    const reports = (await s.gql(`{ reports(first: 100) { nodes { id findings { rule message } narrativeSimilarity { section sectionIndex kind previousYear ratio shared { start end } } } } }`)).reports.nodes;
    const copied = reports.find((x: any) => x.findings.some((f: any) => f.rule === "N1"));
    if (!copied) throw new Error("the real reports no longer hold a report with an N1 finding: pick another check");
    const { sections } = (await s.gql(`query($id: ID!) { report(id: $id) { sections { heading text } } }`, { id: copied.id })).report;
    const ops = await openView(w, `${s.base}/dashboard/report?id=${copied.id}`, ".narrative [data-section]");
    expect(ops.length).toBeLessThanOrEqual(3);
    expect(ops).toContain("ReportOriginal");
    const withShared = copied.narrativeSimilarity.filter((x: any) => x.sectionIndex !== null && x.shared.length);
    expect(withShared.length).toBeGreaterThan(0);
    for (const sim of copied.narrativeSimilarity.filter((x: any) => x.sectionIndex !== null)) {
      const section = w.page.locator(`.narrative [data-section="${sim.sectionIndex}"]`);
      const marked = (await section.locator(".copied").allTextContents()).join("");
      const text = sections[sim.sectionIndex].text;
      expect([sim.sectionIndex, marked]).toEqual([sim.sectionIndex, sim.shared.map((x: any) => text.slice(x.start, x.end)).join("")]);
      if (sim.ratio !== null) expect(Number(await section.locator("[data-ratio]").getAttribute("data-ratio"))).toBeCloseTo(sim.ratio, 9);
    }
    const whole = copied.narrativeSimilarity.find((x: any) => x.kind === "WHOLE");
    await expect(w.page.locator("[data-whole-ratio]").textContent()).resolves.toBe(pct(whole.ratio));
    // N1: the flagged section carries the mark, and the finding reads in Chinese.
    const n1 = copied.findings.find((f: any) => f.rule === "N1");
    const heading = /^N1: (.*?) is /.exec(n1.message)![1];
    const index = sections.findIndex((x: any) => x.heading === heading);
    await expect(w.page.locator(`.narrative [data-section="${index}"] .badge.n1`).count()).resolves.toBe(1);
    await expect(w.page.locator(".narrative .badge.n1").count()).resolves.toBe(copied.findings.filter((f: any) => f.rule === "N1").length);
    await expect(w.page.locator('[data-list="findings"]').textContent()).resolves.toContain(`“${heading}”与 ${whole.previousYear} 年报告的“${heading}”文字重复率`);
    expect(await axe(w.page)).toEqual([]);
    await expectTabReachesAll(w);
  });

  it("search: hits are the API's, and a hit opens the report with the matches highlighted (keyboard only)", async () => {
    const query = "政府信息";
    const api = (await s.gql(`query($q: String!) { searchNarratives(query: $q, first: 20) { totalCount nodes { reportId year sectionIndex section agency { name } matches { start end } highlights { start end } snippet } } }`, { q: query })).searchNarratives;
    expect(api.totalCount).toBeGreaterThan(1);
    const ops = await openView(w, `${s.base}/dashboard/search?q=${encodeURIComponent(query)}`, '[data-list="hits"] li');
    expect([...ops].sort()).toEqual(["RegionTree", "SearchNarratives"]);
    expect(num(await w.page.locator("[data-search-total]").textContent())).toBe(api.totalCount);
    const links = await w.page.locator('[data-list="hits"] li > a').allTextContents();
    expect(links).toEqual(api.nodes.map((h: any) => `${h.agency.name} · ${h.year} 年 · ${h.section || "标题与引言"}`));
    const marks = await w.page.locator('[data-list="hits"] li').first().locator("mark").allTextContents();
    expect(marks).toEqual(api.nodes[0].highlights.map((x: any) => api.nodes[0].snippet.slice(x.start, x.end)));
    expect(await axe(w.page)).toEqual([]);
    await expectTabReachesAll(w);
    // Keyboard: focus the first hit and follow it.
    const hit = api.nodes[0];
    w.graphql.length = 0;
    await w.page.locator('[data-list="hits"] li > a').first().focus();
    await w.page.keyboard.press("Enter");
    await w.page.waitForURL((u) => u.pathname === "/dashboard/report" && u.searchParams.get("id") === hit.reportId && u.searchParams.get("q") === query && u.searchParams.get("section") === String(hit.sectionIndex));
    await w.page.waitForSelector(`.narrative [data-section="${hit.sectionIndex}"] mark.hit`);
    expect(w.graphql.map((g) => g.operationName).sort()).toEqual(["Report", "ReportOriginal"]);
    const shown = await w.page.locator(`.narrative [data-section="${hit.sectionIndex}"] mark.hit`).evaluateAll((els) => els.map((e) => e.getAttribute("data-hit")));
    expect(shown).toEqual(hit.matches.map((x: any) => `${x.start}-${x.end}`));
    await expect(w.page.locator(`.narrative [data-section="${hit.sectionIndex}"]`).getAttribute("class")).resolves.toContain("focused");
    // The report view's own search box sets ?q= and highlights another term.
    await w.page.locator('.report-original input[name="q"]').fill("公开");
    await w.page.keyboard.press("Enter");
    await w.page.waitForURL(/q=%E5%85%AC%E5%BC%80/);
    // Every mark is the term (a printed line break or space inside it is skipped, as the search does).
    await w.page.waitForFunction(() => {
      const marks = Array.from(document.querySelectorAll(".narrative mark[data-hit]"));
      return marks.length > 0 && marks.every((m) => (m.textContent ?? "").replace(/[\s\p{P}]/gu, "") === "公开");
    });
    expect(w.consoleErrors).toEqual([]);
  });

  it("every view opens on the real reports without console errors or outside requests", async () => {
    for (const [url, ready] of [
      ["/dashboard/trends", 'table[data-table="trend"] tbody tr'],
      ["/dashboard/ranking", ".view-head h2"],
      ["/dashboard/findings", ".view-head h2"],
      ["/dashboard/compare?agencies=1,2", "table.compare"],
    ]) {
      const ops = await openView(w, s.base + url, ready);
      expect([url, ops.length <= 3]).toEqual([url, true]);
    }
    expect(w.consoleErrors).toEqual([]);
    expect(w.outside).toEqual([]);
  });

  // Last: it changes the data (a new revision).
  it("correction: without a token the form says the editor role is needed; with one, a null cell is corrected and the new revision shown", async () => {
    const reports = (await s.gql(`{ reports(first: 100) { nodes { id revision isCurrent ambiguousCells { path reason } } } }`)).reports.nodes;
    const target = reports.find((x: any) => x.isCurrent && x.ambiguousCells.length > 0);
    const cell = target.ambiguousCells[0].path;
    await openView(w, `${s.base}/dashboard/report?id=${target.id}`, "table.official.apps tbody tr");
    await w.page.evaluate(() => sessionStorage.clear());
    // Keyboard: open the list, press 更正 on the null cell.
    await w.page.locator("details.corrections > summary").focus();
    await w.page.keyboard.press("Enter");
    await w.page.locator(`button[data-correct="${cell}"]`).focus();
    await w.page.keyboard.press("Enter");
    const form = w.page.locator('[data-form="correction"]');
    await expect(form.locator("[data-role-note]").textContent()).resolves.toContain("编辑（editor）");
    await expect(form.locator('input[name="cellPath"]').inputValue()).resolves.toBe(cell);
    expect(await axe(w.page)).toEqual([]);
    await expectTabReachesAll(w);
    await form.locator('input[name="value"]').fill("3");
    await form.locator('textarea[name="reason"]').fill("按原文核对：采购项目数 3 个");
    await form.locator('button[type="submit"]').click();
    await expect(form.locator('[role="alert"]').textContent()).resolves.toContain("编辑（editor）角色的令牌");
    // A wrong token: the API's refusal is shown.
    await form.locator('input[name="token"]').fill("not-a-configured-token-123");
    w.graphql.length = 0;
    await form.locator('button[type="submit"]').click();
    await w.page.waitForFunction(() => !document.querySelector('[data-form="correction"] [role="alert"]')?.textContent?.includes("请先填写令牌"));
    const refusal = (await form.locator('[role="alert"]').textContent()) ?? "";
    expect(refusal).toContain("令牌无效");
    expect(w.page.url()).toContain(`id=${target.id}`);
    // The editor token: the correction is saved and the new revision opens.
    await form.locator('input[name="token"]').fill(EDITOR_TOKEN);
    w.graphql.length = 0;
    await form.locator('button[type="submit"]').click();
    await w.page.waitForURL((u) => u.searchParams.get("id") !== target.id);
    await w.page.waitForSelector("[data-flash]");
    const sent = w.graphql.find((g: any) => g.operationName === "CorrectCells") as any;
    expect(sent.variables).toEqual({ reportId: target.id, reason: "按原文核对：采购项目数 3 个", cells: [{ path: cell, value: "3" }] });
    const newId = new URL(w.page.url()).searchParams.get("id");
    const api = (await s.gql(`query($id: ID!) { report(id: $id) { id revision isCurrent ambiguousCells { path } revisions { id revision } } }`, { id: newId })).report;
    expect(api.isCurrent).toBe(true);
    expect(api.revision).toBe(target.revision + 1);
    expect(api.ambiguousCells.map((a: any) => a.path)).not.toContain(cell);
    await expect(w.page.locator("[data-flash]").textContent()).resolves.toContain(`已更正为第 ${api.revision} 版（原第 ${target.revision} 版）`);
    await expect(w.page.locator(".meta").textContent()).resolves.toContain(`第 ${api.revision} 版（现行）`);
    const td = w.page.locator(`td[data-path="${cell}"]`);
    expect(num(await td.textContent())).toBe(3);
    await expect(td.getAttribute("class")).resolves.not.toContain("cell-null");
    await expect(w.page.evaluate(() => sessionStorage.getItem("gongkai.editorToken"))).resolves.toBe(EDITOR_TOKEN);
    expect(w.consoleErrors.filter((e) => !/401|403/.test(e))).toEqual([]);
  });
});
