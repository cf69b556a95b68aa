import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context";
import { Report } from "../report/report.type";
import { Finding } from "./finding.type";

/** A report's findings: a field of Report that the findings module adds (report does not import findings). */
@Resolver(() => Report)
export class ReportFindingsResolver {
  @FieldResolver(() => [Finding], { description: "核查发现 — consistency-rule findings on this report." })
  findings(@Root() report: Report, @Ctx() ctx: Context) {
    return ctx.loaders.findings.load(report.id);
  }
}
