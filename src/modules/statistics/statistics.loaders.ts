import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { MAX_PAGE } from "../common/args";
import { RegionStatisticsService } from "./region-statistics.service";

/** The region-year whose unreported agencies a coverage lists. */
export interface MissingKey {
  regionCode: string;
  year: number;
  includeSubregions: boolean;
  agencyKinds: string[] | null;
}

type Missing = Awaited<ReturnType<RegionStatisticsService["missingAgencies"]>>;

/** Per-request loaders of the statistics read side. */
export function statisticsLoaders(ds: DataSource) {
  return {
    /** Unreported agencies (up to 100) and their count: one query pair per region-year and request, however many fields ask. */
    missingAgencies: new DataLoader<MissingKey, Missing, string>(
      (keys) => Promise.all(keys.map((k) => new RegionStatisticsService(ds).missingAgencies(k.regionCode, k.year, k.includeSubregions, k.agencyKinds, MAX_PAGE))),
      { cacheKeyFn: (k) => JSON.stringify([k.regionCode, k.year, k.includeSubregions, k.agencyKinds]) },
    ),
  };
}
