import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { Connection } from "../common/connection";

export enum AgencyKindEnum {
  GOVERNMENT = "GOVERNMENT",
  GENERAL_OFFICE = "GENERAL_OFFICE",
  DEPARTMENT = "DEPARTMENT",
  TOWNSHIP = "TOWNSHIP",
  OTHER = "OTHER",
}
registerEnumType(AgencyKindEnum, {
  name: "AgencyKind",
  description: "机关类型 — kind of agency.",
  valuesConfig: {
    GOVERNMENT: { description: "人民政府 — a people's government as a whole" },
    GENERAL_OFFICE: { description: "办公厅/办公室 — a government's general office" },
    DEPARTMENT: { description: "政府部门 — a government department (局、委、办 …)" },
    TOWNSHIP: { description: "乡镇人民政府、街道办事处 — township government or street office" },
    OTHER: { description: "其他 — other (e.g. 管委会, vertically managed units)" },
  },
});

@ObjectType({ description: "曾用名 — a name the agency carried, with the report years it was used in." })
export class AgencyName {
  @Field({ description: "名称 — the name." }) name: string;
  @Field(() => Int, { nullable: true, description: "首个使用年度 — first report year with this name." }) fromYear: number | null;
  @Field(() => Int, { nullable: true, description: "最后使用年度 — last report year with this name (null: still in use)." }) toYear: number | null;
}

@ObjectType({ description: "行政机关 — an agency that publishes annual reports; renamed agencies stay one agency." })
export class Agency {
  @Field(() => ID, { description: "Stable identifier." }) id: number;
  @Field({ description: "名称 — current name." }) name: string;
  @Field(() => AgencyKindEnum, { description: "类型 — kind of agency." }) kind: AgencyKindEnum;
  regionCode: string | null;
  parentId: number | null;
}

export const AgencyConnection = Connection(Agency, "Agency", "A page of agencies.");

@InputType({ description: "Filters for agencies; all given conditions must hold." })
export class AgencyFilter {
  @Field({ nullable: true, description: "名称 — part of the current or a former name." }) name?: string;
  @Field({ nullable: true, description: "行政区划代码 — the agency's region or any region below it." }) regionCode?: string;
  @Field(() => AgencyKindEnum, { nullable: true, description: "类型 — kind of agency." }) kind?: AgencyKindEnum;
}
