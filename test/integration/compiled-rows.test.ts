import path from "node:path";
import type { DataSource } from "typeorm";
import { testDatabases } from "../helpers/db";
import { plainQuery, preparedQuery } from "../../src/db/prepared";

/**
 * Reads with `compiledRows` (mysql2's generated row parser instead of the pool's static one) give
 * the same values, types and nulls as without: integers, NULLs, sums (DECIMAL on MySQL), doubles,
 * Chinese text, dates and JSON (MariaDB sends it as text marked JSON), by the plain and the prepared
 * protocol. On MySQL/MariaDB the generated parser must have been used; SQLite has one way to read.
 */
describe.each(testDatabases())("compiled row parsing on %s", (db, open) => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await open();
    await ds.query("INSERT INTO region (code, name, level, parentCode) VALUES ('990000', '示例省', 'PROVINCE', NULL)");
    await ds.query("INSERT INTO agency (name, nameKey, kind, regionCode) VALUES ('示例省人民政府办公厅', 'k1', 'GOVERNMENT', '990000'), ('示例省“公安”厅', 'k2', 'DEPARTMENT', NULL)");
    await ds.query("CREATE TABLE compiled_rows_doc (id INTEGER PRIMARY KEY, doc JSON NULL)");
    await ds.query(`INSERT INTO compiled_rows_doc (id, doc) VALUES (1, '{"路径": ["a", 1], "n": null}'), (2, NULL)`);
  });
  afterAll(async () => {
    await ds?.destroy();
  });

  it("gives the same rows as the static parser", async () => {
    const sql = `SELECT a.id AS id, a.name AS name, a.regionCode AS regionCode, a.createdAt AS createdAt, -7 AS negative, 2.5 * a.id AS scaled,
      SUM(a.id) AS summed, CAST(NULL AS SIGNED) AS missing, 9007199254740991 AS big, d.doc AS doc
      FROM agency a JOIN compiled_rows_doc d ON d.id = a.id WHERE a.id IN (?, ?) GROUP BY a.id, a.name, a.regionCode, a.createdAt, d.doc ORDER BY a.id`;
    const reference = await plainQuery(ds, sql, [1, 2]);
    expect(reference.map((r: any) => [Number(r.id), r.name, r.regionCode])).toEqual([[1, "示例省人民政府办公厅", "990000"], [2, "示例省“公安”厅", null]]);
    const doc = reference[0].doc;
    expect(typeof doc === "string" ? JSON.parse(doc) : doc).toEqual({ 路径: ["a", 1], n: null });
    expect(reference[1].doc).toBeNull();
    // mysql2 builds each generated parser through its parser cache: count the builds asked for.
    const cache = db === "sqlite" ? null : require(path.join(path.dirname(require.resolve("mysql2")), "lib", "parsers", "parser_cache.js"));
    const spy = cache ? jest.spyOn(cache, "getParser") : null;
    try {
      for (let round = 0; round < 3; round++) {
        expect(await plainQuery(ds, sql, [1, 2], { compiledRows: true })).toEqual(reference);
        expect(await preparedQuery(ds, sql, [1, 2], { compiledRows: true })).toEqual(await preparedQuery(ds, sql, [1, 2]));
      }
      if (spy) expect(spy.mock.calls.map((c) => c[0])).toEqual(["text", "binary", "text", "binary", "text", "binary"]);
    } finally {
      spy?.mockRestore();
    }
  });
});
