import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { Connection } from "../common/connection";

export enum TemplateEnum {
  T2019 = "2019",
  T2021 = "2021",
  LEGACY = "legacy",
}
registerEnumType(TemplateEnum, {
  name: "Template",
  description: "报告模板 — the national template a report follows, detected from its table headers.",
  valuesConfig: {
    T2019: { description: "2019 trial template, 国办公开办函〔2019〕60号 (report years 2019–2020)" },
    T2021: { description: "revised template, 国办公开办函〔2021〕30号 (report years 2021 on)" },
    LEGACY: { description: "no national template (before 2019); never summed with template figures" },
  },
});

@ObjectType({ description: "正文章节 — a narrative section of the report, in printed order." })
export class NarrativeSectionType {
  @Field({ description: "标题 — heading as printed, e.g. 一、总体情况." }) heading: string;
  @Field({ description: "正文 — text." }) text: string;
}

export enum EvidenceKindEnum {
  NARRATIVE = "narrative",
  PREVIOUS_YEAR = "previousYear",
  NEXT_YEAR = "nextYear",
  OTHER_RENDERING = "otherRendering",
}
registerEnumType(EvidenceKindEnum, {
  name: "EvidenceKind",
  description: "证据类型 — what settled a cell that the table's own sums left open (docs/report-json.md).",
  valuesConfig: {
    NARRATIVE: { description: "a number the same report's narrative states (e.g. 现行有效的规范性文件16件)" },
    PREVIOUS_YEAR: { description: "the same agency's report of the year before: X1 (结转下年度 = this year's 上年结转) or, soft, X3 (documents in force)" },
    NEXT_YEAR: { description: "the same agency's report of the year after, stored first: X1 (its 上年结转 = this year's 结转下年度) or, soft, X3" },
    OTHER_RENDERING: { description: "another rendering of the same report imported earlier (the HTML page and the text of one report)" },
  },
});

@ObjectType({ description: "证据 — the evidence that settled a cell." })
export class CellEvidence {
  @Field(() => EvidenceKindEnum, { description: "Which kind of evidence." }) kind: EvidenceKindEnum;
  @Field({ description: "The sentence quoted, the identity used or the rendering compared." }) detail: string;
}

@ObjectType({ description: "无法识读的单元格 — a cell the table alone could not read, with the reason: null, unless evidence settled it (resolvedBy)." })
export class AmbiguousCell {
  @Field({ description: "Canonical cell path." }) path: string;
  @Field({ description: "Why the table alone could not read it." }) reason: string;
  @Field(() => CellEvidence, { nullable: true, description: "证据 — what settled the cell (then it has its value); null: the cell is null." }) resolvedBy: CellEvidence | null;
}

@ObjectType({ description: "年度报告 — one revision of an agency's annual report for one year." })
export class Report {
  @Field(() => ID, { description: "Stable identifier of this revision." }) id: number;
  @Field(() => Int, { description: "报告年度 — the year reported on (not the publication year)." }) year: number;
  @Field(() => TemplateEnum, { description: "模板 — template version." }) format: TemplateEnum;
  @Field({ description: "是否汇总报告 — true for an aggregate (汇总) report of a government and its units." }) isAggregate: boolean;
  @Field(() => Int, { description: "修订版本 — revision number; a corrected republication is a new revision." }) revision: number;
  @Field({ description: "是否现行版本 — whether this is the current revision for its agency and year." }) isCurrent: boolean;
  @Field({ description: "报告署名 — the agency name as printed in this report." }) printedAgencyName: string;
  @Field(() => String, { nullable: true, description: "来源 — where the text came from." }) sourceUrl: string | null;
  @Field(() => String, { nullable: true, description: "发布日期 — publication date (YYYY-MM-DD) when printed." }) publishedAt: string | null;
  @Field(() => Date, { description: "导入时间 — when it was imported." }) importedAt: Date;
  @Field({ description: "导入者 — who imported it." }) importedBy: string;
  @Field({ description: "解析器版本 — parser version that read it." }) parserVersion: string;
  @Field(() => [NarrativeSectionType], { description: "正文章节 — narrative sections in order, unknown extra sections kept by heading." }) sections: NarrativeSectionType[];
  @Field(() => [String], { description: "空白单元格 — cells printed blank (counted as 0)." }) blankCells: string[];
  agencyId: number;
  ambiguousCells: Record<string, import("../../domain/report-json").AmbiguousCell>;
  extra: Record<string, unknown>;
  regionCode: string | null;
  checksum: string;
  contentType: string;
  fileName: string | null;
}

export const ReportConnection = Connection(Report, "Report", "A page of reports.");

@InputType({ description: "Filters for reports; all given conditions must hold." })
export class ReportFilter {
  @Field(() => Int, { nullable: true, description: "报告年度 — report year." }) year?: number;
  @Field(() => String, { nullable: true, description: "行政区划代码 — the region or any below it." }) regionCode?: string;
  @Field(() => ID, { nullable: true, description: "Agency id." }) agencyId?: number;
  @Field(() => TemplateEnum, { nullable: true, description: "Template version." }) format?: TemplateEnum;
  @Field({ nullable: true, description: "汇总 reports only (true) or none of them (false)." }) isAggregate?: boolean;
  @Field({ nullable: true, defaultValue: false, description: "Include superseded revisions (default: current revisions only)." }) includeRevisions?: boolean;
}
