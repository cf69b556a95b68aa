import { Field, ObjectType, registerEnumType } from "type-graphql";

export enum RegionLevelEnum {
  PROVINCE = "province",
  PREFECTURE = "prefecture",
  COUNTY = "county",
  TOWNSHIP = "township",
}
registerEnumType(RegionLevelEnum, {
  name: "RegionLevel",
  description: "行政区划级别 — level of an administrative division.",
  valuesConfig: {
    PROVINCE: { description: "省级 — province, autonomous region or municipality" },
    PREFECTURE: { description: "地级 — prefecture-level city or league" },
    COUNTY: { description: "县级 — county, district or county-level city" },
    TOWNSHIP: { description: "乡级 — township, town or street" },
  },
});

@ObjectType({ description: "行政区划 — an administrative division (GB/T 2260)." })
export class Region {
  @Field({ description: "行政区划代码 — GB/T 2260 code (6 digits; townships 12)." }) code: string;
  @Field({ description: "名称 — name." }) name: string;
  @Field(() => RegionLevelEnum, { description: "级别 — level." }) level: RegionLevelEnum;
  parentCode: string | null;
}
