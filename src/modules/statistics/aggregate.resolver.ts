import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import type { Context } from "../../graphql/context";
import { checkFirst } from "../common/args";
import { AggregateFilter, AggregateGroup, AggregateOrder, GroupByEnum, RegionLevelGroup } from "./statistics.type";
import { AggregateService } from "./aggregate.service";

@Resolver()
export class AggregateResolver {
  @Query(() => [AggregateGroup], { description: "聚合 — sums of cell paths per group (year, region, agency kind, agency), ordered and limited by an aggregated value." })
  aggregate(
    @Ctx() ctx: Context,
    @Arg("paths", () => [String], { description: "Cell paths to sum." }) paths: string[],
    @Arg("groupBy", () => [GroupByEnum], { defaultValue: [], description: "Grouping keys." }) groupBy: GroupByEnum[],
    @Arg("filter", () => AggregateFilter, { nullable: true, description: "Which reports." }) filter: AggregateFilter | null,
    @Arg("orderBy", () => AggregateOrder, { nullable: true, description: "Order by a path's sum." }) orderBy: AggregateOrder | null,
    @Arg("first", () => Int, { defaultValue: 20, description: "Groups, 1 to 100." }) first: number,
    @Arg("regionLevel", () => RegionLevelGroup, { nullable: true, description: "Level REGION groups roll up to." }) regionLevel: RegionLevelGroup | null,
  ) {
    checkFirst(first);
    return new AggregateService(ctx.ds).aggregate(paths, groupBy, {
      regionCode: filter?.regionCode, years: filter?.years, agencyKinds: filter?.agencyKinds, template: filter?.template ?? null,
    }, { path: orderBy?.path, direction: orderBy?.direction ?? "DESC" }, first, regionLevel);
  }
}
