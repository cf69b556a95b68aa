import { Args, ArgsType, Ctx, Field, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context";
import { checkFirst } from "../common/args";
import { Connection, decodeCursor, toConnection } from "../common/connection";
import { Finding, FindingCounts, SeverityEnum } from "./finding.type";
import { FindingsService } from "./findings.service";
import { Report } from "../report/report.type";
import { Agency } from "../agency/agency.type";

export const FindingConnection = Connection(Finding, "Finding", "A page of findings.");

@ArgsType()
class FindingArgs {
  @Field(() => String, { nullable: true, description: "规则 — rule id (R1–R6, X1–X3, T1)." }) rule?: string;
  @Field(() => SeverityEnum, { nullable: true, description: "严重程度 — severity." }) severity?: SeverityEnum;
  @Field(() => String, { nullable: true, description: "行政区划代码 — the region and all below it." }) regionCode?: string;
  @Field(() => Int, { nullable: true, description: "From report year." }) fromYear?: number;
  @Field(() => Int, { nullable: true, description: "To report year." }) toYear?: number;
}

@ArgsType()
class FindingPageArgs extends FindingArgs {
  @Field(() => Int, { defaultValue: 20, description: "Page size, 1 to 100." }) first: number;
  @Field(() => String, { nullable: true, description: "Cursor after which the page starts." }) after?: string;
}

@Resolver(() => Finding)
export class FindingsResolver {
  @Query(() => FindingConnection, { description: "核查发现 — failing rules of current reports, e.g. which agencies' 2023 reports break R1." })
  async findings(@Ctx() ctx: Context, @Args() { first, after, ...q }: FindingPageArgs) {
    checkFirst(first);
    const afterId = decodeCursor("finding", after);
    const { rows, totalCount } = await new FindingsService(ctx.ds).page(q, first, afterId);
    return toConnection("finding", rows, first, afterId, totalCount, (r) => r.id);
  }

  @Query(() => FindingCounts, { description: "核查发现统计 — findings counted by rule and by region." })
  findingCounts(@Ctx() ctx: Context, @Args() q: FindingArgs) {
    return new FindingsService(ctx.ds).counts(q);
  }

  @FieldResolver(() => Report, { description: "The report the finding is on." })
  report(@Root() f: Finding, @Ctx() ctx: Context) {
    return ctx.loaders.report.load(f.reportId);
  }

  @FieldResolver(() => Agency, { nullable: true, description: "The agency of that report." })
  async agency(@Root() f: Finding & { agencyId?: number }, @Ctx() ctx: Context) {
    if (f.agencyId != null) return ctx.loaders.agency.load(f.agencyId);
    const report = await ctx.loaders.report.load(f.reportId);
    return report ? ctx.loaders.agency.load(report.agencyId) : null;
  }

  @FieldResolver(() => Int, { nullable: true, description: "The report's year." })
  async year(@Root() f: Finding & { year?: number }, @Ctx() ctx: Context) {
    if (f.year != null) return f.year;
    return (await ctx.loaders.report.load(f.reportId))?.year ?? null;
  }
}

