import type { DataSource } from "typeorm";
import { testDatabases } from "../helpers/db";
import { buildProvince, SIZES } from "../../src/demo/generate";
import { checkGenerated } from "../../src/demo/load-province";
import { CROSS_YEAR_CHECKER, ImportService } from "../../src/ingestion/import.service";
import { insertRegions, writeReports } from "../../src/store/bulk-writer";
import { getPath, setPath, Tree } from "../../src/domain/report-json";
import { ADMIN_TOKEN, serve } from "../helpers/server";

/**
 * One write side: the same reports stored by the single import (file → parse → report-writer) and
 * by the bulk writer (generated provinces, benchmarks) give byte-identical rows in report,
 * report_source, report_figures and finding, cross-year findings (X1–X3) included.
 *
 * Left out of the comparison, because they are not the report's content: `id` (the bulk writer
 * numbers reports after the current maximum, MySQL's AUTO_INCREMENT does not reuse deleted ids),
 * a finding's own `id`, and `importedAt` (the database's clock at insert). Rows that point at a
 * report (`reportId`) are compared by that report's year instead.
 */
const province = buildProvince(SIZES.tiny);
const agency = province.agencies.find((a) => a.kind === "DEPARTMENT")!;
const generated = [...province.reports()].filter((g) => g.agencyKey === agency.key);

// Break the arithmetic of two years on purpose: 2020 carries over more than 2019 carried forward
// (X1, and R1/R2 within 2020), 2023 misprints a total (R2 or R3).
for (const g of generated) {
  const bump = (path: string, by: number) => setPath(g.report as unknown as Tree, path, (getPath(g.report, path) as number) + by);
  if (g.year === 2020) bump("applications.carriedOver.natural", 2);
  if (g.year === 2023) bump("applications.outcomes.total.total", 1);
}
const inputs = generated.map((g) => {
  const { content } = checkGenerated(g);
  return { year: g.year, report: g.report, text: content as string, source: { content, contentType: "application/json", fileName: `${g.year}.json`, importedBy: "test" } };
});

async function snapshot(ds: DataSource) {
  const yearOf = new Map<number, number>((await ds.query("SELECT id, year FROM report")).map((r: any) => [Number(r.id), Number(r.year)]));
  const rows = async (table: string, drop: string[]): Promise<string[]> => (await ds.query(`SELECT * FROM ${table}`))
    .map((r: Record<string, unknown>) => {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(r).sort()) {
        if (drop.includes(k)) continue;
        out[k] = k === "reportId" ? yearOf.get(Number(r[k])) : r[k];
      }
      return JSON.stringify(out);
    })
    .sort();
  return {
    report: await rows("report", ["id", "importedAt"]),
    report_source: await rows("report_source", []),
    report_figures: await rows("report_figures", []),
    finding: await rows("finding", ["id"]),
    stat_summary: await rows("stat_summary", []),
  };
}

describe.each(testDatabases())("the write side on %s", (_db, open) => {
  let ds: DataSource;
  beforeEach(async () => {
    ds = await open();
    await insertRegions(ds, province.regions);
  });
  afterEach(async () => ds?.destroy());

  it("stores the same rows through a single import and through the bulk writer", async () => {
    const service = new ImportService(ds);
    for (const input of inputs) {
      const result = await service.importContent(input.text, { fileName: input.source.fileName, contentType: input.source.contentType, importedBy: "test" });
      expect(result.status).toBe("imported");
    }
    const single = await snapshot(ds);
    expect(single.report).toHaveLength(7);
    expect(single.report_source.map((r) => JSON.parse(r).content)).toEqual(expect.arrayContaining(inputs.map((i) => i.text)));
    const rules = single.finding.map((r) => JSON.parse(r) as { rule: string; reportId: number });
    expect(rules).toEqual(expect.arrayContaining([
      expect.objectContaining({ rule: "X1", reportId: 2020 }),
      expect.objectContaining({ rule: "R1", reportId: 2020 }),
      expect.objectContaining({ reportId: 2023 }),
    ]));
    expect(single.stat_summary.length).toBeGreaterThan(0);

    for (const table of ["finding", "report_figures", "report_source", "report_event", "report", "stat_summary"]) await ds.query(`DELETE FROM ${table}`);
    const stats = await writeReports(ds, inputs.map((i) => ({ report: i.report, source: i.source })), { crossYear: CROSS_YEAR_CHECKER, batchSize: 3 });
    expect(stats).toEqual({ reports: 7, findings: single.finding.length });
    const bulk = await snapshot(ds);

    expect(bulk.report).toEqual(single.report);
    expect(bulk.report_source).toEqual(single.report_source);
    expect(bulk.report_figures).toEqual(single.report_figures);
    expect(bulk.finding).toEqual(single.finding);
    // The import's deltas and the bulk writer's rebuild leave the same summary ledger.
    expect(bulk.stat_summary).toEqual(single.stat_summary);
  });

  it("reaches the client as a fixed reason with a log id, never the database's message, and stores nothing", async () => {
    const server = await serve(ds);
    const logged = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      await ds.query("DROP TABLE report_source");
      const mutation = `mutation($input: ImportReportInput!) { importReport(input: $input) { __typename ... on ImportRejected { fileName message } } }`;
      const { body } = await server.gql(mutation, { input: { content: inputs[0].text, fileName: "2019.json", contentType: "application/json" } }, { authorization: `Bearer ${ADMIN_TOKEN}` });
      expect(body.errors).toBeUndefined();
      const { __typename, fileName, message } = body.data.importReport;
      expect({ __typename, fileName }).toEqual({ __typename: "ImportRejected", fileName: "2019.json" });
      const id = /^could not be stored \(see server log, id ([0-9a-f-]{36})\)$/.exec(message)?.[1];
      expect(id).toBeDefined();
      expect(message).not.toMatch(/report_source/);
      // The server log has the cause under the same id, on one line.
      expect(logged).toHaveBeenCalledTimes(1);
      expect(logged.mock.calls[0][0]).toMatch(new RegExp(`import ${id}: 2019\\.json could not be stored: .*report_source`));
      // The transaction rolled back: no report row, no agency left behind.
      expect(Number((await ds.query("SELECT COUNT(*) AS n FROM report"))[0].n)).toBe(0);
      expect(Number((await ds.query("SELECT COUNT(*) AS n FROM agency"))[0].n)).toBe(0);
    } finally {
      logged.mockRestore();
      await server.stop();
    }
  });

  it("keeps parse rejections as they were: the file and the problem", async () => {
    const result = await new ImportService(ds).importContent("{\"format\": \"2030\"}", { fileName: "bad.json" });
    expect(result).toMatchObject({ status: "rejected", code: "UNREADABLE", reason: '"format" must be "2019", "2021" or "legacy", got "2030"' });
  });
});
