import { Arg, Ctx, Field, ID, InputType, Int, Mutation, Resolver } from "type-graphql";
import { GraphQLError } from "graphql";
import type { Context } from "../context";
import { requireRole } from "../security/roles";
import { Agency, AgencyKindEnum } from "../../modules/agency/agency.type";
import { AgencyNameTaken, renameAgency, updateAgency } from "../../store/agency-writer";

@InputType({ description: "Corrections to an agency's registration; omitted fields stay as they are." })
export class UpdateAgencyInput {
  @Field(() => AgencyKindEnum, { nullable: true, description: "类型 — kind of agency." }) kind?: AgencyKindEnum;
  @Field(() => String, { nullable: true, description: "行政区划代码 — GB/T 2260 code of its region." }) regionCode?: string;
  @Field(() => ID, { nullable: true, description: "上级机关 — id of the parent agency." }) parentId?: string;
}


function badInput(argumentName: string, problem: string): GraphQLError {
  return new GraphQLError(`Argument "${argumentName}": ${problem}`, { extensions: { code: "BAD_USER_INPUT", argumentName } });
}

/** harden: a correction names a region and a parent that exist, and no agency ends up its own ancestor. */
async function checkRegistration(ctx: Context, id: number, input: UpdateAgencyInput): Promise<void> {
  if (input.regionCode != null && !(await ctx.loaders.region.load(input.regionCode))) throw badInput("input.regionCode", `no region ${input.regionCode}`);
  if (input.parentId == null) return;
  let ancestor: number | null = Number(input.parentId);
  for (let hops = 0; ancestor != null && hops < 100; hops++) {
    if (ancestor === id) throw badInput("input.parentId", `agency ${input.parentId} is agency ${id} or below it; an agency cannot be its own parent`);
    const row: { parentId: number | null } | null = await ctx.loaders.agency.load(ancestor);
    if (!row) {
      if (hops === 0) throw badInput("input.parentId", `no agency ${input.parentId}`);
      break;
    }
    ancestor = row.parentId;
  }
}

@Resolver()
export class AgencyAdminResolver {
  @Mutation(() => Agency, { description: "更名 — records that an agency carries a new name from a report year on (e.g. 安全生产监督管理局 → 应急管理局); its reports stay one history. Requires an admin token." })
  async renameAgency(
    @Ctx() ctx: Context,
    @Arg("id", () => ID, { description: "Agency id." }) id: string,
    @Arg("name", { description: "The new name (2–200 characters)." }) name: string,
    @Arg("fromYear", () => Int, { description: "First report year under the new name." }) fromYear: number,
  ) {
    requireRole(ctx, "admin", "renameAgency");
    if (name.trim().length < 2 || name.length > 200) throw new GraphQLError('Argument "name": 2 to 200 characters', { extensions: { code: "BAD_USER_INPUT", argumentName: "name" } });
    const agency = await renameAgency(ctx.ds, Number(id), name.trim(), fromYear, "api").catch((e) => {
      if (e instanceof AgencyNameTaken) throw new GraphQLError(`Argument "name": ${e.message}`, { extensions: { code: "BAD_USER_INPUT", argumentName: "name" } });
      throw e;
    });
    if (!agency) throw new GraphQLError(`Argument "id": no agency ${id}`, { extensions: { code: "BAD_USER_INPUT", argumentName: "id" } });
    return agency;
  }

  @Mutation(() => Agency, { description: "登记更正 — corrects an agency's kind, region or parent. Requires an admin token." })
  async updateAgency(@Ctx() ctx: Context, @Arg("id", () => ID, { description: "Agency id." }) id: string, @Arg("input", () => UpdateAgencyInput) input: UpdateAgencyInput) {
    requireRole(ctx, "admin", "updateAgency");
    await checkRegistration(ctx, Number(id), input);
    const agency = await updateAgency(ctx.ds, Number(id), {
      kind: input.kind, regionCode: input.regionCode, parentId: input.parentId == null ? undefined : Number(input.parentId),
    });
    if (!agency) throw new GraphQLError(`Argument "id": no agency ${id}`, { extensions: { code: "BAD_USER_INPUT", argumentName: "id" } });
    return agency;
  }
}
