import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import { RegionStatisticsService } from "./region-statistics.service";

/** The region-year whose unreported agencies a coverage lists. */
export interface MissingKey {
  regionCode: string;
  year: number;
  includeSubregions: boolean;
  agencyKinds: string[] | null;
}

type Missing = Awaited<ReturnType<RegionStatisticsService["missingAgencies"]>>;

/**
 * Unreported agencies and their count, one statement pair per region-year and request however many
 * fields ask: `load(key, first)` with the page a field needs (0 for the count alone). Fields resolved
 * together share one read of the largest page any of them asked; a larger page asked later reads again.
 */
function missingAgenciesLoader(ds: DataSource) {
  const keyOf = (k: MissingKey) => JSON.stringify([k.regionCode, k.year, k.includeSubregions, k.agencyKinds]);
  /** Per key: the largest page asked, and the page of the read under way or done (absent before it starts). */
  const wanted = new Map<string, number>();
  const read = new Map<string, number>();
  const loader = new DataLoader<MissingKey, Missing, string>(
    (keys) => Promise.all(keys.map((k) => {
      const limit = wanted.get(keyOf(k)) ?? 0;
      read.set(keyOf(k), limit);
      return new RegionStatisticsService(ds).missingAgencies(k.regionCode, k.year, k.includeSubregions, k.agencyKinds, limit);
    })),
    { cacheKeyFn: keyOf },
  );
  return {
    load(k: MissingKey, first: number): Promise<Missing> {
      const key = keyOf(k);
      wanted.set(key, Math.max(wanted.get(key) ?? 0, first));
      const done = read.get(key);
      if (done !== undefined && done < first) {
        loader.clear(k);
        read.delete(key);
      }
      return loader.load(k);
    },
  };
}

/** Per-request loaders of the statistics read side. */
export function statisticsLoaders(ds: DataSource) {
  return {
    missingAgencies: missingAgenciesLoader(ds),
  };
}
