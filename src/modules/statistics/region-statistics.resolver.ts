import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, FieldResolver, Info, Int, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context";
import { AgencyKindEnum } from "../agency/agency.type";
import { Report } from "../report/report.type";
import { badInput, checkFirst, checkRegionCode, MAX_PAGE } from "../common/args";
import { perSelection } from "../common/selection";
import { keyFor } from "../../domain/regions";
import { AggregateComparison, Coverage, MissingAgency, RegionStatistics, TemplateProactive } from "./statistics.type";
import { proactiveByTemplate, RegionScope, RegionStatisticsService } from "./region-statistics.service";
import { columnsRead } from "./region-columns";

/** The columns each parsed selection reads. */
const columnsBySelection = new WeakMap<object, string[] | null>();

@Resolver(() => RegionStatistics)
export class RegionStatisticsResolver {
  @Query(() => RegionStatistics, { description: "区域统计 — sections 三 and 四 summed over a region's agencies for one year (aggregate reports left out), with coverage, metrics and the X4 check." })
  async regionStatistics(
    @Ctx() ctx: Context,
    @Arg("regionCode", { description: "GB/T 2260 code." }) regionCode: string,
    @Arg("year", () => Int, { description: "Report year." }) year: number,
    @Arg("includeSubregions", { defaultValue: true, description: "Include every region below." }) includeSubregions: boolean,
    @Arg("agencyKinds", () => [AgencyKindEnum], { nullable: true, description: "Only these kinds of agency." }) agencyKinds?: AgencyKindEnum[],
    @Info() info?: GraphQLResolveInfo,
  ) {
    const region = await ctx.loaders.region.load(regionCode);
    if (!region) throw badInput("regionCode", `no region ${regionCode}`);
    // Only the columns the selected fields read (region-columns.ts); every column for in-process callers (the renderers).
    const columns = info ? perSelection(columnsBySelection, info, columnsRead) : null;
    const { tree, metrics, scope } = await new RegionStatisticsService(ctx.ds).totals(regionCode, year, includeSubregions, agencyKinds ?? null, columns);
    // Coverage lists and the X4 comparison cost extra queries: resolved from the scope only when asked for.
    return { region, year, includeSubregions, applications: tree.applications, reviewLitigation: tree.reviewLitigation, metrics, coverage: { scope }, scope };
  }

  @FieldResolver(() => [TemplateProactive], { description: "二 summed within each template." })
  proactive(@Root() stats: { scope: RegionScope }) {
    return proactiveByTemplate(stats.scope.parts);
  }

  @FieldResolver(() => AggregateComparison, { nullable: true, description: "X4 — the region's own aggregate report compared with the sum, when there is one." })
  async aggregateComparison(@Root() stats: { scope: RegionScope }, @Ctx() ctx: Context) {
    const comparison = await new RegionStatisticsService(ctx.ds).aggregateComparison(stats.scope);
    if (!comparison) return null;
    return { report: await ctx.loaders.report.load(comparison.reportId), matches: comparison.differences.length === 0, differences: comparison.differences };
  }
}

@Resolver(() => Coverage)
export class CoverageResolver {
  @FieldResolver(() => Int, { description: "报告机关数 — current, non-aggregate reports summed." })
  reportingAgencies(@Root() c: { scope: RegionScope }) {
    return c.scope.parts.reduce((s, p) => s + p.reportCount, 0);
  }

  @FieldResolver(() => Int, { description: "含无法识读单元格的报告 — summed reports with unreadable section 三/四 cells (their sums are partial)." })
  incompleteReports(@Root() c: { scope: RegionScope }) {
    return c.scope.parts.reduce((s, p) => s + p.incompleteCount, 0);
  }

  @FieldResolver(() => Int, { description: "未报告机关数 — registered agencies of the region without a report this year." })
  async missingCount(@Root() c: { scope: RegionScope }, @Ctx() ctx: Context) {
    return (await ctx.loaders.missingAgencies.load(c.scope, 0)).total;
  }

  @FieldResolver(() => [MissingAgency], { description: "未报告机关 — those that reported the year before first, then by agency id." })
  async missing(
    @Root() c: { scope: RegionScope },
    @Ctx() ctx: Context,
    @Arg("first", () => Int, { defaultValue: MAX_PAGE, description: "Agencies, 1 to 100." }) first: number,
  ) {
    checkFirst(first);
    return (await ctx.loaders.missingAgencies.load(c.scope, first)).agencies.slice(0, first);
  }

  @FieldResolver(() => [Report], { description: "已排除的汇总报告 — aggregate (汇总) reports left out so that nothing is counted twice, by id." })
  async excludedAggregates(
    @Root() c: { scope: RegionScope },
    @Ctx() ctx: Context,
    @Arg("first", () => Int, { defaultValue: MAX_PAGE, description: "Reports, 1 to 100." }) first: number,
  ) {
    checkRegionCode(c.scope.regionCode);
    checkFirst(first);
    // The reports with their columns in the statement that finds them.
    return ctx.loaders.aggregateReports(keyFor(c.scope.regionCode, c.scope.includeSubregions), c.scope.year, first);
  }

  @FieldResolver(() => Int, { description: "已排除的汇总报告数 — how many aggregate (汇总) reports are left out." })
  excludedAggregateCount(@Root() c: { scope: RegionScope }, @Ctx() ctx: Context) {
    return new RegionStatisticsService(ctx.ds).aggregateCount(c.scope.regionCode, c.scope.year, c.scope.includeSubregions);
  }
}
