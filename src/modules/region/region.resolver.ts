import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context";
import { Region } from "./region.type";
import { RegionService } from "./region.service";

@Resolver(() => Region)
export class RegionResolver {
  @Query(() => [Region], { description: "行政区划 — the divisions directly below `parentCode` (provinces when omitted)." })
  regions(@Ctx() ctx: Context, @Arg("parentCode", () => String, { nullable: true, description: "GB/T 2260 code of the parent division." }) parentCode?: string | null) {
    return new RegionService(ctx.ds).list(parentCode ?? null);
  }

  @Query(() => Region, { nullable: true, description: "One division by its GB/T 2260 code." })
  region(@Ctx() ctx: Context, @Arg("code", { description: "GB/T 2260 code." }) code: string) {
    return ctx.loaders.region.load(code);
  }

  @FieldResolver(() => Region, { nullable: true, description: "上级行政区划 — the parent division." })
  parent(@Root() region: Region, @Ctx() ctx: Context) {
    return region.parentCode ? ctx.loaders.region.load(region.parentCode) : null;
  }

  @FieldResolver(() => [Region], { description: "下级行政区划 — the divisions directly below." })
  children(@Root() region: Region, @Ctx() ctx: Context) {
    return ctx.loaders.regionChildren.load(region.code);
  }
}
