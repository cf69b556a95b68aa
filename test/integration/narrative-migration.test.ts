import type { DataSource } from "typeorm";
import { testDatabases } from "../helpers/db";
import { loadDemo } from "../../src/demo/real-reports";

const POSTINGS = "SELECT term, weight, reportId, section, year, kind, regionCode, agencyKind FROM narrative_token ORDER BY term, weight, reportId, section";
/** Undoes the executed migrations down to and including `name` (later ones from other work included). */
async function undoThrough(ds: DataSource, name: string): Promise<void> {
  for (;;) {
    const last: Array<{ name: string }> = await ds.query("SELECT name FROM migrations ORDER BY timestamp DESC LIMIT 1");
    await ds.undoLastMigration();
    if (last[0].name === name) return;
  }
}
const rowsOf = (rows: Array<Record<string, unknown>>) => rows.map((r) => Object.values(r).map((v) => (typeof v === "string" || v == null ? v : Number(v))));

describe.each(testDatabases())("narrative index migrations on %s", (_name, open) => {
  it("creates the ranked postings and narrative_section, leaves no drift, backfills from narrative_section, and reverts", async () => {
    const ds = await open();
    try {
      await loadDemo(ds, { townships: false });
      const qr = ds.createQueryRunner();
      const table = (await qr.getTable("narrative_token"))!;
      expect(table.columns.filter((c) => c.isPrimary).map((c) => c.name).sort()).toEqual(["reportId", "section", "term", "weight"]);
      expect(table.columns.map((c) => c.name)).toEqual(["term", "weight", "reportId", "section", "year", "kind", "regionCode", "agencyKind"]);
      expect(table.indices.map((i) => i.columnNames.join())).toContain("reportId,term");
      const sections = (await qr.getTable("narrative_section"))!;
      expect(sections.columns.map((c) => c.name)).toEqual(["reportId", "section", "kind", "chars", "body"]);
      expect((await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query)).toEqual([]);
      const imported = rowsOf(await ds.query(POSTINGS));
      expect(imported.length).toBeGreaterThan(1000);

      // Back to the unranked table (empty), then forward again: the postings come back from narrative_section.
      await undoThrough(ds, "NarrativePostings1796280000000");
      const old = (await qr.getTable("narrative_token"))!;
      expect(old.columns.filter((c) => c.isPrimary).map((c) => c.name).sort()).toEqual(["reportId", "section", "term"]);
      await ds.runMigrations();
      expect(rowsOf(await ds.query(POSTINGS))).toEqual(imported);
      expect((await ds.driver.createSchemaBuilder().log()).upQueries).toEqual([]);

      // The first narrative index migration still reverts.
      await undoThrough(ds, "NarrativeIndex1796250000000");
      expect(await qr.hasTable("narrative_token")).toBe(false);
      expect(await qr.hasTable("narrative_section")).toBe(false);
      await ds.runMigrations();
      expect((await ds.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
      await qr.release();
    } finally {
      await ds.destroy();
    }
  }, 300_000);
});
