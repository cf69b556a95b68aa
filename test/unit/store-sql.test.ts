import { insertRows } from "../../src/store/sql";
import { format } from "mysql2";
import { dataSourceOptions } from "../../src/db/data-source";

/** insertRows splits its multi-row INSERTs by bound parameters and by bytes (MySQL's max_allowed_packet). */
describe("insertRows", () => {
  const recorder = () => {
    const statements: Array<{ rows: number; params: unknown[] }> = [];
    return {
      statements,
      query: async (sql: string, params: unknown[] = []) => {
        statements.push({ rows: (sql.match(/\(\?/g) ?? []).length, params });
        return undefined;
      },
    };
  };

  it("writes small rows in one statement, in order", async () => {
    const db = recorder();
    await insertRows(db, "t", [{ a: 1, b: "x" }, { a: 2, b: "y" }, { a: 3 }]);
    expect(db.statements).toEqual([{ rows: 3, params: [1, "x", 2, "y", 3, null] }]);
  });

  it("takes the union of the rows' keys (a key first seen late binds NULL before it) and binds booleans and JSON as stored", async () => {
    const db = recorder();
    await insertRows(db, "t", [{ a: true, b: { x: 1 } }, { a: false, c: [2, 3] }, { b: null, c: "s" }]);
    expect(db.statements).toEqual([{ rows: 3, params: [1, '{"x":1}', null, 0, null, "[2,3]", null, null, "s"] }]);
  });

  it("starts a new statement before the bound values pass 4 MB, never splitting a row", async () => {
    const db = recorder();
    const big = "公".repeat(600_000); // 1.8 MB counted at 3 bytes a character
    await insertRows(db, "report_source", [{ id: 1, content: big }, { id: 2, content: big }, { id: 3, content: big }, { id: 4, content: "small" }]);
    expect(db.statements.map((s) => s.rows)).toEqual([2, 2]);
    expect(db.statements.flatMap((s) => s.params.filter((p) => typeof p === "number"))).toEqual([1, 2, 3, 4]);
    // One row larger than the budget goes alone.
    const alone = recorder();
    await insertRows(alone, "report_source", [{ id: 1, content: "x" }, { id: 2, content: "源".repeat(2_000_000) }, { id: 3, content: "y" }]);
    expect(alone.statements.map((s) => s.rows)).toEqual([1, 1, 1]);
  });

  it("keeps under 30,000 bound parameters per statement", async () => {
    const db = recorder();
    const rows = Array.from({ length: 25_000 }, (_, i) => ({ a: i, b: i }));
    await insertRows(db, "t", rows);
    expect(db.statements.map((s) => s.params.length)).toEqual([30_000, 20_000]);
  });

  it("on MySQL/MariaDB writes the values into the statement, escaped as the driver escapes them, and splits by bytes", async () => {
    const statements: Array<{ sql: string; params: unknown }> = [];
    const db = {
      connection: { options: { type: "mariadb" } },
      query: async (sql: string, params?: unknown[]) => {
        statements.push({ sql, params });
        return undefined;
      },
    };
    await insertRows(db, "t", [{ a: 1, b: "it's" }, { a: 2.5, b: null, c: true }, { a: -3, b: "back\\slash", c: { k: "?" } }]);
    expect(statements).toEqual([{
      sql: String.raw`INSERT INTO t (a, b, c) VALUES (1, 'it\'s', NULL), (2.5, NULL, 1), (-3, 'back\\slash', '{\"k\":\"?\"}')`,
      params: undefined,
    }]);
    statements.length = 0;
    const big = "公".repeat(600_000);
    await insertRows(db, "report_source", [{ id: 1, content: big }, { id: 2, content: big }, { id: 3, content: big }, { id: 4, content: "small" }]);
    expect(statements.map((s) => (s.sql.match(/\(\d+, '/g) ?? []).length)).toEqual([2, 2]);
  });
});

describe("the MySQL/MariaDB connection's query formatting", () => {
  const { extra } = dataSourceOptions({ kind: "mariadb", location: "mariadb://u:p@127.0.0.1:3306/db" }) as {
    extra: { queryFormat: (this: unknown, sql: string, values: unknown, tz: string) => string };
  };

  it("sends a statement without values as it is, and fills `?` as the driver does when there are values", () => {
    // A statement of literal rows holds `?` inside its strings: without values nothing is scanned or filled.
    const literal = "INSERT INTO t (a) VALUES ('?'), ('it\\'s ?')";
    // mysql2 calls it with the connection as `this`; TypeORM's connections stringify objects.
    const connection = { config: { stringifyObjects: true } };
    expect(extra.queryFormat.call(connection, literal, [], "Z")).toBe(literal);
    expect(extra.queryFormat.call(connection, literal, undefined, "Z")).toBe(literal);
    expect(extra.queryFormat.call(connection, "SELECT ? AS a, ? AS b, '?' AS c", [1, "x'y"], "Z")).toBe("SELECT 1 AS a, 'x\\'y' AS b, '?' AS c");
    expect(extra.queryFormat.call(connection, "SELECT ? AS d", [new Date(Date.UTC(2026, 11, 5, 10, 0, 0))], "Z")).toBe("SELECT '2026-12-05 10:00:00.000' AS d");
    // An object is a string, never spread into assignments (as the driver does for TypeORM).
    expect(extra.queryFormat.call(connection, "UPDATE t SET a = 1, ? WHERE id = 2", [{ x: 1 }], "Z")).toBe(format("UPDATE t SET a = 1, ? WHERE id = 2", [{ x: 1 }], true, "Z"));
    expect(extra.queryFormat.call(connection, "UPDATE t SET a = 1, ? WHERE id = 2", [{ x: 1 }], "Z")).not.toContain("`x` = 1");
  });
});
