import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context";
import { Agency } from "../agency/agency.type";
import { Report } from "./report.type";

/** An agency's reports: fields of Agency that the report module adds (agency does not import report). */
@Resolver(() => Agency)
export class AgencyReportsResolver {
  @FieldResolver(() => [Report], { description: "年度报告 — the current revision of each year's report, newest first." })
  reports(@Root() agency: Agency, @Ctx() ctx: Context) {
    return ctx.loaders.currentReportsByAgency.load(agency.id);
  }

  @FieldResolver(() => Report, { nullable: true, description: "某年度报告 — the current revision of one year's report." })
  async report(@Root() agency: Agency, @Ctx() ctx: Context, @Arg("year", () => Int, { description: "Report year." }) year: number) {
    const reports = await ctx.loaders.currentReportsByAgency.load(agency.id);
    return reports.find((r) => r.year === year) ?? null;
  }
}
