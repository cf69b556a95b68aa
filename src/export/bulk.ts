/**
 * Bulk export: every cell of every current report matching a filter, one row per report, streamed
 * from the database in keyset pages (`r.id > last ORDER BY r.id LIMIT n`): memory stays flat
 * whatever the size, the first bytes leave after the first page, and the writer waits for the
 * stream to drain (backpressure) before it reads the next page.
 *
 * Columns: report id, agency, agency kind, region code and name, year, template, revision, source
 * URL, then one column per catalogue cell (section 二 cells carry their template: the same path means
 * different things in 2019 and 2021), then the cells printed blank. A cell the report's template
 * lacks is empty; an unreadable cell is `?`; money is an exact decimal in its unit (元, 万元).
 */
import type { Writable } from "node:stream";
import type { DataSource } from "typeorm";
import { CELLS, CellDef } from "../domain/cells";
import { formatMoney } from "../domain/report-json";
import { isRegionCode, regionPrefix } from "../domain/regions";
import { BOM, csvField, csvLine } from "../render/csv";
import { StreamedSheet, Styles } from "../render/xlsx-writer";

export interface BulkFilter {
  regionCode?: string | null;
  includeSubregions?: boolean;
  years?: number[] | null;
  template?: "2019" | "2021" | null;
  agencyKinds?: string[] | null;
  /** Include aggregate (汇总) reports (default true: an export is every current report). */
  includeAggregates?: boolean;
  /** Keyset start: only reports with a larger id (resume an interrupted or capped export). */
  afterId?: number | null;
}

export interface BulkOptions {
  pageSize?: number;
  /** At most this many rows (the HTTP cap); the CLI passes Infinity. */
  maxRows?: number;
  /** Called after each page read from the database, with its row count (tests watch the reads). */
  onPage?: (rows: number) => void;
}

export const AGENCY_KINDS = ["GOVERNMENT", "GENERAL_OFFICE", "DEPARTMENT", "TOWNSHIP", "OTHER"];

export const FIXED_COLUMNS = ["report_id", "agency", "agency_kind", "region_code", "region_name", "year", "template", "revision", "source_url"];

/** The column header of a cell: its path, with the template for the section 二 cells of one template. */
export const cellHeader = (c: CellDef) => (c.scope === "both" ? c.path : `${c.path}[${c.scope}]`);

export const BULK_COLUMNS = [...FIXED_COLUMNS, ...CELLS.map(cellHeader), "blank_cells"];

export class BulkFilterError extends Error {
  constructor(readonly argument: string, message: string) {
    super(`${argument}: ${message}`);
  }
}

export function checkFilter(f: BulkFilter): void {
  if (f.regionCode != null && !isRegionCode(f.regionCode)) throw new BulkFilterError("region", `"${f.regionCode}" is not a GB/T 2260 code (6 or 12 digits)`);
  if (f.years && (f.years.length > 100 || f.years.some((y) => !Number.isInteger(y) || y < 1990 || y > 2100))) throw new BulkFilterError("years", "give years between 1990 and 2100 (at most 100)");
  if (f.template != null && f.template !== "2019" && f.template !== "2021") throw new BulkFilterError("template", `must be 2019 or 2021, got "${f.template}"`);
  for (const k of f.agencyKinds ?? []) if (!AGENCY_KINDS.includes(k)) throw new BulkFilterError("kind", `"${k}" is not one of ${AGENCY_KINDS.join(", ")}`);
  if (f.afterId != null && (!Number.isInteger(f.afterId) || f.afterId < 0)) throw new BulkFilterError("after", "must be a non-negative report id");
}

/**
 * The filters on report (r) — they pick a page of ids in id order by the primary key — and, apart,
 * the agency kinds (a), applied when the page's rows are read: a join to agency in the page query
 * lets the optimizer start from agency and sort every matching report for each page.
 */
