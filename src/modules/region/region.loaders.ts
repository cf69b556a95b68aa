import DataLoader from "dataloader";
import { DataSource, In } from "typeorm";
import { groupByKey } from "../../shared/batch";
import { RegionEntity, RegionRow } from "./region.entity";

/**
 * Regions are reference data: rows are only ever added (seeding the national table, generating a
 * demo province), never changed, so every instance may keep the ones it has read. Misses always go
 * to the database.
 */
const regionCache = new Map<string, RegionRow>();
const REGION_CACHE_LIMIT = 100_000;
function rememberRegion(r: RegionRow): void {
  if (regionCache.size < REGION_CACHE_LIMIT) regionCache.set(r.code, r);
}

/** Per-request loaders of regions. */
export function regionLoaders(ds: DataSource) {
  return {
    region: new DataLoader<string, RegionRow | null>(async (codes) => {
      const missing = codes.filter((c) => !regionCache.has(c));
      if (missing.length) for (const r of await ds.getRepository(RegionEntity).findBy({ code: In(missing) })) rememberRegion(r);
      return codes.map((c) => regionCache.get(c) ?? null);
    }),
    regionChildren: new DataLoader<string, RegionRow[]>(async (codes) =>
      groupByKey(codes, await ds.getRepository(RegionEntity).find({ where: { parentCode: In([...codes]) }, order: { code: "ASC" } }), (r) => r.parentCode!)),
  };
}
