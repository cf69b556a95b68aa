import { Field, Float, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { Agency, AgencyKindEnum } from "../agency/agency.type";
import { Region } from "../region/region.type";
import { Report, TemplateEnum } from "../report/report.type";
import { Applications, ReviewLitigation, Proactive2019, Proactive2021 } from "../report/figures.type";

@ObjectType({ simpleResolvers: true, description: "比率 — a ratio with the sums it is computed from (ratios are recomputed from summed parts, never averaged)." })
export class Ratio {
  @Field(() => Float, { nullable: true, description: "分子 — numerator (null when a needed cell was unreadable)." }) numerator: number | null;
  @Field(() => Float, { nullable: true, description: "分母 — denominator (null for a plain cell value)." }) denominator: number | null;
  @Field(() => Float, { nullable: true, description: "值 — numerator / denominator (null when the denominator is 0), or the cell value." }) value: number | null;
}

@ObjectType({ simpleResolvers: true, description: "占比 — one part's share of its whole (reason mix, applicant mix)." })
export class Share {
  @Field({ description: "Cell path of the part." }) path: string;
  @Field({ description: "中文名称 — label." }) label: string;
  @Field(() => Ratio, { description: "The share." }) share: Ratio;
}

@ObjectType({ simpleResolvers: true, description: "指标 — the metrics of domain.md §4, each with numerator and denominator." })
export class Metrics {
  @Field(() => Ratio, { description: "公开率 — (予以公开 + 部分公开) / 办理结果总计" }) disclosureRate: Ratio;
  @Field(() => Ratio, { description: "全部公开率 — 予以公开 / 办理结果总计" }) fullDisclosureRate: Ratio;
  @Field(() => Ratio, { description: "不予公开率 — Σ（三） / 办理结果总计" }) denialRate: Ratio;
  @Field(() => Ratio, { description: "无法提供率 — Σ（四） / 办理结果总计" }) unableRate: Ratio;
  @Field(() => Ratio, { description: "不予处理率 — Σ（五） / 办理结果总计" }) notProcessedRate: Ratio;
  @Field(() => Ratio, { description: "其他处理率 — Σ（六） / 办理结果总计 (a high share is a warning sign)" }) otherRate: Ratio;
  @Field(() => Ratio, { description: "结转率 — 结转下年度 / (本年新收 + 上年结转)" }) backlogRate: Ratio;
  @Field(() => Ratio, { description: "行政复议纠错率 — 结果纠正 / (总计 − 尚未审结)" }) reviewCorrectionRate: Ratio;
  @Field(() => Ratio, { description: "直接起诉纠错率 — 结果纠正 / (总计 − 尚未审结)" }) litigationDirectCorrectionRate: Ratio;
  @Field(() => Ratio, { description: "复议后起诉纠错率 — 结果纠正 / (总计 − 尚未审结)" }) litigationAfterReviewCorrectionRate: Ratio;
  @Field(() => [Share], { description: "理由构成 — each reason row over its group total (（三）–（六））." }) reasonMix: Share[];
  @Field(() => [Share], { description: "申请人构成 — each applicant type over 本年新收 总计." }) applicantMix: Share[];
}

@ObjectType({ simpleResolvers: true, description: "按模板的主动公开汇总 — section 二 summed within one template only (not comparable across templates)." })
export class TemplateProactive {
  @Field(() => TemplateEnum, { description: "模板 — template." }) template: TemplateEnum;
  @Field(() => Int, { description: "报告数 — reports of this template in the sum." }) reportCount: number;
  @Field(() => Proactive2019, { nullable: true, description: "2019 template sums." }) proactive2019: Proactive2019 | null;
  @Field(() => Proactive2021, { nullable: true, description: "2021 template sums." }) proactive2021: Proactive2021 | null;
}

@ObjectType({ simpleResolvers: true, description: "未报告机关 — an agency of the region with no report for the year." })
export class MissingAgency {
  @Field(() => Agency, { description: "The agency." }) agency: Agency;
  @Field({ description: "上年已报告 — whether it reported the year before." }) reportedPreviousYear: boolean;
}

@ObjectType({ description: "覆盖情况 — which agencies the sum covers and which it leaves out." })
export class Coverage {}

@ObjectType({ simpleResolvers: true, description: "差异 — a cell where the region's own aggregate report and the computed sum differ." })
export class CellDifference {
  @Field({ description: "Cell path." }) path: string;
  @Field(() => Float, { nullable: true, description: "汇总报告值 — as the aggregate report prints it." }) reported: number | null;
  @Field(() => Float, { nullable: true, description: "计算值 — the sum of the region's reports." }) computed: number | null;
  @Field(() => Float, { nullable: true, description: "差 — reported − computed." }) difference: number | null;
}

@ObjectType({ simpleResolvers: true, description: "X4 逐级汇总核对 — the region's own aggregate report beside the computed sum." })
export class AggregateComparison {
  @Field(() => Report, { description: "The aggregate report." }) report: Report;
  @Field({ description: "Whether every section 三/四 cell matches." }) matches: boolean;
  @Field(() => [CellDifference], { description: "Section 三/四 cells that differ." }) differences: CellDifference[];
}

@ObjectType({ description: "区域统计 — every figure of sections 三 and 四 summed over a region's agencies for one year." })
export class RegionStatistics {
  @Field(() => Region, { description: "行政区划 — the region." }) region: Region;
  @Field(() => Int, { description: "年度 — the year." }) year: number;
  @Field({ description: "含下级区划 — whether lower regions are included." }) includeSubregions: boolean;
  @Field(() => Applications, { description: "三 summed (（六）: the 2019 row plus the 2021 rows; the 2021 reasons sum 2021 reports only)." }) applications: Applications;
  @Field(() => ReviewLitigation, { description: "四 summed." }) reviewLitigation: ReviewLitigation;
  @Field(() => Metrics, { description: "指标 — metrics of the summed figures." }) metrics: Metrics;
  @Field(() => Coverage, { description: "覆盖情况 — coverage." }) coverage: Coverage;
}

export enum GroupByEnum {
  YEAR = "YEAR",
  REGION = "REGION",
  AGENCY_KIND = "AGENCY_KIND",
  AGENCY = "AGENCY",
}
registerEnumType(GroupByEnum, {
  name: "GroupBy",
  description: "分组 — what aggregate() groups by.",
  valuesConfig: {
    YEAR: { description: "年度 — report year" },
    REGION: { description: "行政区划 — the agencies' regions (see regionLevel)" },
    AGENCY_KIND: { description: "机关类型 — kind of agency" },
    AGENCY: { description: "机关 — each agency" },
  },
});

export enum RegionLevelGroup {
  PROVINCE = "PROVINCE",
  PREFECTURE = "PREFECTURE",
  COUNTY = "COUNTY",
}
registerEnumType(RegionLevelGroup, {
  name: "RegionRollup",
  description: "汇总层级 — the level REGION groups roll up to.",
  valuesConfig: { PROVINCE: { description: "省级" }, PREFECTURE: { description: "地级" }, COUNTY: { description: "the agency's own region (县级 or below)" } },
});

export enum OrderEnum {
  DESC = "DESC",
  ASC = "ASC",
}
registerEnumType(OrderEnum, { name: "Order", description: "排序 — sort direction.", valuesConfig: { DESC: { description: "largest first" }, ASC: { description: "smallest first" } } });

@InputType({ description: "Which reports aggregate() sums." })
export class AggregateFilter {
  @Field(() => String, { nullable: true, description: "行政区划代码 — the region and all below it." }) regionCode?: string;
  @Field(() => [Int], { nullable: true, description: "年度 — report years." }) years?: number[];
  @Field(() => [AgencyKindEnum], { nullable: true, description: "机关类型 — kinds of agency." }) agencyKinds?: AgencyKindEnum[];
  @Field(() => TemplateEnum, { nullable: true, description: "模板 — needed for section 二 paths that exist in both templates." }) template?: TemplateEnum;
}

@InputType({ description: "Order of aggregate() groups by one of the requested paths' sums." })
export class AggregateOrder {
  @Field(() => String, { nullable: true, description: "A requested path (default: the first)." }) path?: string;
  @Field(() => OrderEnum, { defaultValue: OrderEnum.DESC, description: "Direction." }) direction: OrderEnum;
}

@ObjectType({ simpleResolvers: true, description: "一个路径的合计 — the sum of one cell path in a group." })
export class PathValue {
  @Field({ description: "Cell path." }) path: string;
  @Field(() => Float, { nullable: true, description: "合计 — the sum (money in 元 or 万元 as printed)." }) value: number | null;
  @Field(() => String, { nullable: true, description: "精确值 — the exact sum as a decimal string." }) exact: string | null;
}

@ObjectType({ simpleResolvers: true, description: "分组合计 — one group of aggregate()." })
export class AggregateGroup {
  @Field(() => Int, { nullable: true, description: "年度 — year, when grouped by YEAR." }) year: number | null;
  @Field(() => String, { nullable: true, description: "行政区划代码 — when grouped by REGION." }) regionCode: string | null;
  @Field(() => AgencyKindEnum, { nullable: true, description: "机关类型 — when grouped by AGENCY_KIND." }) agencyKind: string | null;
  @Field(() => Agency, { nullable: true, description: "机关 — when grouped by AGENCY." }) agency: Agency | null;
  @Field(() => Int, { description: "报告数 — reports summed." }) reportCount: number;
  @Field(() => [PathValue], { description: "合计 — one per requested path, in order." }) values: PathValue[];
}

@ObjectType({ simpleResolvers: true, description: "排名项 — an agency's place in a ranking, against the region and same-kind averages." })
export class RankingEntry {
  @Field(() => Int, { description: "名次 — dense rank (ties share a rank)." }) rank: number;
  @Field(() => Agency, { description: "The agency." }) agency: Agency;
  @Field(() => Ratio, { description: "值 — its value." }) value: Ratio;
  @Field(() => Ratio, { description: "区域平均 — the region's value from summed parts." }) regionAverage: Ratio;
  @Field(() => Ratio, { description: "同类平均 — the same-kind agencies' value from summed parts (peer benchmark)." }) kindAverage: Ratio;
}

@ObjectType({ simpleResolvers: true, description: "小样本 — an agency below minDenominator: listed, not ranked." })
export class SmallSample {
  @Field(() => Agency, { description: "The agency." }) agency: Agency;
  @Field(() => Ratio, { description: "Its value." }) value: Ratio;
}

@ObjectType({ description: "排名 — agencies ranked by a cell or a metric." })
export class Ranking {
  @Field({ description: "What was ranked: a cell path or a metric." }) measure: string;
  @Field(() => Int, { description: "被排名机关数 — agencies ranked (over all pages)." }) rankedCount: number;
  @Field(() => [RankingEntry], { description: "Entries, best first in the chosen order; agencies with the same value (the same rank) by agency id in that order too (DESC: the larger id first)." }) entries: RankingEntry[];
  @Field(() => Ratio, { description: "区域平均 — over every eligible agency." }) regionAverage: Ratio;
}

@ObjectType({ simpleResolvers: true, description: "趋势点 — one year of a trend." })
export class TrendPoint {
  @Field(() => Int, { description: "年度 — year." }) year: number;
  @Field(() => Ratio, { description: "值 — value." }) value: Ratio;
  @Field(() => Int, { description: "覆盖 — reports behind this point." }) reportCount: number;
  @Field(() => [TemplateEnum], { description: "模板 — templates of those reports." }) templates: string[];
  @Field({ description: "可比 — whether this point means the same as the previous one (same template for section 二 cells)." }) comparableWithPrevious: boolean;
}

@ObjectType({ simpleResolvers: true, description: "年度值 — a measure's value in one year." })
export class YearValue {
  @Field(() => Int, { description: "年度 — year." }) year: number;
  @Field(() => Ratio, { nullable: true, description: "值 — null when the agency has no report that year." }) value: Ratio | null;
  @Field(() => TemplateEnum, { nullable: true, description: "模板 — the report's template." }) template: string | null;
  @Field(() => String, { nullable: true, description: "报告署名 — the name printed on that year's report (renamed agencies compare across names)." }) printedAgencyName: string | null;
}

@ObjectType({ simpleResolvers: true, description: "年度变化 — change between two consecutive requested years." })
export class YearChange {
  @Field(() => Int, { description: "From year." }) fromYear: number;
  @Field(() => Int, { description: "To year." }) toYear: number;
  @Field(() => Float, { nullable: true, description: "变化量 — value(to) − value(from)." }) absolute: number | null;
  @Field(() => Float, { nullable: true, description: "变化率 — absolute / value(from) (null when from is 0)." }) relative: number | null;
  @Field({ description: "可比 — false where the template changed the figure's meaning or a value is missing." }) comparable: boolean;
  @Field(() => String, { nullable: true, description: "为何不可比 — why not comparable." }) reason: string | null;
}

@ObjectType({ simpleResolvers: true, description: "序列 — one measure of one agency across years." })
export class MeasureSeries {
  @Field({ description: "Cell path or metric." }) measure: string;
  @Field(() => [YearValue], { description: "One value per requested year." }) values: YearValue[];
  @Field(() => [YearChange], { description: "Changes between consecutive requested years." }) changes: YearChange[];
}

@ObjectType({ simpleResolvers: true, description: "机关对比 — an agency's measures across years." })
export class AgencyComparison {
  @Field(() => Agency, { description: "The agency." }) agency: Agency;
  @Field(() => [MeasureSeries], { description: "One series per requested measure." }) series: MeasureSeries[];
}
