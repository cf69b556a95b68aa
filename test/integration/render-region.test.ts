import type { DataSource } from "typeorm";
import ExcelJS from "exceljs";
import { testDatabases } from "../helpers/db";
import { serve, Gql } from "../helpers/server";
import { buildProvince, SIZES } from "../../src/demo/generate";
import { loadProvince } from "../../src/demo/load-province";
import { APPLICANT_COLUMNS, APPLICATION_ROWS, cellsOf, PROACTIVE_ROWS, RESULT_COLUMNS, REVIEW_ROWS } from "../../src/domain/cells";
import { getPath } from "../../src/domain/report-json";
import { regionDocument, storedReportDocument } from "../../src/render/sources";
import { valueCells } from "../../src/render/layout";
import { renderXlsx } from "../../src/render/xlsx";
import { renderHtml } from "../../src/render/html";
import { parseInput } from "../../src/ingestion/parse";
import { ImportService } from "../../src/ingestion/import.service";
import { fixture } from "../helpers/fixtures";
import type { RunningServer } from "../../src/server";

const province = buildProvince(SIZES.tiny);
const COLS = APPLICANT_COLUMNS.map((c) => c.key).join(" ");
const RES = RESULT_COLUMNS.map((c) => c.key).join(" ");
const nest = (path: string, inner: string) => path.split(".").reduceRight((acc, k) => `${k} { ${acc} }`, inner);
const APPLICATIONS = APPLICATION_ROWS.filter((r) => !r.path.startsWith("outcomes.other")).map((r) => nest(r.path, COLS)).join(" ")
  + ` outcomes { other { ${COLS} overdueCorrection { ${COLS} } overdueFee { ${COLS} } otherReasons { ${COLS} } } }`;
const REVIEW = REVIEW_ROWS.map((r) => `${r.key} { ${RES} }`).join(" ");
const proactiveFields = (t: "2019" | "2021") => PROACTIVE_ROWS.filter((r) => r.template === t).map((r) => `${r.key} { ${r.columns.map((c) => c.key).join(" ")} }`).join(" ");

const QUERY = `query ($code: String!, $year: Int!, $sub: Boolean!) { regionStatistics(regionCode: $code, year: $year, includeSubregions: $sub) {
  applications { ${APPLICATIONS} } reviewLitigation { ${REVIEW} }
  proactive { template reportCount proactive2019 { ${proactiveFields("2019")} } proactive2021 { ${proactiveFields("2021")} } }
  coverage { reportingAgencies missingCount }
  aggregateComparison { matches differences { path reported computed } }
} }`;

