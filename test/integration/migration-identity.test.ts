import { testDatabases } from "../helpers/db";

/**
 * Migration 1796240000000 on a database written before it: the duplicates concurrent imports used
 * to leave (issue 9, item 7) must not stop it. Duplicate agencies keep their rows with `#id` keys;
 * of two current revisions of an agency-year the higher stays current.
 */
describe.each(testDatabases())("the identity migration on %s", (_db, open) => {
  it("fills nameKey, currentKey and unreadableCount on existing rows", async () => {
    const ds = await open();
    try {
      // Back to before the identity migration: undo it and every migration that came after it.
      for (let i = 0; i < 100; i++) {
        const [last] = await ds.query("SELECT name FROM migrations ORDER BY timestamp DESC LIMIT 1");
        if (last.name === "DropAggregateMember1796230000000") break;
        await ds.undoLastMigration();
      }
      const insertAgency = (name: string, region: string | null) => ds.query("INSERT INTO agency (name, regionCode, kind) VALUES (?, ?, 'DEPARTMENT')", [name, region]);
      await insertAgency("聊城市应急管理局", "371500");
      await insertAgency("聊城市 应急管理局", "371500");
      await insertAgency("聊城市应急管理局", null);
      const ids = (await ds.query("SELECT id FROM agency ORDER BY id")).map((r: any) => Number(r.id));
      const report = (agencyId: number, revision: number, ambiguous: object) => ds.query(
        `INSERT INTO report (agencyId, year, format, isAggregate, revision, isCurrent, printedAgencyName, contentType, checksum, parserVersion, importedBy, sections, blankCells, ambiguousCells, extra)
         VALUES (?, 2020, '2019', 0, ?, 1, 'x', 'text/plain', 'c', '0.1.0', 'test', '[]', '[]', ?, '{}')`, [agencyId, revision, JSON.stringify(ambiguous)]);
      await report(ids[0], 1, {});
      await report(ids[0], 2, { "applications.newReceived.natural": "unreadable", "applications.newReceived.total": "unreadable" });
      await ds.runMigrations();
      const agencies = await ds.query("SELECT id, nameKey FROM agency ORDER BY id");
      expect(agencies.map((a: any) => a.nameKey)).toEqual(["371500:聊城市应急管理局", `371500:聊城市应急管理局#${ids[1]}`, "-:聊城市应急管理局"]);
      const reports = await ds.query("SELECT revision, isCurrent, currentKey, unreadableCount FROM report ORDER BY revision");
      expect(reports.map((r: any) => [Number(r.revision), Number(r.isCurrent), r.currentKey, Number(r.unreadableCount)])).toEqual([
        [1, 0, null, 0], [2, 1, `${ids[0]}:2020`, 2],
      ]);
      // The keys hold from now on.
      await expect(ds.query("INSERT INTO agency (name, regionCode, kind, nameKey) VALUES ('b', '371500', 'OTHER', ?)", ["371500:聊城市应急管理局"])).rejects.toThrow(/UNIQUE|Duplicate/);
      await expect(ds.query("UPDATE report SET currentKey = ? WHERE revision = 1", [`${ids[0]}:2020`])).rejects.toThrow(/UNIQUE|Duplicate/);
    } finally {
      await ds.destroy();
    }
  });
});
