import { Arg, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { RegionStatistics } from "./statistics.type";
import { Downloads, downloadPaths } from "../report/downloads.type";

@Resolver(() => RegionStatistics)
export class RegionDownloadsResolver {
  @FieldResolver(() => Downloads, { description: "下载 — the region-year's 汇总 draft: the three tables summed, coverage, X4 and findings annexes (/export/region/CODE/YEAR.…)." })
  downloads(@Root() stats: { region: { code: string }; year: number; includeSubregions: boolean; scope?: { agencyKinds: string[] | null } }): Downloads {
    return downloadPaths(`/export/region/${stats.region.code}/${stats.year}`, {
      subregions: stats.includeSubregions ? null : "false",
      kind: stats.scope?.agencyKinds?.length ? stats.scope.agencyKinds.join(",") : null,
    });
  }

  @Query(() => Downloads, { description: "对比下载 — agencies × years side by side (the official cells as rows), as files (/export/compare.…)." })
  comparisonDownloads(
    @Arg("agencyIds", () => [ID], { description: "Up to 20 agencies." }) agencyIds: string[],
    @Arg("years", () => [Int], { description: "Up to 15 years." }) years: number[],
  ): Downloads {
    return downloadPaths("/export/compare", { agencies: agencyIds.map(Number).join(","), years: [...new Set(years)].sort((a, b) => a - b).join(",") });
  }
}
