import DataLoader from "dataloader";
import { DataSource, In } from "typeorm";
import { byKey, groupByKey } from "../../shared/batch";
import { AgencyEntity, AgencyNameEntity, AgencyNameRow, AgencyRow } from "./agency.entity";
import { columnsOf, hydrated, selectList } from "../../db/hydrate";
import { NARROW_ROWS, plainQuery } from "../../db/prepared";

/**
 * Agencies by id in one plain SELECT, hydrated column by column as the ORM would (its query builder
 * and entity construction cost more than the query for a page of 100: compareAgencies, rankings).
 */
async function agenciesById(ds: DataSource, ids: readonly number[]): Promise<AgencyRow[]> {
  const columns = columnsOf(ds, AgencyEntity);
  const rows: Array<Record<string, unknown>> = await plainQuery(ds,
    `SELECT ${selectList(columns, "a")} FROM agency a WHERE a.id IN (${ids.map(() => "?").join(", ")})`, [...ids], NARROW_ROWS);
  return rows.map((r) => hydrated<AgencyRow>(ds, columns, r));
}

/** Per-request loaders of agencies and their names. */
export function agencyLoaders(ds: DataSource) {
  return {
    agency: new DataLoader<number, AgencyRow | null>(async (ids) => byKey(ids, await agenciesById(ds, ids), (r) => r.id)),
    agencyNames: new DataLoader<number, AgencyNameRow[]>(async (ids) =>
      groupByKey(ids, await ds.getRepository(AgencyNameEntity).find({ where: { agencyId: In([...ids]) }, order: { fromYear: "ASC", id: "ASC" } }), (r) => r.agencyId)),
  };
}
