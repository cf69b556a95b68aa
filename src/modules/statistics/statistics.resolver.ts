import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { GraphQLError } from "graphql";
import type { Context } from "../../graphql/context";
import { APPLICANT_COLUMNS, CELLS, cellFor, Template } from "../../domain/cells";
import { evaluate, METRICS, shareMetrics } from "../../domain/metrics";
import { setKeys, Tree } from "../../domain/report-json";
import { figuresToTree } from "../../domain/figures";
import { AgencyKindEnum } from "../agency/agency.type";
import { TemplateEnum } from "../report/report.type";
import {
  AggregateComparison, AggregateFilter, AggregateGroup, AggregateOrder, AgencyComparison, Coverage, GroupByEnum, Metrics, MissingAgency,
  OrderEnum, Ranking, RegionLevelGroup, RegionStatistics, SmallSample, TemplateProactive, TrendPoint,
} from "./statistics.type";
import { Report } from "../report/report.type";
import { badInput, FormatSums, parseMeasure, StatisticsService } from "./statistics.service";

const METRIC_FIELDS: Record<string, string> = {
  DISCLOSURE_RATE: "disclosureRate", FULL_DISCLOSURE_RATE: "fullDisclosureRate", DENIAL_RATE: "denialRate", UNABLE_RATE: "unableRate",
  NOT_PROCESSED_RATE: "notProcessedRate", OTHER_RATE: "otherRate", BACKLOG_RATE: "backlogRate", REVIEW_CORRECTION_RATE: "reviewCorrectionRate",
  LITIGATION_DIRECT_CORRECTION_RATE: "litigationDirectCorrectionRate", LITIGATION_AFTER_REVIEW_CORRECTION_RATE: "litigationAfterReviewCorrectionRate",
};

/** Every metric of a report or of summed figures, each computed only when a query reads it. */
export function metricsOf(parts: Array<{ format: Template; values: Record<string, unknown> }>): Metrics {
  const out = {} as Metrics;
  const lazy = (name: string, compute: () => unknown) => {
    let value: unknown;
    let done = false;
    Object.defineProperty(out, name, { enumerable: true, get: () => (done ? value : ((done = true), (value = compute()))) });
  };
  for (const m of METRICS) lazy(METRIC_FIELDS[m.id], () => evaluate(m, parts));
  const shares = () => shareMetrics().map((m) => ({ path: m.numerator[0][0], label: m.zh, share: evaluate(m, parts) }));
  lazy("reasonMix", () => shares().filter((s) => s.path.startsWith("applications.outcomes.")));
  lazy("applicantMix", () => shares().filter((s) => s.path.startsWith("applications.newReceived.")));
  return out;
}

const BOTH_CELLS = CELLS.filter((c) => c.scope === "both");
const OTHER_2019 = APPLICANT_COLUMNS.map((c) => cellFor(`applications.outcomes.other.${c.key}`, "2019")!);
const OTHER_2021 = ["overdueCorrection", "overdueFee", "otherReasons"].map((row) => APPLICANT_COLUMNS.map((c) => cellFor(`applications.outcomes.other.${row}.${c.key}`, "2021")!));

/**
 * The typed section 三/四 tree of summed figures across templates (all counts). （六）其他处理 is the
 * 2019 row plus the 2021 rows; the 2021 reasons alone sum the 2021 reports (null when there are none).
 */
function combinedTree(parts: FormatSums[]) {
  const tree: Tree = { applications: {}, reviewLitigation: {} };
  for (const cell of BOTH_CELLS) {
    let sum = 0;
    for (const p of parts) sum += p.values[cell.column] ?? 0;
    setKeys(tree, cell.keys, sum);
  }
  const p19 = parts.find((p) => p.format === "2019");
  const p21 = parts.find((p) => p.format === "2021");
  const reason = (i: number) => (p21 ? Object.fromEntries(OTHER_2021[i].map((cell, j) => [APPLICANT_COLUMNS[j].key, p21.values[cell.column] ?? 0])) : null);
  const other: any = { overdueCorrection: reason(0), overdueFee: reason(1), otherReasons: reason(2) };
  APPLICANT_COLUMNS.forEach(({ key }, j) => {
    other[key] = (p19?.values[OTHER_2019[j].column] ?? 0) + OTHER_2021.reduce((s, row) => s + (p21?.values[row[j].column] ?? 0), 0);
  });
  ((tree.applications as Tree).outcomes as Tree).other = other;
  return tree;
}

