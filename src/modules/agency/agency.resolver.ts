import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context";
import { checkFirst } from "../common/args";
import { decodeCursor, toConnection } from "../common/connection";
import { Agency, AgencyConnection, AgencyFilter, AgencyName } from "./agency.type";
import { AgencyService } from "./agency.service";
import { Region } from "../region/region.type";

@ArgsType()
class AgencyPageArgs {
  @Field(() => AgencyFilter, { nullable: true, description: "Conditions the agencies must meet." }) filter?: AgencyFilter;
  @Field(() => Int, { defaultValue: 20, description: "Page size, 1 to 100." }) first: number;
  @Field(() => String, { nullable: true, description: "Cursor after which the page starts (pageInfo.endCursor)." }) after?: string;
}

@Resolver(() => Agency)
export class AgencyResolver {
  @Query(() => AgencyConnection, { description: "机关 — agencies, filtered and paged (ordered by id)." })
  async agencies(@Ctx() ctx: Context, @Args() { filter, first, after }: AgencyPageArgs) {
    checkFirst(first);
    const afterId = decodeCursor("agency", after);
    const { rows, totalCount } = await new AgencyService(ctx.ds).page(filter ?? {}, first, afterId);
    return toConnection("agency", rows, first, afterId, totalCount, (a) => a.id);
  }

  @Query(() => Agency, { nullable: true, description: "One agency by id." })
  agency(@Ctx() ctx: Context, @Arg("id", () => ID) id: string) {
    return ctx.loaders.agency.load(Number(id));
  }

  @FieldResolver(() => [AgencyName], { description: "名称沿革 — every name the agency carried, oldest first (includes the current one)." })
  names(@Root() agency: Agency, @Ctx() ctx: Context) {
    return ctx.loaders.agencyNames.load(agency.id);
  }

  @FieldResolver(() => Region, { nullable: true, description: "所属行政区划 — the agency's region." })
  region(@Root() agency: Agency, @Ctx() ctx: Context) {
    return agency.regionCode ? ctx.loaders.region.load(agency.regionCode) : null;
  }

  @FieldResolver(() => Agency, { nullable: true, description: "上级机关 — the parent agency (e.g. the government of a department)." })
  parent(@Root() agency: Agency, @Ctx() ctx: Context) {
    return agency.parentId ? ctx.loaders.agency.load(agency.parentId) : null;
  }
}
