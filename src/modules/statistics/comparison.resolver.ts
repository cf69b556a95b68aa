import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, ID, Info, Int, Query, Resolver } from "type-graphql";
import type { Context } from "../../graphql/context";
import { badInput } from "../common/args";
import { perSelection } from "../common/selection";
import { AgencyComparison } from "./statistics.type";
import { checkCount, measureArg } from "./statistics.args";
import { ComparisonService } from "./comparison.service";

/** Per parsed document: whether the answer reads the names printed on the reports. */
const namesRead = new WeakMap<object, boolean>();

@Resolver()
export class ComparisonResolver {
  @Query(() => [AgencyComparison], { description: "年度对比 — cells and metrics of agencies across years, with changes between consecutive years and whether they are comparable. Two SQL statements whatever the size." })
  async compareAgencies(
    @Ctx() ctx: Context,
    @Arg("agencyIds", () => [ID], { description: "Up to 100 agencies." }) agencyIds: string[],
    @Arg("years", () => [Int], { description: "Years, up to 30." }) years: number[],
    @Arg("measures", () => [String], { description: "Cell paths (applications.newReceived.total) or metrics (DISCLOSURE_RATE), up to 50." }) measures: string[],
    @Info() info?: GraphQLResolveInfo,
  ) {
    checkCount("agencyIds", agencyIds, 100, "agencies");
    checkCount("years", years, 30, "years");
    checkCount("measures", measures, 50, "cell paths or metrics");
    const parsed = measures.map((name) => ({ name, measure: measureArg("measures", name) }));
    const ids = agencyIds.map(Number);
    // The names printed on the reports are read from the report rows; without them the reports come
    // from an index alone. Without `info` (a caller outside GraphQL), everything.
    const names = info ? perSelection(namesRead, info, (paths) => paths.has("series.values.printedAgencyName")) : true;
    // The agencies and the values are independent statements: sent together.
    const [series, agencies] = await Promise.all([
      new ComparisonService(ctx.ds).series(ids, [...new Set(years)].sort((a, b) => a - b), parsed, names),
      ctx.loaders.agency.loadMany(ids),
    ]);
    return ids.map((id, i) => {
      const agency = agencies[i];
      if (!agency || agency instanceof Error) throw badInput("agencyIds", `no agency ${id}`);
      return { agency, series: series.get(id) };
    });
  }
}
