/**
 * Builds the DataSource for the configured database. Migrations always run at start-up, on every
 * database; `synchronize` is never used.
 */
import fs from "node:fs";
import path from "node:path";
import { DataSource, DataSourceOptions, Logger } from "typeorm";
import { format as mysqlFormat, type SqlValue } from "mysql2";
import type { DbConfig } from "../config";
import { columnTypes } from "./column-types";
import { RegionEntity } from "../modules/region/region.entity";
import { AgencyEntity, AgencyNameEntity } from "../modules/agency/agency.entity";
import { FiguresEntity, ReportEntity, reportSourceEntity } from "../modules/report/report.entity";
import { FindingEntity } from "../modules/findings/finding.entity";
import { SummaryEntity } from "../modules/statistics/summary.entity";
import { narrativeSectionEntity, NarrativeTokenEntity } from "../modules/narratives/narrative-token.entity";
import { ReportEventEntity } from "../modules/report/report-event.entity";

/**
 * The migration files, found by name rather than imported (db/ sits below migrations/ in the layer
 * order). From src (Jest) this is `migrations/*.ts`; from the build it is `dist/migrations/*.js`.
 * Only files named `<timestamp>-<name>` count, so helpers beside them are never run as migrations.
 */
export const MIGRATIONS_GLOB = path.join(__dirname, "..", "..", "migrations", "[0-9]*-*.{ts,js}").split(path.sep).join("/");

export function entitiesFor(db: DbConfig) {
  return [RegionEntity, AgencyEntity, AgencyNameEntity, ReportEntity, reportSourceEntity(columnTypes(db.kind)),
    FiguresEntity, FindingEntity, SummaryEntity, NarrativeTokenEntity, narrativeSectionEntity(columnTypes(db.kind)), ReportEventEntity];
}

export interface DataSourceExtras {
  logger?: Logger;
  dropSchema?: boolean;
  migrationsRun?: boolean;
}

export function dataSourceOptions(db: DbConfig, extras: DataSourceExtras = {}): DataSourceOptions {
  const common = {
    entities: entitiesFor(db),
    migrations: [MIGRATIONS_GLOB],
    migrationsRun: extras.migrationsRun ?? true,
    migrationsTransactionMode: "each" as const,
    synchronize: false,
    dropSchema: extras.dropSchema ?? false,
    logger: extras.logger,
    logging: extras.logger ? ("all" as const) : false,
  };
  if (db.kind === "sqlite") {
    if (db.location !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(db.location)), { recursive: true });
    // WAL with synchronous = NORMAL: a commit appends to the WAL without waiting for the disk (the
    // WAL is synced at each checkpoint). A crash of the process loses nothing committed; a power cut
    // can lose the transactions since the last checkpoint (at most ~40 MB of WAL, below) but never
    // corrupts the file. With the default FULL every import (one transaction per report) waited for
    // an fsync: 5.6 ms of its ~17 ms on a busy disk.
    return {
      ...common, type: "better-sqlite3", database: db.location, enableWAL: db.location !== ":memory:",
      prepareDatabase: (conn: { pragma(s: string): unknown }) => {
        conn.pragma("synchronous = NORMAL");
        // A 32 MB page cache (default 2 MB) and a checkpoint every 10,000 WAL pages (40 MB; default
        // 1,000): an import's commits dirty pages all over the narrative postings' index, and a page
        // written by several commits is copied into the database once per checkpoint. 10,000 files
        // imported with --jobs 2: 199–206 reports/s against 174–182 with the defaults (either setting
        // alone: 177–182), bench/results/2026-12-03-import-sqlite-mariadb-10k-pragmas.md.
        conn.pragma("cache_size = -32768");
        conn.pragma("wal_autocheckpoint = 10000");
        // After a checkpoint the WAL file is cut back to 64 MB (it grows past that while a long read holds one off).
        conn.pragma("journal_size_limit = 67108864");
      },
    };
  }
  return {
    ...common,
    type: db.kind,
    url: db.location,
    charset: "utf8mb4",
    timezone: "Z",
    extra: { connectionLimit: 10, disableEval: true, queryFormat },
  };
}

/**
 * mysql2's query formatting, except that a statement without values is sent as it is: the driver
 * otherwise scans every statement for a `?` to fill even with no values to fill it with, and an
 * import's statements are megabytes of literal rows (store/sql.ts: the scan was 4% of the writer's CPU).
 * With values, what the driver does: its `format` with the connection's `stringifyObjects` (TypeORM
 * sets it: an object is never spread into `SET` assignments) and time zone. mysql2 calls it with the
 * connection as `this`.
 */
function queryFormat(this: { config?: { stringifyObjects?: boolean } }, sql: string, values: unknown, timezone: string): string {
  if (values == null || (Array.isArray(values) && values.length === 0)) return sql;
  return mysqlFormat(sql, values as SqlValue[], this?.config?.stringifyObjects ?? true, timezone);
}

/**
 * A larger page cache for this SQLite connection (MySQL/MariaDB: nothing to do; the server's buffer
 * pool is its own). For `gongkai import`: each search-index posting lands on another page of a
 * term-ordered tree, and once that tree outgrows the cache every insert reads a page back — real
 * report texts, 4,000 files: 28 reports/s with 32 MB, 39 with 256 MB or 1 GB, 30 with 32 MB and a
 * 1 GB mmap (bench/results/2026-12-04-import-sqlite-mariadb-real-2k.md).
 */
export async function usePageCache(ds: DataSource, mb: number): Promise<void> {
  if (ds.options.type !== "better-sqlite3") return;
  if (!Number.isInteger(mb) || mb < 1) throw new RangeError(`page cache must be a whole number of MB, got ${mb}`);
  await ds.query(`PRAGMA cache_size = -${mb * 1024}`);
}

export async function openDataSource(db: DbConfig, extras: DataSourceExtras = {}): Promise<DataSource> {
  const ds = new DataSource(dataSourceOptions(db, extras));
  await ds.initialize();
  return ds;
}
