import type { DbConfig } from "../../src/config";
import { openDataSource } from "../../src/db/data-source";

/**
 * Every row of the given tables, each row as sorted JSON without the listed columns (the database's
 * clock and other per-database values), the rows of a table sorted: two databases compare row for row.
 */
export async function tableSnapshot(db: DbConfig, tables: Record<string, string[]>): Promise<Record<string, string[]>> {
  const ds = await openDataSource(db);
  try {
    const out: Record<string, string[]> = {};
    for (const [table, drop] of Object.entries(tables)) {
      const rows: Array<Record<string, unknown>> = await ds.query(`SELECT * FROM ${table}`);
      out[table] = rows.map((r) => JSON.stringify(Object.keys(r).sort().filter((k) => !drop.includes(k)).map((k) => [k, r[k]]))).sort();
    }
    return out;
  } finally {
    await ds.destroy();
  }
}
