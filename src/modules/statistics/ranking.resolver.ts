import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, FieldResolver, Info, Int, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context";
import { AgencyKindEnum } from "../agency/agency.type";
import { TemplateEnum } from "../report/report.type";
import { badInput, checkFirst, MAX_PAGE, pageLimit } from "../common/args";
import { argumentOf, fieldsSelected } from "../common/selection";
import { OrderEnum, Ranking, SmallSample } from "./statistics.type";
import { measureArg } from "./statistics.args";
import { RankingService, SmallSampleArgs } from "./ranking.service";

@Resolver(() => Ranking)
export class RankingResolver {
  @Query(() => Ranking, { description: "排名 — agencies ranked by a cell or a metric in one year (dense ranks), with region and same-kind averages; agencies under minDenominator are listed apart." })
  ranking(
    @Ctx() ctx: Context,
    @Arg("measure", { description: "A cell path or a metric (e.g. DISCLOSURE_RATE)." }) measure: string,
    @Arg("year", () => Int, { description: "Report year." }) year: number,
    @Arg("regionCode", () => String, { nullable: true, description: "Region (and all below)." }) regionCode: string | null,
    @Arg("agencyKind", () => AgencyKindEnum, { nullable: true, description: "Only this kind of agency." }) agencyKind: AgencyKindEnum | null,
    @Arg("order", () => OrderEnum, { defaultValue: OrderEnum.DESC, description: "DESC: largest first." }) order: OrderEnum,
    @Arg("first", () => Int, { defaultValue: 20, description: "Entries, 1 to 100." }) first: number,
    @Arg("minDenominator", () => Int, { defaultValue: 1, description: "小样本门槛 — a metric's denominator below this lists the agency apart." }) minDenominator: number,
    @Arg("template", () => TemplateEnum, { nullable: true, description: "Template, for section 二 paths that exist in both." }) template: TemplateEnum | null,
    @Info() info: GraphQLResolveInfo,
  ) {
    checkFirst(first);
    const m = measureArg("measure", measure, template);
    if (m.kind === "cell" && m.cells.length > 1 && !template) throw badInput("template", `"${measure}" exists in both templates with different meanings; give template`);
    const service = new RankingService(ctx.ds);
    const ranking = service.rank(m, measure, year, regionCode, agencyKind, order, first, minDenominator, template);
    const asked = info.fieldNodes.flatMap((n) => fieldsSelected(n.selectionSet, "smallSamples", info));
    if (!asked.length) return ranking;
    // Asked for: the small samples' statement runs beside the ranking's, not after them, for the
    // largest page any of the fields asks (each field checks its own `first` and cuts its page).
    const smallSampleLimit = pageLimit(Math.max(...asked.map((n) => Number(argumentOf(n, "first", info, MAX_PAGE)))));
    const smallSamples = service.smallSamples(service.smallSampleArgs(m, year, regionCode, agencyKind, minDenominator, template), smallSampleLimit);
    // Awaited by the field; dropped unawaited when the ranking fails, so marked handled here (the field still sees its error).
    smallSamples.catch(() => undefined);
    return ranking.then((r) => ({ ...r, smallSamples, smallSampleLimit }));
  }

  @FieldResolver(() => [SmallSample], { description: "小样本 — agencies under minDenominator, by agency id; one more query, run only when asked for." })
  async smallSamples(
    @Root() ranking: { smallSampleArgs: SmallSampleArgs; smallSamples?: ReturnType<RankingService["smallSamples"]>; smallSampleLimit?: number },
    @Ctx() ctx: Context,
    @Arg("first", () => Int, { defaultValue: MAX_PAGE, description: "Agencies, 1 to 100." }) first: number,
  ) {
    checkFirst(first);
    if (ranking.smallSamples && first <= (ranking.smallSampleLimit ?? 0)) return (await ranking.smallSamples).slice(0, first);
    return new RankingService(ctx.ds).smallSamples(ranking.smallSampleArgs, first);
  }
}
