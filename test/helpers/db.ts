import "reflect-metadata";
import { DataSource } from "typeorm";
import { openDataSource } from "../../src/db/data-source";
import { parseDatabaseUrl } from "../../src/config";

/**
 * The databases a test runs on: SQLite in memory always, and MySQL/MariaDB when TEST_MYSQL_URL names
 * a throwaway database (the CI script sets it). Each call drops and re-creates the schema.
 */
export function testDatabases(): Array<[string, () => Promise<DataSource>]> {
  const out: Array<[string, () => Promise<DataSource>]> = [
    ["sqlite", () => openDataSource({ kind: "sqlite", location: ":memory:" })],
  ];
  const url = process.env.TEST_MYSQL_URL;
  if (url) out.push([url.split(":")[0], () => openDataSource(parseDatabaseUrl(url), { dropSchema: true })]);
  return out;
}
