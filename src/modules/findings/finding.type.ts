import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";

export enum SeverityEnum {
  error = "error",
  warning = "warning",
  info = "info",
}
registerEnumType(SeverityEnum, {
  name: "Severity",
  description: "严重程度 — how serious a finding is.",
  valuesConfig: {
    error: { description: "错误 — the figures cannot all be right" },
    warning: { description: "警告 — a consistency rule fails as printed" },
    info: { description: "提示 — worth a look; often legitimate (soft rules, cross-year)" },
  },
});

@ObjectType({ description: "核查发现 — a consistency rule (勾稽关系) that fails in a stored report, printed vs computed." })
export class Finding {
  @Field(() => ID, { description: "Identifier." }) id: number;
  @Field({ description: "规则 — rule id: R1–R6 (one report), X1–X3 (across years), T1 (narrative vs table)." }) rule: string;
  @Field(() => SeverityEnum, { description: "严重程度 — severity." }) severity: SeverityEnum;
  @Field(() => String, { nullable: true, description: "单元格 — the main cell path." }) path: string | null;
  @Field(() => [String], { description: "相关单元格 — every cell path involved." }) paths: string[];
  @Field(() => Float, { nullable: true, description: "印制值 — the value as printed." }) printed: number | null;
  @Field(() => Float, { nullable: true, description: "计算值 — the value the rule computes from other cells." }) computed: number | null;
  @Field({ description: "说明 — explanation." }) message: string;
  reportId: number;
}

@ObjectType({ simpleResolvers: true, description: "计数 — a count of findings for one key." })
export class FindingCount {
  @Field({ description: "Rule id, or region code." }) key: string;
  @Field(() => Int, { description: "Findings." }) count: number;
}

@ObjectType({ simpleResolvers: true, description: "核查发现统计 — findings counted by rule and by region." })
export class FindingCounts {
  @Field(() => Int, { description: "Total findings." }) total: number;
  @Field(() => [FindingCount], { description: "By rule." }) byRule: FindingCount[];
  @Field(() => [FindingCount], { description: "By region code (the reporting agency's region): the 500 with the most findings, ties by code descending." }) byRegion: FindingCount[];
}
