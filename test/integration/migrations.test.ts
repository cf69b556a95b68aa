import { migrations } from "../../migrations";
import { CELLS } from "../../src/domain/cells";
import { testDatabases } from "../helpers/db";

describe.each(testDatabases())("migrations on %s", (_name, open) => {
  it("create every table, leave no drift against the entities, and revert cleanly", async () => {
    const ds = await open();
    try {
      const qr = ds.createQueryRunner();
      const names = ["stat_summary", "agency", "agency_name", "aggregate_member", "finding", "region", "report", "report_figures", "report_source", "report_event"];
      const present = await Promise.all(names.map((n) => qr.hasTable(n)));
      expect(Object.fromEntries(names.map((n, i) => [n, present[i]]))).toEqual(Object.fromEntries(names.map((n) => [n, true])));
      expect((await qr.getTable("report_figures"))!.columns.length).toBe(1 + CELLS.length);
      const drift = await ds.driver.createSchemaBuilder().log();
      expect(drift.upQueries.map((q) => q.query)).toEqual([]);
      // Later migrations first, down to the summaries migration.
      for (let i = 2; i < migrations.length; i++) await ds.undoLastMigration();
      expect(await qr.hasTable("report_event")).toBe(false);
      expect((await qr.getTable("agency"))!.columns.map((c) => c.name)).not.toContain("nameKey");
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
