import DataLoader from "dataloader";
import { DataSource, In } from "typeorm";
import { byKey, groupByKey } from "../../shared/batch";
import { AgencyEntity, AgencyNameEntity, AgencyNameRow, AgencyRow } from "./agency.entity";

/** Per-request loaders of agencies and their names. */
export function agencyLoaders(ds: DataSource) {
  return {
    agency: new DataLoader<number, AgencyRow | null>(async (ids) =>
      byKey(ids, await ds.getRepository(AgencyEntity).findBy({ id: In([...ids]) }), (r) => r.id)),
    agencyNames: new DataLoader<number, AgencyNameRow[]>(async (ids) =>
      groupByKey(ids, await ds.getRepository(AgencyNameEntity).find({ where: { agencyId: In([...ids]) }, order: { fromYear: "ASC", id: "ASC" } }), (r) => r.agencyId)),
  };
}