@Resolver()
export class StatisticsResolver {
  @Query(() => RegionStatistics, { description: "区域统计 — sections 三 and 四 summed over a region's agencies for one year (aggregate reports left out), with coverage, metrics and the X4 check." })
  async regionStatistics(
    @Ctx() ctx: Context,
    @Arg("regionCode", { description: "GB/T 2260 code." }) regionCode: string,
    @Arg("year", () => Int, { description: "Report year." }) year: number,
    @Arg("includeSubregions", { defaultValue: true, description: "Include every region below." }) includeSubregions: boolean,
    @Arg("agencyKinds", () => [AgencyKindEnum], { nullable: true, description: "Only these kinds of agency." }) agencyKinds?: AgencyKindEnum[],
  ) {
    const region = await ctx.loaders.region.load(regionCode);
    if (!region) throw badInput("regionCode", `no region ${regionCode}`);
    const parts = await new StatisticsService(ctx.ds).regionSums(regionCode, year, includeSubregions, agencyKinds);
    const tree = combinedTree(parts);
    const scope: RegionScope = { regionCode, year, includeSubregions, agencyKinds: agencyKinds ?? null, parts };
    return {
      region, year, includeSubregions,
      applications: tree.applications,
      reviewLitigation: tree.reviewLitigation,
      metrics: metricsOf(parts),
      // Coverage lists and the X4 comparison cost extra queries: resolved only when asked for.
      coverage: { scope },
      scope,
    };
  }

  @Query(() => [AgencyComparison], { description: "年度对比 — cells and metrics of agencies across years, with changes between consecutive years and whether they are comparable. Two SQL statements whatever the size." })
  async compareAgencies(
    @Ctx() ctx: Context,
    @Arg("agencyIds", () => [ID], { description: "Up to 100 agencies." }) agencyIds: string[],
    @Arg("years", () => [Int], { description: "Years, up to 30." }) years: number[],
    @Arg("measures", () => [String], { description: "Cell paths (applications.newReceived.total) or metrics (DISCLOSURE_RATE), up to 50." }) measures: string[],
  ) {
    if (!agencyIds.length || agencyIds.length > 100) throw badInput("agencyIds", "give 1 to 100 agencies");
    if (!years.length || years.length > 30) throw badInput("years", "give 1 to 30 years");
    if (!measures.length || measures.length > 50) throw badInput("measures", "give 1 to 50 cell paths or metrics");
    const parsed = measures.map((m) => parseMeasure("measures", m));
    const sortedYears = [...new Set(years)].sort((a, b) => a - b);
    const ids = agencyIds.map(Number);
    const rows = await new StatisticsService(ctx.ds).agencyYearValues(ids, sortedYears, parsed);
    const rowOf = new Map(rows.map((r) => [`${r.agencyId}:${r.year}`, r]));
    const agencies = await ctx.loaders.agency.loadMany(ids);
    return ids.map((id, i) => {
      const agency = agencies[i];
      if (!agency || agency instanceof Error) throw badInput("agencyIds", `no agency ${id}`);
      return {
        agency,
        series: parsed.map((m, mi) => {
          const values = sortedYears.map((year) => {
            const row = rowOf.get(`${id}:${year}`);
            return { year, value: row ? StatisticsService.valueOf(m, [row]) : null, template: row?.format ?? null, printedAgencyName: row?.printedAgencyName ?? null };
          });
          const changes = values.slice(1).map((cur, k) => {
            const prev = values[k];
            const a = prev.value?.value;
            const b = cur.value?.value;
            let reason: string | null = null;
            if (prev.template == null || cur.template == null) reason = `no report for ${prev.template == null ? prev.year : cur.year}`;
            else if (a == null || b == null) reason = "a value is unreadable or undefined (denominator 0)";
            else if (m.kind === "cell" && m.cells.every((c) => c.scope !== "both") && prev.template !== cur.template) {
              reason = `template changed from ${prev.template} to ${cur.template}: section 二 figures are not comparable`;
            } else if (m.kind === "cell" && !m.cells.some((c) => c.scope === "both" || c.scope === cur.template)) reason = `${measures[mi]} does not exist in the ${cur.template} template`;
            const comparable = reason == null;
            return {
              fromYear: prev.year, toYear: cur.year, comparable, reason,
              absolute: comparable ? b! - a! : null,
              relative: comparable && a !== 0 ? (b! - a!) / Math.abs(a!) : null,
            };
          });
          return { measure: measures[mi], values, changes };
        }),
      };
    });
  }

