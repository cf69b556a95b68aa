/**
 * Helpers that let one hand-written migration (QueryRunner Table API) produce exactly the DDL the
 * entities expect on both SQLite and MySQL/MariaDB: abstract types and defaults go through the driver.
 */
import { QueryRunner, TableColumnOptions } from "typeorm";
import { columnTypes, ColumnTypes } from "./column-types";
import type { DbKind } from "../config";

export function dbKindOf(qr: QueryRunner): DbKind {
  const type = qr.connection.driver.options.type;
  return type === "better-sqlite3" ? "sqlite" : type === "mariadb" ? "mariadb" : "mysql";
}

export function migrationTools(qr: QueryRunner) {
  const d = qr.connection.driver;
  const t = d.mappedDataTypes;
  const col = (o: TableColumnOptions): TableColumnOptions => ({
    ...o,
    type: d.normalizeType({ type: o.type as any }),
    ...(o.default !== undefined && typeof o.default !== "string"
      ? { default: d.normalizeDefault({ default: o.default, type: o.type } as any) }
      : {}),
  });
  const id = (name = "id"): TableColumnOptions => ({ name, type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" });
  const createdAt = (name: string): TableColumnOptions => ({
    name, type: t.createDate as string, precision: t.createDatePrecision, default: t.createDateDefault,
  });
  const types: ColumnTypes = columnTypes(dbKindOf(qr));
  return { col, id, createdAt, types };
}