describe.each(testDatabases())("rendered region totals on %s", (_db, open) => {
  let ds: DataSource;
  let server: RunningServer & { gql: Gql };

  beforeAll(async () => {
    ds = await open();
    await loadProvince(ds, province);
    server = await serve(ds);
  });
  afterAll(async () => {
    await server?.stop();
    await ds?.destroy();
  });

  it.each([["990100", 2020, true], ["990100", 2023, true], ["990000", 2024, true], ["990101", 2021, false]] as const)(
    "%s %i (subregions %s): every cell of tables 二 三 四 equals regionStatistics", async (code, year, sub) => {
      const { body } = await server.gql(QUERY, { code, year, sub });
      expect(body.errors).toBeUndefined();
      const stats = body.data.regionStatistics;
      const doc = await regionDocument(ds, { regionCode: code, year, includeSubregions: sub });
      const template = year >= 2021 ? "2021" : "2019";
      expect(doc.tables.map((t) => `${t.key}:${t.template}`)).toEqual([`proactive:${template}`, `applications:${template}`, `reviewLitigation:${template}`]);
      let compared = 0;
      for (const t of doc.tables) {
        const tree = t.key === "proactive" ? { proactive: stats.proactive.find((p: any) => p.template === `T${t.template}`)[`proactive${t.template}`] } : stats;
        for (const cell of valueCells(t)) {
          const want = getPath(tree, cell.path!);
          expect([cell.path, cell.value]).toEqual([cell.path, want == null ? null : Number(want)]);
          compared++;
        }
      }
      expect(compared).toBe(cellsOf(template).length);
      expect(stats.coverage.reportingAgencies).toBeGreaterThan(0);
      expect(doc.meta.find(([k]) => k === "覆盖")![1]).toContain(`已报告 ${stats.coverage.reportingAgencies} 个机关，未报告 ${stats.coverage.missingCount} 个`);
      const reporters = doc.annexes.find((a) => a.heading.startsWith("附表一"))!;
      expect(reporters.rows).toHaveLength(stats.coverage.reportingAgencies);
      const x4 = doc.annexes.find((a) => a.heading.includes("X4"))!;
      expect(x4.rows.map((r) => [r[1], r[2], r[3]])).toEqual((stats.aggregateComparison?.differences ?? []).map((d: any) => [d.path, d.reported, d.computed]));
    });

  it("a region mixing templates: one table 二 per template naming its agencies, （六）其他处理 summed as regionStatistics sums it", async () => {
    // A 2021-template report filed for 2020 by an agency of county 990102.
    const json = { ...fixture("2023-pingtan-shenpiju").expected, agency: "示例省第1市第2县试点局", year: 2020, regionCode: "990102", source: null };
    const result = await new ImportService(ds).importContent(JSON.stringify(json), { fileName: "mixed.json", regionCode: "990102", importedBy: "test" });
    expect(result.status).toBe("imported");
    const { body } = await server.gql(QUERY, { code: "990102", year: 2020, sub: true });
    const stats = body.data.regionStatistics;
    const doc = await regionDocument(ds, { regionCode: "990102", year: 2020 });
    expect(doc.tables.map((t) => `${t.key}:${t.template}`)).toEqual(["proactive:2019", "proactive:2021", "applications:2019", "reviewLitigation:2019"]);
    expect(doc.tables[1].caption).toContain("示例省第1市第2县试点局");
    const other = valueCells(doc.tables[2]).filter((c) => c.path!.startsWith("applications.outcomes.other."));
    expect(other.map((c) => c.value)).toEqual(APPLICANT_COLUMNS.map((c) => stats.applications.outcomes.other[c.key]));
    expect(stats.applications.outcomes.other.overdueCorrection).not.toBeNull();
    for (const t of doc.tables.slice(2)) for (const cell of valueCells(t)) expect([cell.path, cell.value]).toEqual([cell.path, getPath(stats, cell.path!)]);
    expect(valueCells(doc.tables[1]).map((c) => c.value)).toEqual(PROACTIVE_ROWS.filter((r) => r.template === "2021").flatMap((r) => r.columns.map((c) => Number(getPath(json, `proactive.${r.key}.${c.key}`)))));
  });

  it("the region XLSX holds the summed cells at the template's addresses", async () => {
    const { body } = await server.gql(QUERY, { code: "990100", year: 2023, sub: true });
    const stats = body.data.regionStatistics;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderXlsx(await regionDocument(ds, { regionCode: "990100", year: 2023 }))) as unknown as ArrayBuffer);
    const s3 = wb.getWorksheet("三、依申请公开")!;
    // Row 1 heading, row 2 caption, rows 3–5 headers: 一、本年新收 on row 6, （一）予以公开 on row 8.
    expect(s3.getCell("A6").value).toBe("一、本年新收政府信息公开申请数量");
    expect(s3.getCell("D6").value).toBe(stats.applications.newReceived.natural);
    expect(s3.getCell("J6").value).toBe(stats.applications.newReceived.total);
    expect(s3.getCell("D8").value).toBe(stats.applications.outcomes.granted.natural);
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(["附表一：报送情况（已报告机关）", "附表四：与本级汇总报告的差异（X4）"]));
  });

  it("a stored report renders to the page it was read from: same cells after parsing the rendering", async () => {
    const f = fixture("2023-pingtan-ziranziyuan", "html");
    const result = await new ImportService(ds).importContent(Buffer.from(f.content), { fileName: f.file, importedBy: "test" });
    expect(result.status).toBe("imported");
    const id = Number((result as any).reportId ?? (await ds.query("SELECT MAX(id) AS id FROM report"))[0].id);
    const doc = await storedReportDocument(ds, id);
    expect(doc.meta.find(([k]) => k === "修订")![1]).toBe("第1版");
    const { report } = await parseInput(Buffer.from(renderHtml(doc)), { fileName: "stored.html" });
    for (const cell of cellsOf("2021")) expect([cell.path, getPath(report, cell.path)]).toEqual([cell.path, getPath(f.expected, cell.path)]);
  });
});
