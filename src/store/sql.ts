/** Batched multi-row INSERTs: bound `?` parameters on SQLite, values written as the driver escapes them on MySQL/MariaDB. */
import { escape as driverEscape, type SqlValue } from "mysql2";
import { speaksMysql, speaksSqlite } from "../db/union";

type Queryable = { query(sql: string, params?: unknown[]): Promise<unknown> };

/** Stays under SQLite's and MySQL's limits on bound parameters per statement. */
const MAX_PARAMS = 30_000;

/** Bytes of bound values per statement (a string counted at 3 bytes a character, its UTF-8 worst case). */
const MAX_BYTES = 4 * 1024 * 1024;

/** A value as the ORM would bind it: booleans as 1/0, JSON columns as JSON text. */
function bindable(v: unknown): unknown {
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v !== null && typeof v === "object" && !(v instanceof Date) && !Buffer.isBuffer(v)) return JSON.stringify(v);
  return v ?? null;
}

/** Inserts rows into `table`; columns are the union of the rows' keys (absent keys bind NULL). */
export async function insertRows(em: Queryable, table: string, rows: ReadonlyArray<object>): Promise<void> {
  if (!rows.length) return;
  const records = rows as ReadonlyArray<Record<string, unknown>>;
  // The union of the rows' keys: figures rows of the two templates carry different cells.
  const keys = new Set<string>();
  for (const r of records) for (const k in r) if (Object.hasOwn(r, k)) keys.add(k);
  const columns = [...keys];
  const head = `INSERT INTO ${table} (${columns.join(", ")}) VALUES `;
  if (speaksMysql(em)) return insertLiterals(em, head, columns, records);
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  const tuple = `(${columns.map(() => "?").join(", ")})`;
  let params: unknown[] = [];
  let count = 0;
  let bytes = 0;
  const flush = async () => {
    if (!count) return;
    await em.query(`${head}${Array.from({ length: count }, () => tuple).join(", ")}`, params);
    params = [];
    count = 0;
    bytes = 0;
  };
  // One pass per row, no arrays of its own: a batch's postings are ~10^4 rows (this loop was 5% of an import's writer).
  const row: unknown[] = new Array(columns.length);
  for (const record of records) {
    let size = 0;
    for (let c = 0; c < columns.length; c++) {
      const v = bindable(record[columns[c]]);
      row[c] = v;
      size += typeof v === "string" ? v.length * 3 : Buffer.isBuffer(v) ? v.length : 8;
    }
    // Under MySQL's max_allowed_packet (16 MB on MariaDB by default): a statement carries a few MB at most.
    if (count >= perStatement || (count && bytes + size > MAX_BYTES)) await flush();
    for (let c = 0; c < row.length; c++) params.push(row[c]);
    count++;
    bytes += size;
  }
  await flush();
}

/**
 * MySQL/MariaDB: the rows as SQL literals, escaped by the driver's own escaper with the connection's
 * time zone (what the driver does to `?` parameters: the text protocol has no bound values), written
 * into the statement as it is built, without an array of parameters to fill and substitute (200
 * reports' postings: 0.30–0.36 ms a report against 0.33–0.42, a microbenchmark, not kept). The
 * statement is complete when it is built, so a write pipe (store/pipe.ts) only sends it when its
 * turn comes. (The driver still scans the finished statement once for a `?` to fill.)
 */
async function insertLiterals(em: Queryable, head: string, columns: string[], records: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  let tuples: string[] = [];
  let bytes = 0;
  const flush = async () => {
    if (!tuples.length) return;
    await em.query(head + tuples.join(", "));
    tuples = [];
    bytes = 0;
  };
  for (const record of records) {
    let tuple = "(";
    for (let c = 0; c < columns.length; c++) {
      if (c) tuple += ", ";
      tuple += literal(bindable(record[columns[c]]));
    }
    tuple += ")";
    const size = tuple.length * 3;
    if (tuples.length && bytes + size > MAX_BYTES) await flush();
    tuples.push(tuple);
    bytes += size;
  }
  await flush();
}

/** A bound value as the driver writes it into the statement (data-source.ts: time zone "Z"). */
function literal(v: unknown): string {
  if (v === null) return "NULL";
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return driverEscape(v as SqlValue, false, "Z");
}

/** Inserts one row into a table with an auto-increment id; returns the id. */
export async function insertRow(em: Queryable, table: string, row: object): Promise<number> {
  const record = row as Record<string, unknown>;
  const columns = Object.keys(record);
  const result = (await em.query(`INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`, columns.map((c) => bindable(record[c]))));
  // MySQL/MariaDB: the driver's result header; SQLite (TypeORM's better-sqlite3 runner): lastInsertRowid.
  const id = result !== null && typeof result === "object" && "insertId" in result ? (result).insertId : result;
  if (id == null || !Number.isFinite(Number(id)) || Number(id) <= 0) throw new Error(`INSERT INTO ${table} returned no id`);
  return Number(id);
}

/** `?, ?, …` for n bound values. */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => "?").join(", ");
}

/** A DATETIME as read back: MySQL's driver gives a Date, SQLite text in UTC. */
export function storedDate(v: unknown): Date {
  if (v instanceof Date) return v;
  const s = String(v).replace(/^(\d{4}-\d\d-\d\d) /, "$1T");
  return new Date(/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(s) ? `${s}Z` : s);
}

export async function maxId(em: Queryable, table: string): Promise<number> {
  const rows = (await em.query(`SELECT MAX(id) AS m FROM ${table}`)) as Array<{ m: unknown }>;
  return Number(rows[0].m ?? 0);
}

/** `INSERT IGNORE` as the connection's dialect spells it (SQLite: `INSERT OR IGNORE`); a row that breaks a unique key is skipped. */
export function insertIgnore(em: object): string {
  return isSqlite(em) ? "INSERT OR IGNORE" : "INSERT IGNORE";
}

/** Whether an EntityManager or DataSource talks to SQLite (better-sqlite3). */
export const isSqlite = speaksSqlite;
