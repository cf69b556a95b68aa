/**
 * Where a bench writes its results: bench/results/<name>.md, or <name>-2.md, -3, … when a run of the
 * same day already wrote that name — a second run never overwrites a committed results file.
 */
import fs from "node:fs";
import path from "node:path";
import { DbConfig, parseDatabaseUrl } from "../src/config";

export function writeResults(file: string, text: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const { dir, name, ext } = path.parse(file);
  let out = file;
  for (let i = 2; fs.existsSync(out); i++) out = path.join(dir, `${name}-${i}${ext}`);
  fs.writeFileSync(out, text);
  return out;
}

/**
 * The MySQL/MariaDB server's settings that move a run's figures, as a line for the results file
 * (null for SQLite). performance_schema ON cost this machine ~1 ms of server CPU an imported report
 * (MariaDB 10.11: 214 against 168 reports/s) and put trend at 2.1–2.4 × its floor instead of 1.6.
 */
export async function serverSettings(url: string): Promise<string | null> {
  if (!/^(mysql|mariadb):/.test(url)) return null;
  const conn = await serverConnection(new URL(url));
  try {
    const [rows] = await conn.query("SHOW VARIABLES WHERE Variable_name IN ('version', 'performance_schema', 'innodb_buffer_pool_size', 'innodb_flush_log_at_trx_commit', 'innodb_log_file_size', 'innodb_log_files_in_group', 'innodb_redo_log_capacity', 'innodb_io_capacity')");
    const v = Object.fromEntries((rows as Array<{ Variable_name: string; Value: string }>).map((r) => [r.Variable_name, r.Value]));
    const gib = (bytes: number) => (Number.isFinite(bytes) ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : "unknown");
    // The redo log: MySQL 8.0.30+ sizes it by innodb_redo_log_capacity; older MySQL by
    // innodb_log_file_size × innodb_log_files_in_group; MariaDB 10.5+ by innodb_log_file_size (one file).
    const redo = v.innodb_redo_log_capacity
      ? `innodb_redo_log_capacity ${gib(Number(v.innodb_redo_log_capacity))}`
      : `redo log ${gib(Number(v.innodb_log_file_size) * Number(v.innodb_log_files_in_group ?? 1))}`;
    return `Server: ${v.version}; performance_schema ${v.performance_schema}; innodb_buffer_pool_size ${gib(Number(v.innodb_buffer_pool_size))}; ${redo}; innodb_io_capacity ${v.innodb_io_capacity ?? "unknown"}; innodb_flush_log_at_trx_commit ${v.innodb_flush_log_at_trx_commit}.`;
  } finally {
    await conn.end();
  }
}

/** The MySQL/MariaDB server's buffer pool: its free pages of all, as a sentence for the results file. */
export async function freePages(url: string): Promise<string> {
  const conn = await serverConnection(new URL(url));
  try {
    const [rows] = await conn.query("SHOW GLOBAL STATUS WHERE Variable_name IN ('Innodb_buffer_pool_pages_free', 'Innodb_buffer_pool_pages_total')");
    const v = new Map((rows as Array<{ Variable_name: string; Value: string }>).map((r) => [r.Variable_name, Number(r.Value)]));
    return `the buffer pool has ${(v.get("Innodb_buffer_pool_pages_free") ?? 0).toLocaleString("en-US")} free pages of ${(v.get("Innodb_buffer_pool_pages_total") ?? 0).toLocaleString("en-US")}.`;
  } finally {
    await conn.end();
  }
}

/**
 * The benchmark's database `<name of base>_<suffix>` on the MySQL/MariaDB server of `base`, created
 * if missing (`fresh`: dropped and created again). The sizes' databases are shared by the benches
 * that generate and read them (run, narratives, export); the import bench starts each run fresh.
 */
export async function serverDatabase(base: string, suffix: string, fresh = false): Promise<DbConfig> {
  const cfg = parseDatabaseUrl(base);
  const url = new URL(cfg.location);
  const name = `${url.pathname.replace(/^\//, "") || "gongkai_bench"}_${suffix}`;
  const conn = await serverConnection(url);
  try {
    if (fresh) await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4`);
  } finally {
    await conn.end();
  }
  url.pathname = `/${name}`;
  return { kind: cfg.kind, location: url.toString() };
}

/** A database's address as DATABASE_URL takes it (the benches hand it to the CLI and the server they start). */
export function databaseUrl(db: DbConfig): string {
  return db.kind === "sqlite" ? `sqlite:${db.location}` : db.location.replace(/^mysql:/, db.kind === "mariadb" ? "mariadb:" : "mysql:");
}

/** A connection to the MySQL/MariaDB server of a database address, in no database (it may not exist yet). */
export async function serverConnection(url: URL) {
  const mysql = await import("mysql2/promise");
  return mysql.createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
}
