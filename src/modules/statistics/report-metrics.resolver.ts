import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context";
import { metricsOf } from "../../domain/metric-set";
import { Report } from "../report/report.type";
import { Metrics } from "./statistics.type";

/** A report's own metrics: a field of Report that the statistics module adds (report does not import statistics). */
@Resolver(() => Report)
export class ReportMetricsResolver {
  @FieldResolver(() => Metrics, { nullable: true, description: "指标 — this report's metrics (an agency-year's, for its current revision)." })
  async metrics(@Root() report: Report, @Ctx() ctx: Context) {
    if (report.format === "legacy") return null;
    const figures = await ctx.loaders.figures.load(report.id);
    return figures ? metricsOf([{ format: report.format, values: figures }]) : null;
  }
}
