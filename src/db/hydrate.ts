/**
 * Entity rows from a plain SELECT, hydrated column by column as the ORM's entity loading does (through
 * the driver: JSON, booleans, dates), without its query builder — which costs more than the statement
 * itself for the small pages the API reads (in a CPU profile of `regionStatistics` with coverage lists,
 * the query builder and the entity transformer were about a sixth of the request).
 */
import type { DataSource, EntityTarget, ObjectLiteral } from "typeorm";
import type { ColumnMetadata } from "typeorm/metadata/ColumnMetadata";

/** The columns of `entity` whose properties are `properties` (all of them when absent), in metadata order. */
export function columnsOf(ds: DataSource, entity: EntityTarget<ObjectLiteral>, properties?: readonly string[]): ColumnMetadata[] {
  const columns = ds.getMetadata(entity).columns;
  return properties ? columns.filter((c) => properties.includes(c.propertyName)) : columns;
}

/** A SELECT list of the columns on table alias `alias`, each `AS <prefix><column>`. */
export function selectList(columns: readonly ColumnMetadata[], alias: string, prefix = ""): string {
  return columns.map((c) => `${alias}.${c.databaseName} AS ${prefix}${c.databaseName}`).join(", ");
}

/** One raw row (its columns named `<prefix><column>`) as the entity object the ORM would build. */
export function hydrated<T>(ds: DataSource, columns: readonly ColumnMetadata[], raw: Record<string, unknown>, prefix = ""): T {
  const row: Record<string, unknown> = {};
  for (const c of columns) row[c.propertyName] = ds.driver.prepareHydratedValue(raw[`${prefix}${c.databaseName}`], c);
  return row as T;
}
