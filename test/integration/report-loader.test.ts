/**
 * The report loader's plain SELECT (modules/report/report.loaders.ts, db/hydrate.ts) builds the same
 * objects as the ORM's find with the API's columns, on both databases: JSON columns parsed, booleans
 * and dates as the ORM hydrates them, the verbatim source never read.
 */
import { In, type DataSource } from "typeorm";
import { testDatabases } from "../helpers/db";
import { loadDemo } from "../../src/demo/real-reports";
import { ReportEntity } from "../../src/modules/report/report.entity";
import { REPORT_SELECT } from "../../src/modules/report/report.columns";
import { reportsById } from "../../src/modules/report/report.loaders";

describe.each(testDatabases())("report loader on %s", (_db, open) => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await open();
    await loadDemo(ds, { townships: false });
  });
  afterAll(() => ds.destroy());

  it("reads every report as the ORM's find does", async () => {
    const ids: number[] = (await ds.query("SELECT id FROM report ORDER BY id")).map((r: { id: unknown }) => Number(r.id));
    expect(ids.length).toBeGreaterThanOrEqual(9);
    const byOrm = await ds.getRepository(ReportEntity).find({ select: REPORT_SELECT, where: { id: In(ids) }, order: { id: "ASC" } });
    const plain = (await reportsById(ds, ids)).sort((a, b) => a.id - b.id);
    expect(plain).toEqual(byOrm.map((r) => ({ ...r })));
    // What the comparison covers: parsed JSON, booleans, dates.
    expect(Array.isArray(plain[0].sections) && plain[0].sections.length).toBeGreaterThan(0);
    expect(typeof plain[0].isCurrent).toBe("boolean");
    expect(plain[0].importedAt).toBeInstanceOf(Date);
    expect(plain[0]).not.toHaveProperty("source");
    expect(await reportsById(ds, [])).toEqual([]);
  });
});