  @Query(() => Ranking, { description: "排名 — agencies ranked by a cell or a metric in one year (dense ranks), with region and same-kind averages; agencies under minDenominator are listed apart." })
  async ranking(
    @Ctx() ctx: Context,
    @Arg("measure", { description: "A cell path or a metric (e.g. DISCLOSURE_RATE)." }) measure: string,
    @Arg("year", () => Int, { description: "Report year." }) year: number,
    @Arg("regionCode", () => String, { nullable: true, description: "Region (and all below)." }) regionCode: string | null,
    @Arg("agencyKind", () => AgencyKindEnum, { nullable: true, description: "Only this kind of agency." }) agencyKind: AgencyKindEnum | null,
    @Arg("order", () => OrderEnum, { defaultValue: OrderEnum.DESC, description: "DESC: largest first." }) order: OrderEnum,
    @Arg("first", () => Int, { defaultValue: 20, description: "Entries, 1 to 100." }) first: number,
    @Arg("minDenominator", () => Int, { defaultValue: 1, description: "小样本门槛 — a metric's denominator below this lists the agency apart." }) minDenominator: number,
    @Arg("template", () => TemplateEnum, { nullable: true, description: "Template, for section 二 paths that exist in both." }) template: TemplateEnum | null,
  ) {
    if (first < 1 || first > 100) throw badInput("first", "must be between 1 and 100");
    const m = parseMeasure("measure", measure, template);
    if (m.kind === "cell" && m.cells.length > 1 && !template) throw badInput("template", `"${measure}" exists in both templates with different meanings; give template`);
    const service = new StatisticsService(ctx.ds);
    const [result, averages] = await Promise.all([
      service.ranking(m, year, regionCode, agencyKind, order, first, Math.max(1, minDenominator), template),
      service.averages(m, year, regionCode, agencyKind, template),
    ]);
    const none = { numerator: null, denominator: null, value: null };
    return {
      measure,
      rankedCount: result.rankedCount,
      regionAverage: averages.region,
      entries: result.entries.map((e) => ({ ...e, regionAverage: averages.region, kindAverage: averages.byKind.get(e.agency.kind) ?? none })),
      smallSampleArgs: { m, year, regionCode, agencyKind, minDenominator: Math.max(1, minDenominator), template },
    };
  }

  @Query(() => [TrendPoint], { description: "趋势 — one point per year for a region (summed) or an agency, with coverage per point." })
  async trend(
    @Ctx() ctx: Context,
    @Arg("measure", { description: "A cell path or a metric." }) measure: string,
    @Arg("fromYear", () => Int) fromYear: number,
    @Arg("toYear", () => Int) toYear: number,
    @Arg("regionCode", () => String, { nullable: true, description: "Region (and all below)." }) regionCode: string | null,
    @Arg("agencyId", () => ID, { nullable: true, description: "Or one agency." }) agencyId: string | null,
    @Arg("agencyKinds", () => [AgencyKindEnum], { nullable: true, description: "Only these kinds (regions only)." }) agencyKinds: AgencyKindEnum[] | null,
  ) {
    if ((regionCode == null) === (agencyId == null)) throw new GraphQLError("Give exactly one of regionCode and agencyId", { extensions: { code: "BAD_USER_INPUT" } });
    const m = parseMeasure("measure", measure);
    const points = await new StatisticsService(ctx.ds).trend(m, fromYear, toYear, { regionCode, agencyId: agencyId == null ? null : Number(agencyId), agencyKinds });
    const templateSpecific = m.kind === "cell" && m.cells.every((c) => c.scope !== "both");
    return points.map((p, i) => {
      const prev = points[i - 1];
      const comparableWithPrevious = !!prev && prev.reportCount > 0 && p.reportCount > 0 && (!templateSpecific || prev.formats.join() === p.formats.join());
      return { year: p.year, value: p.value, reportCount: p.reportCount, templates: p.formats, comparableWithPrevious };
    });
  }

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
    if (first < 1 || first > 100) throw badInput("first", "must be between 1 and 100");
    return new StatisticsService(ctx.ds).aggregate(paths, groupBy, {
      regionCode: filter?.regionCode, years: filter?.years, agencyKinds: filter?.agencyKinds, template: filter?.template ?? null,
    }, { path: orderBy?.path, direction: orderBy?.direction ?? "DESC" }, first, regionLevel);
  }
}


