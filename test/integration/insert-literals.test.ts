/**
 * insertRows on MySQL/MariaDB writes its rows as SQL literals (store/sql.ts): what it stores must be
 * what the driver stores for the same values bound as parameters, for every kind of value the store
 * writes — text with quotes, backslashes, NUL, line breaks, question marks and characters beyond
 * the BMP, JSON, bytes, booleans, NULL and numbers. On SQLite it binds them; the same comparison holds.
 */
import type { DataSource } from "typeorm";
import { testDatabases } from "../helpers/db";
import { insertRows } from "../../src/store/sql";

const ROWS = [
  { id: 1, s: "it's a \"quote\" and a back\\slash", j: { a: "x'y", b: [1, 2] }, b: Buffer.from([0, 39, 92, 255]), f: 1.5, flag: true },
  { id: 2, s: "NUL\u0000 tab\t line\nbreak\r ctrl-z\u001a", j: null, b: null, f: -0.25, flag: false },
  { id: 3, s: "公开 𠀀 emoji 😀 and ?, ?? marks", j: ["?", "'"], b: Buffer.alloc(0), f: 12345678901, flag: null },
  { id: 4, s: "", j: {}, b: null, f: 0, flag: true },
];

async function rowsOf(ds: DataSource, table: string) {
  const rows: Array<Record<string, unknown>> = await ds.query(`SELECT * FROM ${table} ORDER BY id`);
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString("hex") : v])));
}

describe.each(testDatabases())("insertRows on %s", (_db, open) => {
  it("stores what the driver stores for the same values bound as parameters", async () => {
    const ds = await open();
    try {
      for (const table of ["lit_rows", "lit_params"]) {
        await ds.query(`CREATE TABLE ${table} (id INTEGER PRIMARY KEY, s TEXT, j TEXT, b BLOB, f DOUBLE, flag INTEGER)`);
      }
      await insertRows(ds.manager, "lit_rows", ROWS);
      for (const r of ROWS) {
        await ds.query("INSERT INTO lit_params (id, s, j, b, f, flag) VALUES (?, ?, ?, ?, ?, ?)",
          [r.id, r.s, r.j == null ? null : JSON.stringify(r.j), r.b, r.f, r.flag == null ? null : r.flag ? 1 : 0]);
      }
      const written = await rowsOf(ds, "lit_rows");
      expect(written).toEqual(await rowsOf(ds, "lit_params"));
      // And the values are the ones given (not merely the same on both sides).
      expect(written.map((r) => r.s)).toEqual(ROWS.map((r) => r.s));
      expect(written.map((r) => r.j)).toEqual(ROWS.map((r) => (r.j == null ? null : JSON.stringify(r.j))));
      expect(written.map((r) => Number(r.flag ?? -1))).toEqual([1, 0, -1, 1]);
      expect(written[0].b).toBe("00275cff");
    } finally {
      await ds.destroy();
    }
  });
});
