import type { DataSource } from "typeorm";
import { testDatabases } from "../helpers/db";
import { plainQuery, preparedQuery } from "../../src/db/prepared";

/**
 * Reads with `compiledRows` (mysql2's generated row parser instead of the pool's static one) give
 * the same values, types and nulls as without: integers, NULLs, sums (DECIMAL on MySQL), doubles,
 * Chinese text, dates and JSON, by the plain and the prepared protocol.
 */
describe.each(testDatabases())("compiled row parsing on %s", (_db, open) => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await open();
    await ds.query("INSERT INTO region (code, name, level, parentCode) VALUES ('990000', '示例省', 'PROVINCE', NULL)");
    await ds.query("INSERT INTO agency (name, nameKey, kind, regionCode) VALUES ('示例省人民政府办公厅', 'k1', 'GOVERNMENT', '990000'), ('示例省“公安”厅', 'k2', 'DEPARTMENT', NULL)");
  });
  afterAll(async () => {
    await ds?.destroy();
  });

  it("gives the same rows as the static parser", async () => {
    const sql = `SELECT a.id AS id, a.name AS name, a.regionCode AS regionCode, a.createdAt AS createdAt, -7 AS negative, 2.5 * a.id AS scaled,
      SUM(a.id) AS summed, CAST(NULL AS SIGNED) AS missing, 9007199254740991 AS big FROM agency a WHERE a.id IN (?, ?) GROUP BY a.id, a.name, a.regionCode, a.createdAt ORDER BY a.id`;
    const reference = await plainQuery(ds, sql, [1, 2]);
    expect(reference.map((r: any) => [Number(r.id), r.name, r.regionCode])).toEqual([[1, "示例省人民政府办公厅", "990000"], [2, "示例省“公安”厅", null]]);
    for (let round = 0; round < 3; round++) {
      expect(await plainQuery(ds, sql, [1, 2], { compiledRows: true })).toEqual(reference);
      expect(await preparedQuery(ds, sql, [1, 2], { compiledRows: true })).toEqual(await preparedQuery(ds, sql, [1, 2]));
    }
  });
});
