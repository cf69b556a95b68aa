import type { DataSource } from "typeorm";
import { setMaxParserCache } from "mysql2";

/**
 * mysql2 keeps up to 15,000 generated row parsers; only reads with `compiledRows` make them here, one
 * per distinct column list (compareAgencies: per set of measures), so a client sending ever new
 * lists keeps at most this many compiled functions in memory.
 */
const PARSER_CACHE = 256;
setMaxParserCache(PARSER_CACHE);

/**
 * A read sent on the MySQL/MariaDB driver's pool directly (`execute`: a server-side prepared
 * statement; `query`: a plain one), logged like every other statement so statement counts stay true;
 * on SQLite (or a driver without one pool) an ordinary query.
 */
function poolRead(ds: DataSource, sql: string, params: unknown[], method: "execute" | "query", options: ReadOptions): Promise<any[]> {
  const driver = ds.driver as any;
  const type = driver.options.type;
  if ((type === "mysql" || type === "mariadb") && driver.pool) {
    if (ds.options.logging) ds.logger.logQuery(sql, params as any[]);
    const statement = options.compiledRows ? { sql, disableEval: false } : sql;
    return new Promise((resolve, reject) => {
      driver.pool[method](statement, params, (err: Error | null, rows: any[]) => (err ? reject(err) : resolve(rows)));
    });
  }
  return ds.query(sql, params);
}

/** Rows of at most this many columns may be parsed by generated code (see ReadOptions). */
export const COMPILED_ROWS_MAX_COLUMNS = 64;

/**
 * The connection pool parses rows without generated code (data-source.ts: V8 spent minutes optimising
 * the generated parser of a 240-column row). `compiledRows`: this statement's rows are parsed by
 * mysql2's generated parser instead — for a narrow statement (at most COMPILED_ROWS_MAX_COLUMNS
 * columns) with many rows, where the static parser's per-field objects dominate: 700 rows of 9
 * columns allocate 0.18 MB instead of 1.29 MB. Each distinct column list compiles one parser, kept
 * in mysql2's cache (bounded in data-source.ts).
 */
export interface ReadOptions {
  compiledRows?: boolean;
}

/** A narrow statement of many rows (an agency and a few figures a row): rows parsed by generated code. */
export const NARROW_ROWS: ReadOptions = Object.freeze({ compiledRows: true });

/**
 * Runs a hot, fixed-shape read as a server-side prepared statement on MySQL/MariaDB (binary protocol:
 * no SQL parsing per request, faster row decoding — measured 0.54 ms instead of 1.3 ms for the
 * 240-column region sum), and as an ordinary query on SQLite. Use it only for statements whose text
 * does not vary with the data, so the per-connection statement cache stays small.
 */
export function preparedQuery(ds: DataSource, sql: string, params: unknown[], options: ReadOptions = {}): Promise<any[]> {
  return poolRead(ds, sql, params, "execute", options);
}

/**
 * Runs a read whose text varies with the request (so not prepared, see above) on a hot path as a
 * plain query on the pool: the ORM's query runner costs ~0.1 ms more a statement.
 */
export function plainQuery(ds: DataSource, sql: string, params: unknown[], options: ReadOptions = {}): Promise<any[]> {
  return poolRead(ds, sql, params, "query", options);
}
