import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from "type-graphql";
import { GraphQLError } from "graphql";
import type { Context } from "../context";
import { requireRole } from "../security/roles";
import { Report } from "../../modules/report/report.type";
import { CellChange } from "../../modules/report/history.type";
import { checkReport } from "../../ingestion/rules";
import { CROSS_YEAR_CHECKER } from "../../ingestion/import.service";
import { correctCells, CorrectionError } from "../../store/corrections";

@InputType({ description: "One cell to correct." })
export class CellValueInput {
  @Field({ description: "Canonical cell path, e.g. applications.newReceived.natural (see the cell catalogue)." }) path: string;
  @Field(() => String, { nullable: true, description: "The value as decimal text (counts whole, money in the unit the template prints, at most 0.01 元 precise), or null to clear the cell (it becomes unreadable, with the reason)." })
  value: string | null;
}

@ObjectType({ description: "The result of correctCells: the new current revision and the one it replaced." })
export class CorrectCellsResult {
  @Field(() => Report, { description: "The new current revision, with its findings recomputed." }) report: Report;
  @Field(() => Report, { description: "The revision it replaced (stays stored and readable)." }) previous: Report;
  @Field(() => [CellChange], { description: "The cells changed, in the order given." }) changes: CellChange[];
}

@Resolver()
export class CorrectCellsResolver {
  @Mutation(() => CorrectCellsResult, { description: "更正 — corrects or fills cells of a report's current revision: stored as a new revision with who, when and why; statistics and findings (R1–R6, T1, X1–X3 of this and the next year) follow. Requires the editor role (currently the admin token)." })
  async correctCells(
    @Ctx() ctx: Context,
    @Arg("reportId", () => ID, { description: "The report revision to correct (the current one of its agency and year)." }) reportId: string,
    @Arg("cells", () => [CellValueInput], { description: "The cells and their values (1 to 500)." }) cells: CellValueInput[],
    @Arg("reason", { description: "Why (shown in the report's history; 1 to 1000 characters)." }) reason: string,
  ) {
    requireRole(ctx, "editor", "correctCells");
    if (!/^\d{1,9}$/.test(reportId)) throw new GraphQLError(`Argument "reportId": not a report id: "${reportId}"`, { extensions: { code: "BAD_USER_INPUT", argumentName: "reportId" } });
    try {
      return await correctCells(ctx.ds, Number(reportId), cells.map((c) => ({ path: c.path, value: c.value ?? null })), {
        actor: `api:${ctx.actor}`, reason, checkReport, crossYear: CROSS_YEAR_CHECKER,
      });
    } catch (e) {
      if (e instanceof CorrectionError) throw new GraphQLError(`Argument "${e.argument}": ${e.message}`, { extensions: { code: "BAD_USER_INPUT", argumentName: e.argument } });
      throw e;
    }
  }
}
