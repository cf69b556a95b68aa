import type { DataSource } from "typeorm";

/**
 * A read sent on the MySQL/MariaDB driver's pool directly (`execute`: a server-side prepared
 * statement; `query`: a plain one), logged like every other statement so statement counts stay true;
 * on SQLite (or a driver without one pool) an ordinary query.
 */
function poolRead(ds: DataSource, sql: string, params: unknown[], method: "execute" | "query"): Promise<any[]> {
  const driver = ds.driver as any;
  const type = driver.options.type;
  if ((type === "mysql" || type === "mariadb") && driver.pool) {
    if (ds.options.logging) ds.logger.logQuery(sql, params as any[]);
    return new Promise((resolve, reject) => {
      driver.pool[method](sql, params, (err: Error | null, rows: any[]) => (err ? reject(err) : resolve(rows)));
    });
  }
  return ds.query(sql, params);
}

/**
 * Runs a hot, fixed-shape read as a server-side prepared statement on MySQL/MariaDB (binary protocol:
 * no SQL parsing per request, faster row decoding — measured 0.54 ms instead of 1.3 ms for the
 * 240-column region sum), and as an ordinary query on SQLite. Use it only for statements whose text
 * does not vary with the data, so the per-connection statement cache stays small.
 */
export function preparedQuery(ds: DataSource, sql: string, params: unknown[]): Promise<any[]> {
  return poolRead(ds, sql, params, "execute");
}

/**
 * Runs a read whose text varies with the request (so not prepared, see above) on a hot path as a
 * plain query on the pool: the ORM's query runner costs ~0.1 ms more a statement.
 */
export function plainQuery(ds: DataSource, sql: string, params: unknown[]): Promise<any[]> {
  return poolRead(ds, sql, params, "query");
}
