import type { DataSource } from "typeorm";
import { setMaxParserCache } from "mysql2";

/**
 * mysql2 keeps up to 15,000 generated row parsers; only reads with `compiledRows` make them here, and
 * their column lists are fixed (a few dozen parsers in all). The bound keeps a list that came to
 * follow the request from filling memory with compiled functions.
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

/**
 * The connection pool parses rows without generated code (data-source.ts: V8 spent minutes optimising
 * the generated parser of a 240-column row). `compiledRows`: this statement's rows are parsed by
 * mysql2's generated parser instead — for a statement of many rows, where the static parser's objects
 * per field dominate: 700 rows of 9 columns allocate 0.18 MB instead of 1.29 MB. mysql2 compiles one
 * parser per list of column names and types, and V8 spends 25 ms (16 columns) to a second (64) of a
 * core optimising each, so only statements whose column list does not follow the request may ask:
 * fixed lists, or the few shapes compareAgencies pads its columns to. Parsers are kept in mysql2's
 * cache (bounded above).
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
