import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { GraphQLError } from "graphql";
import type { Context } from "../../graphql/context";
import { checkFirst } from "../common/args";
import { decodeCursor, toConnection } from "../common/connection";
import { AmbiguousCell, Report, ReportConnection, ReportFilter } from "./report.type";
import { Applications, ProactiveUnion, ReviewLitigation } from "./figures.type";
import { ReportService } from "./report.service";
import { Agency } from "../agency/agency.type";
import { Region } from "../region/region.type";

@ArgsType()
class ReportPageArgs {
  @Field(() => ReportFilter, { nullable: true, description: "Conditions the reports must meet." }) filter?: ReportFilter;
  @Field(() => Int, { defaultValue: 20, description: "Page size, 1 to 100." }) first: number;
  @Field(() => String, { nullable: true, description: "Cursor after which the page starts (pageInfo.endCursor)." }) after?: string;
}

@Resolver(() => Report)
export class ReportResolver {
  @Query(() => ReportConnection, { description: "年度报告 — reports, filtered and paged (ordered by id)." })
  async reports(@Ctx() ctx: Context, @Args() { filter, first, after }: ReportPageArgs) {
    checkFirst(first);
    const afterId = decodeCursor("report", after);
    const { rows, totalCount } = await new ReportService(ctx.ds).page(filter ?? {}, first, afterId);
    return toConnection("report", rows, first, afterId, totalCount, (r) => r.id);
  }

  @Query(() => Report, { nullable: true, description: "One report revision by id." })
  report(@Ctx() ctx: Context, @Arg("id", () => ID) id: string) {
    return new ReportService(ctx.ds).byId(Number(id));
  }

  @FieldResolver(() => Agency, { description: "发布机关 — the agency." })
  agency(@Root() report: Report, @Ctx() ctx: Context) {
    return ctx.loaders.agency.load(report.agencyId);
  }

  @FieldResolver(() => Region, { nullable: true, description: "行政区划 — the agency's region when imported." })
  region(@Root() report: Report, @Ctx() ctx: Context) {
    return report.regionCode ? ctx.loaders.region.load(report.regionCode) : null;
  }

  @FieldResolver(() => ProactiveUnion, { nullable: true, description: "二、主动公开政府信息情况 — section 二 (null for legacy reports)." })
  async proactive(@Root() report: Report, @Ctx() ctx: Context) {
    return report.format === "legacy" ? null : (await ctx.loaders.figuresTree.load(report)).proactive;
  }

  @FieldResolver(() => Applications, { nullable: true, description: "三、收到和处理政府信息公开申请情况 — section 三 (null for legacy reports)." })
  async applications(@Root() report: Report, @Ctx() ctx: Context) {
    return report.format === "legacy" ? null : (await ctx.loaders.figuresTree.load(report)).applications;
  }

  @FieldResolver(() => ReviewLitigation, { nullable: true, description: "四、行政复议、行政诉讼情况 — section 四 (null for legacy reports)." })
  async reviewLitigation(@Root() report: Report, @Ctx() ctx: Context) {
    return report.format === "legacy" ? null : (await ctx.loaders.figuresTree.load(report)).reviewLitigation;
  }

  @FieldResolver(() => [AmbiguousCell], { description: "无法识读的单元格 — cells the table alone could not read: null with the reason, or settled by evidence (resolvedBy)." })
  ambiguousCells(@Root() report: Report): AmbiguousCell[] {
    return Object.entries(report.ambiguousCells ?? {}).map(([path, entry]) =>
      typeof entry === "string" ? { path, reason: entry, resolvedBy: null } : { path, reason: entry.reason, resolvedBy: entry.resolvedBy as AmbiguousCell["resolvedBy"] });
  }

  @FieldResolver(() => [Report], { description: "修订历史 — every revision of this agency-year, oldest first." })
  revisions(@Root() report: Report, @Ctx() ctx: Context) {
    return ctx.loaders.revisions.load(`${report.agencyId}:${report.year}`);
  }

  @FieldResolver(() => String, { description: "原文 — the original input, verbatim (binary files as base64)." })
  async rawText(@Root() report: Report, @Ctx() ctx: Context) {
    const source = await ctx.loaders.source.load(report.id);
    if (!source) throw new GraphQLError("The original input of this report is missing", { extensions: { code: "NOT_FOUND" } });
    return source.content;
  }
}
