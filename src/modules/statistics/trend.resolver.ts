import { Arg, Ctx, ID, Int, Query, Resolver } from "type-graphql";
import { GraphQLError } from "graphql";
import type { Context } from "../../graphql/context";
import { AgencyKindEnum } from "../agency/agency.type";
import { TrendPoint } from "./statistics.type";
import { measureArg } from "./statistics.args";
import { TrendService } from "./trend.service";

@Resolver()
export class TrendResolver {
  @Query(() => [TrendPoint], { description: "趋势 — one point per year for a region (summed) or an agency, with coverage per point." })
  trend(
    @Ctx() ctx: Context,
    @Arg("measure", { description: "A cell path or a metric." }) measure: string,
    @Arg("fromYear", () => Int) fromYear: number,
    @Arg("toYear", () => Int) toYear: number,
    @Arg("regionCode", () => String, { nullable: true, description: "Region (and all below)." }) regionCode: string | null,
    @Arg("agencyId", () => ID, { nullable: true, description: "Or one agency." }) agencyId: string | null,
    @Arg("agencyKinds", () => [AgencyKindEnum], { nullable: true, description: "Only these kinds (regions only)." }) agencyKinds: AgencyKindEnum[] | null,
  ) {
    if ((regionCode == null) === (agencyId == null)) throw new GraphQLError("Give exactly one of regionCode and agencyId", { extensions: { code: "BAD_USER_INPUT" } });
    const m = measureArg("measure", measure);
    return new TrendService(ctx.ds).trend(m, fromYear, toYear, { regionCode, agencyId: agencyId == null ? null : Number(agencyId), agencyKinds });
  }
}
