import { Arg, Ctx, Field, ID, InputType, Int, Mutation, Resolver } from "type-graphql";
import { GraphQLError } from "graphql";
import type { Context } from "../context";
import { Agency, AgencyKindEnum } from "../../modules/agency/agency.type";
import { AgencyNameTaken, renameAgency, updateAgency } from "../../store/agency-writer";

@InputType({ description: "Corrections to an agency's registration; omitted fields stay as they are." })
export class UpdateAgencyInput {
  @Field(() => AgencyKindEnum, { nullable: true, description: "类型 — kind of agency." }) kind?: AgencyKindEnum;
  @Field(() => String, { nullable: true, description: "行政区划代码 — GB/T 2260 code of its region." }) regionCode?: string;
  @Field(() => ID, { nullable: true, description: "上级机关 — id of the parent agency." }) parentId?: string;
}

export function requireAdmin(ctx: Context, what: string): void {
  if (!ctx.config.adminToken) throw new GraphQLError(`${what} over the API is disabled: set GONGKAI_ADMIN_TOKEN`, { extensions: { code: "FORBIDDEN" } });
  if (!ctx.isAdmin) throw new GraphQLError(`${what} needs the admin token in the Authorization header`, { extensions: { code: "UNAUTHENTICATED" } });
}

@Resolver()
export class AgencyAdminResolver {
  @Mutation(() => Agency, { description: "更名 — records that an agency carries a new name from a report year on (e.g. 安全生产监督管理局 → 应急管理局); its reports stay one history. Requires the admin token." })
  async renameAgency(
    @Ctx() ctx: Context,
    @Arg("id", () => ID, { description: "Agency id." }) id: string,
    @Arg("name", { description: "The new name (2–200 characters)." }) name: string,
    @Arg("fromYear", () => Int, { description: "First report year under the new name." }) fromYear: number,
  ) {
    requireAdmin(ctx, "renameAgency");
    if (name.trim().length < 2 || name.length > 200) throw new GraphQLError('Argument "name": 2 to 200 characters', { extensions: { code: "BAD_USER_INPUT", argumentName: "name" } });
    const agency = await renameAgency(ctx.ds, Number(id), name.trim(), fromYear, "api").catch((e) => {
      if (e instanceof AgencyNameTaken) throw new GraphQLError(`Argument "name": ${e.message}`, { extensions: { code: "BAD_USER_INPUT", argumentName: "name" } });
      throw e;
    });
    if (!agency) throw new GraphQLError(`Argument "id": no agency ${id}`, { extensions: { code: "BAD_USER_INPUT", argumentName: "id" } });
    return agency;
  }

  @Mutation(() => Agency, { description: "登记更正 — corrects an agency's kind, region or parent. Requires the admin token." })
  async updateAgency(@Ctx() ctx: Context, @Arg("id", () => ID, { description: "Agency id." }) id: string, @Arg("input", () => UpdateAgencyInput) input: UpdateAgencyInput) {
    requireAdmin(ctx, "updateAgency");
    const agency = await updateAgency(ctx.ds, Number(id), {
      kind: input.kind, regionCode: input.regionCode, parentId: input.parentId == null ? undefined : Number(input.parentId),
    });
    if (!agency) throw new GraphQLError(`Argument "id": no agency ${id}`, { extensions: { code: "BAD_USER_INPUT", argumentName: "id" } });
    return agency;
  }
}