function whereOf(f: BulkFilter): { sql: string; params: unknown[]; kinds: { sql: string; params: unknown[] } } {
  const parts = ["r.isCurrent = 1"];
  const params: unknown[] = [];
  if (f.regionCode) {
    if (f.includeSubregions === false) {
      parts.push("r.regionCode = ?");
      params.push(f.regionCode);
    } else {
      parts.push("r.regionCode LIKE ?");
      params.push(`${regionPrefix(f.regionCode)}%`);
    }
  }
  if (f.years?.length) {
    parts.push(`r.year IN (${f.years.map(() => "?").join(", ")})`);
    params.push(...f.years);
  }
  if (f.template) {
    parts.push("r.format = ?");
    params.push(f.template);
  }
  if (f.includeAggregates === false) parts.push("r.isAggregate = 0");
  const kinds = f.agencyKinds?.length
    ? { sql: ` AND a.kind IN (${f.agencyKinds.map(() => "?").join(", ")})`, params: [...f.agencyKinds] as unknown[] }
    : { sql: "", params: [] as unknown[] };
  return { sql: parts.join(" AND "), params, kinds };
}

/** Selected columns, in order: the fixed ones, then one per distinct figures column. */
const FIGURE_COLUMNS = [...new Set(CELLS.map((c) => c.column))];
const SELECT = `SELECT r.id AS id, a.name AS agency, a.kind AS kind, r.regionCode AS regionCode, g.name AS regionName, r.year AS year, r.format AS format,
  r.revision AS revision, r.sourceUrl AS sourceUrl, r.blankCells AS blankCells, ${FIGURE_COLUMNS.map((c) => `f.${c}`).join(", ")}
  FROM report r JOIN agency a ON a.id = r.agencyId LEFT JOIN region g ON g.code = r.regionCode LEFT JOIN report_figures f ON f.reportId = r.id`;
const FIGURE_AT = new Map(FIGURE_COLUMNS.map((c, i) => [c, 10 + i]));
/** Per cell: its value's position in a raw row. */
const CELL_AT = CELLS.map((c) => FIGURE_AT.get(c.column)!);

/** One exported row (values as they print: numbers, exact money text, `?`, or empty). */
export type BulkRow = Array<string | number | null>;

/** Per catalogue cell, precomputed once: where its value sits in a raw row, its template, its money unit. */
const PLAN = CELLS.map((c, i) => ({ at: CELL_AT[i], scope: c.scope, money: c.kind === "money" ? c : null }));

/** A stored money integer as its exact decimal (safe integers without BigInt). */
function money(c: CellDef, v: unknown): string {
  const n = typeof v === "number" ? v : Number(v);
  if (!Number.isSafeInteger(n)) return formatMoney(c, BigInt(String(v)));
  const abs = Math.abs(n);
  const whole = Math.floor(abs / c.scale);
  const rest = abs - whole * c.scale;
  const frac = rest ? "." + String(rest).padStart(String(c.scale).length - 1, "0").replace(/0+$/, "") : "";
  return `${n < 0 ? "-" : ""}${whole}${frac}`;
}

/** The cells printed blank, space-separated (stored as a JSON array; most reports have none). */
function blankList(raw: unknown): string {
  if (raw == null || raw === "[]" || raw === "") return "";
  const list: string[] = typeof raw === "string" ? JSON.parse(raw) : (raw as string[]);
  return list.join(" ");
}

function toRow(r: unknown[]): BulkRow {
  const format = r[6] as string;
  const legacy = format === "legacy";
  const out: BulkRow = [Number(r[0]), r[1] as string, r[2] as string, r[3] as string, r[4] as string | null, Number(r[5]), format, Number(r[7]), r[8] as string | null];
  for (const p of PLAN) {
    if (p.scope !== "both" && p.scope !== format) out.push(null);
    else {
      const v = r[p.at];
      out.push(v == null ? (legacy ? null : "?") : p.money ? money(p.money, v) : Number(v));
    }
  }
  out.push(blankList(r[9]));
  return out;
}

type Dialect = "sqlite" | "mysql";

/**
 * The catalogue cells of a row as one CSV fragment, built by the database: a row then crosses into
 * JavaScript as a dozen values instead of 240 (reading the values one by one was 80% of the export's
 * time). Same text as `toRow`: empty where the template lacks the cell, `?` for an unreadable cell,
 * money as its exact decimal without trailing zeros, counts as integers.
 */
