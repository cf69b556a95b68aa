import { testDatabases } from "../helpers/db";

describe.each(testDatabases())("narrative index migration on %s", (_name, open) => {
  it("creates narrative_token and narrative_section, leaves no drift, and reverts", async () => {
    const ds = await open();
    try {
      const qr = ds.createQueryRunner();
      const table = (await qr.getTable("narrative_token"))!;
      expect(table.columns.filter((c) => c.isPrimary).map((c) => c.name).sort()).toEqual(["reportId", "section", "term"]);
      expect(table.indices.map((i) => i.columnNames.join())).toContain("reportId");
      const sections = (await qr.getTable("narrative_section"))!;
      expect(sections.columns.map((c) => c.name)).toEqual(["reportId", "section", "kind", "chars", "body"]);
      expect((await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query)).toEqual([]);
      expect(ds.migrations[ds.migrations.length - 2].name).toBe("NarrativeIndex1796250000000");
      await ds.undoLastMigration(); // the content-type widening, which came after
      await ds.undoLastMigration();
      expect(await qr.hasTable("narrative_token")).toBe(false);
      expect(await qr.hasTable("narrative_section")).toBe(false);
      await ds.runMigrations();
      expect((await ds.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
      await qr.release();
    } finally {
      await ds.destroy();
    }
  });
});
