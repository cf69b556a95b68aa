import "reflect-metadata";
import { DataSource, Logger } from "typeorm";
import { openDataSource } from "../../src/db/data-source";
import { parseDatabaseUrl } from "../../src/config";

/** Counts the SQL statements a piece of work issues (migrations and schema queries excluded). */
export class CountingLogger implements Logger {
  count = 0;
  statements: string[] = [];
  enabled = false;
  logQuery(query: string) {
    if (!this.enabled) return;
    this.count++;
    this.statements.push(query);
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
  reset() {
    this.count = 0;
    this.statements = [];
  }
}

export type Opener = (logger?: Logger) => Promise<DataSource>;

/**
 * The databases a test runs on: SQLite in memory always, and MySQL/MariaDB when TEST_MYSQL_URL names
 * a throwaway database (the CI script sets it). Each call drops and re-creates the schema.
 */
export function testDatabases(): Array<[string, Opener]> {
  const out: Array<[string, Opener]> = [
    ["sqlite", (logger) => openDataSource({ kind: "sqlite", location: ":memory:" }, { logger })],
  ];
  const url = process.env.TEST_MYSQL_URL;
  if (url) out.push([url.split(":")[0], (logger) => openDataSource(parseDatabaseUrl(url), { dropSchema: true, logger })]);
  return out;
}