function figuresCsvSql(dialect: Dialect): string {
  const terms = CELLS.map((c) => {
    const col = `f.${c.column}`;
    let v = col;
    if (c.kind === "money" && c.scale > 1) {
      const digits = String(c.scale).length - 1;
      v = dialect === "sqlite"
        ? `(CASE WHEN ${col} < 0 THEN '-' ELSE '' END || (abs(${col}) / ${c.scale}) || rtrim(rtrim('.' || printf('%0${digits}d', abs(${col}) % ${c.scale}), '0'), '.'))`
        : `CONCAT(IF(${col} < 0, '-', ''), ABS(${col}) DIV ${c.scale}, TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM CONCAT('.', LPAD(ABS(${col}) MOD ${c.scale}, ${digits}, '0')))))`;
    }
    return c.scope === "both"
      ? `COALESCE(${v}, CASE WHEN r.format = 'legacy' THEN '' ELSE '?' END)`
      : `CASE WHEN r.format = '${c.scope}' THEN COALESCE(${v}, '?') ELSE '' END`;
  });
  // One CONCAT_WS builds the line in one pass (a chain of `||` copies the growing string at each
  // step: three times slower on SQLite). Groups of 100 stay under SQLite's older 127-argument limit.
  const groups: string[] = [];
  for (let i = 0; i < terms.length; i += 100) groups.push(`CONCAT_WS(',', ${terms.slice(i, i + 100).join(", ")})`);
  return `CONCAT_WS(',', ${groups.join(", ")})`;
}

const CSV_SELECT = (dialect: Dialect) => `SELECT r.id AS id, a.name AS agency, a.kind AS kind, r.regionCode AS regionCode, g.name AS regionName, r.year AS year, r.format AS format,
  r.revision AS revision, r.sourceUrl AS sourceUrl, r.blankCells AS blankCells, ${figuresCsvSql(dialect)} AS figures
  FROM report r JOIN agency a ON a.id = r.agencyId LEFT JOIN region g ON g.code = r.regionCode LEFT JOIN report_figures f ON f.reportId = r.id`;

/** One CSV line from a row of CSV_SELECT. */
function csvRow(r: unknown[]): string {
  return `${r[0]},${csvField(r[1] as string)},${r[2]},${r[3]},${csvField(r[4] as string | null)},${r[5]},${r[6]},${r[7]},${csvField(r[8] as string | null)},${r[10]},${blankList(r[9])}\r\n`;
}

/** One CSV line from a raw row of SELECT (drivers other than better-sqlite3 and mysql2). */
function csvRowFromValues(r: unknown[]): string {
  return csvLine(toRow(r));
}

/**
 * One page as arrays, not objects: a 260-column row built as an object costs about three times more
 * (measured on better-sqlite3). better-sqlite3 `raw()` and mysql2 `rowsAsArray`; other drivers go
 * through `ds.query`.
 */
async function rawPage(ds: DataSource, sql: string, params: unknown[]): Promise<unknown[][]> {
  const driver = ds.driver as any;
  if (ds.options.type === "better-sqlite3" && driver.databaseConnection?.prepare) {
    return driver.databaseConnection.prepare(sql).raw(true).all(...params);
  }
  if ((ds.options.type === "mysql" || ds.options.type === "mariadb") && driver.pool?.query) {
    return new Promise((resolve, reject) => driver.pool.query({ sql, values: params, rowsAsArray: true }, (e: Error | null, rows: unknown[][]) => (e ? reject(e) : resolve(rows))));
  }
  return (await ds.query(sql, params)).map((r: Record<string, unknown>) => Object.values(r));
}

/** The SQL dialect of the drivers whose rows come as arrays (rawPage), else null. */
function sqlDialect(ds: DataSource): Dialect | null {
  const driver = ds.driver as any;
  if (ds.options.type === "better-sqlite3" && driver.databaseConnection?.prepare) return "sqlite";
  if ((ds.options.type === "mysql" || ds.options.type === "mariadb") && driver.pool?.query) return "mysql";
  return null;
}

/** The export's reader stopped (client gone): the DB reads stop with it. */
export class ExportAbortedError extends Error {
  constructor() {
    super("the export's reader went away");
  }
}

/**
 * Raw rows in id order, one keyset page at a time. A page is read only when the consumer asks for
 * it: a writer that awaits its stream's drain holds the reads back (no cursor stays open meanwhile).
 */