/** What a RegionStatistics answer was computed over, for its lazily resolved fields. */
interface RegionScope {
  regionCode: string;
  year: number;
  includeSubregions: boolean;
  agencyKinds: string[] | null;
  parts: FormatSums[];
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
    return (await missingOf(c.scope, ctx)).total;
  }

  @FieldResolver(() => [MissingAgency], { description: "未报告机关 — up to 100 of them, those that reported the year before first." })
  async missing(@Root() c: { scope: RegionScope }, @Ctx() ctx: Context) {
    return (await missingOf(c.scope, ctx)).agencies;
  }

  @FieldResolver(() => [Report], { description: "已排除的汇总报告 — aggregate (汇总) reports left out so that nothing is counted twice." })
  async excludedAggregates(@Root() c: { scope: RegionScope }, @Ctx() ctx: Context) {
    const aggregates = await new StatisticsService(ctx.ds).aggregateReports(c.scope.regionCode, c.scope.year, c.scope.includeSubregions);
    return (await ctx.loaders.report.loadMany(aggregates.map((a) => a.id))).filter((r) => r && !(r instanceof Error));
  }
}

const missingCache = new WeakMap<RegionScope, ReturnType<StatisticsService["missingAgencies"]>>();
function missingOf(scope: RegionScope, ctx: Context) {
  let p = missingCache.get(scope);
  if (!p) {
    p = new StatisticsService(ctx.ds).missingAgencies(scope.regionCode, scope.year, scope.includeSubregions, scope.agencyKinds, 100);
    missingCache.set(scope, p);
  }
  return p;
}

@Resolver(() => RegionStatistics)
export class RegionStatisticsResolver {
  @FieldResolver(() => [TemplateProactive], { description: "二 summed within each template." })
  proactive(@Root() stats: { scope: RegionScope }) {
    return stats.scope.parts.filter((p) => p.format !== "legacy").map((p) => {
      const proactive = figuresToTree(p.format, p.values).proactive;
      return { template: p.format, reportCount: p.reportCount, proactive2019: p.format === "2019" ? proactive : null, proactive2021: p.format === "2021" ? proactive : null };
    });
  }

  @FieldResolver(() => AggregateComparison, { nullable: true, description: "X4 — the region's own aggregate report compared with the sum, when there is one." })
  async aggregateComparison(@Root() stats: { scope: RegionScope }, @Ctx() ctx: Context) {
    const { scope } = stats;
    const service = new StatisticsService(ctx.ds);
    const own = (await service.aggregateReports(scope.regionCode, scope.year, false))[0];
    if (!own) return null;
    const reported = await service.figuresOf(own.id);
    const differences = CELLS.filter((c) => c.scope === "both" && c.section !== "proactive").flatMap((c) => {
      const r = reported[c.column];
      const computed = scope.parts.reduce((s, p) => s + (p.values[c.column] ?? 0), 0);
      return r === computed ? [] : [{ path: c.path, reported: r, computed, difference: r == null ? null : r - computed }];
    });
    return { report: await ctx.loaders.report.load(own.id), matches: differences.length === 0, differences };
  }
}

@Resolver(() => Ranking)
export class RankingResolver {
  @FieldResolver(() => [SmallSample], { description: "小样本 — agencies under minDenominator (up to 100); one more query, run only when asked for." })
  smallSamples(@Root() ranking: { smallSampleArgs: any }, @Ctx() ctx: Context) {
    const a = ranking.smallSampleArgs;
    return new StatisticsService(ctx.ds).smallSamples(a.m, a.year, a.regionCode, a.agencyKind, a.minDenominator, a.template);
  }
}
