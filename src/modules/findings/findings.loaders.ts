import DataLoader from "dataloader";
import { DataSource, In } from "typeorm";
import { groupByKey } from "../../shared/batch";
import { FindingEntity, FindingRow } from "./finding.entity";

/** Per-request loaders of findings. */
export function findingsLoaders(ds: DataSource) {
  return {
    findings: new DataLoader<number, FindingRow[]>(async (ids) =>
      groupByKey(ids, await ds.getRepository(FindingEntity).find({ where: { reportId: In([...ids]) }, order: { id: "ASC" } }), (r) => r.reportId)),
  };
}
