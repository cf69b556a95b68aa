import type { DataSource } from "typeorm";
import { CELLS } from "../../src/domain/cells";
import { testDatabases } from "../helpers/db";

const TABLES = ["stat_summary", "agency", "agency_name", "finding", "region", "report", "report_figures", "report_source", "narrative_token", "narrative_section", "report_event", "report_metric", "finding_key", "finding_count", "data_version", "coverage_key", "coverage_count", "coverage_year", "metric_count", "finding_region", "aggregate_key", "narrative_term"];

describe.each(testDatabases())("migrations on %s", (_name, open) => {
  it("create every table, leave no drift against the entities, and revert cleanly", async () => {
    const ds = await open();
    try {
      const qr = ds.createQueryRunner();
      const present = await Promise.all(TABLES.map((n) => qr.hasTable(n)));
      expect(Object.fromEntries(TABLES.map((n, i) => [n, present[i]]))).toEqual(Object.fromEntries(TABLES.map((n) => [n, true])));
      // Created by init, dropped by a later migration because nothing ever wrote it.
      expect(await qr.hasTable("aggregate_member")).toBe(false);
      expect((await qr.getTable("report_figures"))!.columns.length).toBe(1 + CELLS.length);
      expect((await qr.getTable("stat_summary"))!.columns.length).toBe(7 + CELLS.length);
      const drift = await ds.driver.createSchemaBuilder().log();
      expect(drift.upQueries.map((q) => q.query)).toEqual([]);

      expect(ds.migrations.map((m) => m.name)).toEqual(["Init1764470000000", "Summaries1764480000000", "DropAggregateMember1796230000000", "IdentityAndHistory1796240000000", "NarrativeIndex1796250000000", "WidenContentType1796260000000", "ReadModel1796270000000", "NarrativePostings1796280000000", "Coverage1796293000000", "MetricCount1796300000000", "FindingRegion1796310000000", "MetricSampleTier1796320000000", "AggregateKey1796330000000", "NarrativeTerm1796340000000", "ReportAgencyYears1796350000000"]);
      const reportIndexes = async () => (await qr.getTable("report"))!.indices.map((i) => i.columnNames.join());
      expect(await reportIndexes()).toContain("agencyId,isCurrent,year,format");
      expect(await reportIndexes()).not.toContain("agencyId,isCurrent,year");
      await ds.undoLastMigration();
      expect(await reportIndexes()).toContain("agencyId,isCurrent,year");
      expect(await reportIndexes()).not.toContain("agencyId,isCurrent,year,format");
      await ds.undoLastMigration();
      expect(await qr.hasTable("narrative_term")).toBe(false);
      const valueIndex = async () => (await qr.getTable("report_metric"))!.indices.find((i) => i.name === "IDX_report_metric_prov_value")!.columnNames;
      expect(await valueIndex()).toEqual(["metric", "year", "prov", "tier", "value", "agencyId", "denominator"]);
      await ds.undoLastMigration();
      expect(await qr.hasTable("aggregate_key")).toBe(false);
      await ds.undoLastMigration();
      expect(await valueIndex()).toEqual(["metric", "year", "prov", "value", "agencyId"]);
      expect((await qr.getTable("report_metric"))!.columns.map((c) => c.name)).not.toContain("tier");
      await ds.undoLastMigration();
      expect(await qr.hasTable("finding_region")).toBe(false);
      expect(await qr.hasTable("metric_count")).toBe(true);
      await ds.undoLastMigration();
      expect(await qr.hasTable("metric_count")).toBe(false);
      expect(await qr.hasTable("coverage_key")).toBe(true);
      await ds.undoLastMigration();
      expect(await qr.hasTable("coverage_key")).toBe(false);
      expect((await qr.getTable("report"))!.indices.map((i) => i.name)).not.toContain("IDX_report_aggregates");
      // The ranked postings key on (term, weight, reportId, section); the earlier index had no weight.
      expect((await qr.getTable("narrative_token"))!.columns.map((c) => c.name)).toContain("weight");
      await ds.undoLastMigration();
      expect((await qr.getTable("narrative_token"))!.columns.map((c) => c.name)).not.toContain("weight");
      await ds.undoLastMigration();
      expect(await qr.hasTable("report_metric")).toBe(false);
      expect(await qr.hasTable("data_version")).toBe(false);
      // Word's MIME type (71 characters) fits since the widening; before it, MySQL refused a .docx import.
      expect((await qr.getTable("report"))!.findColumnByName("contentType")!.length).toBe("160");
      await ds.undoLastMigration();
      expect((await qr.getTable("report"))!.findColumnByName("contentType")!.length).toBe("60");
      await ds.undoLastMigration();
      expect(await qr.hasTable("narrative_token")).toBe(false);
      await ds.undoLastMigration();
      expect(await qr.hasTable("report_event")).toBe(false);
      expect((await qr.getTable("agency"))!.columns.map((c) => c.name)).not.toContain("nameKey");
      await ds.undoLastMigration();
      expect(await qr.hasTable("aggregate_member")).toBe(true);
      await ds.undoLastMigration();
      expect(await qr.hasTable("stat_summary")).toBe(false);
      expect((await qr.getTable("report"))!.columns.map((c) => c.name)).not.toContain("hasUnreadableCells");
      await ds.undoLastMigration();
      expect(await qr.hasTable("report_figures")).toBe(false);
      await ds.runMigrations();
      expect((await ds.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
      await qr.release();
    } finally {
      await ds.destroy();
    }
  });
});

describe("frozen migrations", () => {
  it("the drift check reports a cell added to the catalogue without a migration", async () => {
    // A private module registry: the catalogue gains one cell there only, before the entities are built
    // from it, exactly as if someone appended a cell and forgot the migration.
    let ds: DataSource | undefined;
    await jest.isolateModulesAsync(async () => {
      const cells: typeof import("../../src/domain/cells") = require("../../src/domain/cells");
      const model = cells.CELLS.find((c) => c.column === "p21_fees_amountWanYuan")!;
      cells.CELLS.push({ ...model, path: "fees.extraForTest", column: "p21_fees_extraForTest" });
      const { openDataSource }: typeof import("../../src/db/data-source") = require("../../src/db/data-source");
      ds = await openDataSource({ kind: "sqlite", location: ":memory:" });
    });
    try {
      const queries = (await ds!.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);
      // Both wide tables would need the new column; the migrations (frozen text) do not create it.
      expect(queries.filter((q) => q.includes("p21_fees_extraForTest")).length).toBeGreaterThanOrEqual(2);
      expect(queries.join("\n")).toMatch(/report_figures/);
      expect(queries.join("\n")).toMatch(/stat_summary/);
    } finally {
      await ds?.destroy();
    }
    // The shared catalogue is untouched.
    expect(CELLS.some((c) => c.column === "p21_fees_extraForTest")).toBe(false);
  });
});