async function* rawPages(ds: DataSource, filter: BulkFilter, options: BulkOptions, select = SELECT): AsyncGenerator<unknown[][]> {
  checkFilter(filter);
  const pageSize = Math.max(1, Math.min(options.pageSize ?? 2000, 10000));
  const maxRows = options.maxRows ?? Infinity;
  const where = whereOf(filter);
  let after = filter.afterId ?? 0;
  let sent = 0;
  while (sent < maxRows) {
    const limit = Math.min(pageSize, maxRows - sent);
    // The page's ids by the primary key (the cost of a page is its size, wherever it starts), then
    // their rows with the joins: two statements a page.
    const ids = (await rawPage(ds, `SELECT r.id FROM report r WHERE ${where.sql} AND r.id > ? ORDER BY r.id LIMIT ${limit}`, [...where.params, after])).map((r) => Number(r[0]));
    const rows = ids.length
      ? await rawPage(ds, `${select} WHERE r.id IN (${ids.map(() => "?").join(", ")})${where.kinds.sql} ORDER BY r.id`, [...ids, ...where.kinds.params])
      : [];
    options.onPage?.(rows.length);
    if (rows.length) yield rows;
    sent += rows.length;
    if (ids.length < limit) return;
    after = ids[ids.length - 1];
  }
}

/** Rows in id order (values as they print). */
export async function* bulkRows(ds: DataSource, filter: BulkFilter, options: BulkOptions = {}): AsyncGenerator<BulkRow> {
  for await (const page of rawPages(ds, filter, options)) for (const r of page) yield toRow(r);
}

/**
 * Writes with backpressure: resolves at once when the stream takes the chunk, else when it drains;
 * rejects when the stream fails or closes first (a client that went away), so nothing waits forever.
 */
export function write(out: Writable, chunk: string | Buffer): Promise<void> | void {
  if (out.destroyed || out.writableEnded) throw new ExportAbortedError();
  if (out.write(chunk)) return;
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      out.off("drain", done);
      out.off("error", fail);
      out.off("close", closed);
    };
    const done = () => {
      cleanup();
      resolve();
    };
    const fail = (e: Error) => {
      cleanup();
      reject(e);
    };
    const closed = () => {
      cleanup();
      reject(new ExportAbortedError());
    };
    out.once("drain", done);
    out.once("error", fail);
    out.once("close", closed);
  });
}

/** CSV (UTF-8 with BOM, header row of paths); returns the number of report rows written. */
export async function writeBulkCsv(ds: DataSource, filter: BulkFilter, out: Writable, options: BulkOptions = {}): Promise<number> {
  checkFilter(filter);
  await write(out, BOM + csvLine(BULK_COLUMNS));
  const dialect = sqlDialect(ds);
  const line = dialect ? csvRow : csvRowFromValues;
  let n = 0;
  for await (const page of rawPages(ds, filter, options, dialect ? CSV_SELECT(dialect) : SELECT)) {
    let buffer = "";
    for (const r of page) {
      buffer += line(r);
      if (buffer.length > 256 * 1024) {
        await write(out, buffer);
        buffer = "";
      }
    }
    if (buffer) await write(out, buffer);
    n += page.length;
  }
  return n;
}

/**
 * XLSX, one sheet streamed (xlsx-writer.ts): rows become XML as they come, compressed in 256 KB
 * chunks, each chunk awaiting the stream (backpressure); inline strings, so nothing grows with the rows.
 */
export async function writeBulkXlsx(ds: DataSource, filter: BulkFilter, out: Writable, options: BulkOptions = {}): Promise<number> {
  checkFilter(filter);
  const styles = new Styles();
  const bold = styles.id({ bold: true });
  const sheet = new StreamedSheet((b) => write(out, b), { name: "reports", freeze: { x: 2, y: 1 } }, styles);
  await sheet.start();
  await sheet.addRow(BULK_COLUMNS, BULK_COLUMNS.map(() => bold));
  let n = 0;
  for await (const page of rawPages(ds, filter, options)) {
    for (const r of page) await sheet.addRow(toRow(r));
    n += page.length;
  }
  await sheet.finish();
  return n;
}
