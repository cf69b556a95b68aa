import { Field, ID, InputType, Int, ObjectType, Float, registerEnumType } from "type-graphql";
import { PageInfo } from "../common/connection";
import { AgencyKindEnum } from "../agency/agency.type";

export enum NarrativeSectionKindEnum {
  PREAMBLE = "preamble",
  OVERVIEW = "overview",
  PROACTIVE = "proactive",
  APPLICATIONS = "applications",
  REVIEW = "review",
  PROBLEMS = "problems",
  OTHER = "other",
  EXTRA = "extra",
  WHOLE = "whole",
}
registerEnumType(NarrativeSectionKindEnum, {
  name: "NarrativeSectionKind",
  description: "正文章节类别 — what a narrative section is, whatever number it is printed with.",
  valuesConfig: {
    PREAMBLE: { description: "标题与引言 — the text before the first heading (title, legal basis; on crawled pages also site navigation)" },
    OVERVIEW: { description: "一、总体情况 — overview" },
    PROACTIVE: { description: "二、主动公开政府信息情况 — proactive disclosure (the text before its table)" },
    APPLICATIONS: { description: "三、收到和处理政府信息公开申请情况 — applications (the text before its table)" },
    REVIEW: { description: "四、行政复议、行政诉讼情况 — review and litigation (the text before its table)" },
    PROBLEMS: { description: "存在的主要问题及改进情况 — problems and improvements" },
    OTHER: { description: "其他需要报告的事项 — other matters" },
    EXTRA: { description: "其他章节 — a section outside the national template, e.g. 人大代表建议和政协委员提案办理" },
    WHOLE: { description: "全文 — the whole narrative except the preamble (similarity only; not a search filter)" },
  },
});

@ObjectType({ description: "文本区间 — a range of text as UTF-16 offsets (JavaScript string indices), end exclusive." })
export class TextSpan {
  @Field(() => Int, { description: "起点 — first offset." }) start: number;
  @Field(() => Int, { description: "终点 — offset after the last character." }) end: number;
}

@ObjectType({ description: "正文检索结果 — one narrative section of a current report that contains every search term." })
export class NarrativeHit {
  @Field(() => ID, { description: "报告 ID — id of the report revision." }) reportId: number;
  @Field(() => Int, { description: "报告年度 — the report's year." }) year: number;
  @Field(() => Int, { description: "章节序号 — index of the section in Report.sections." }) sectionIndex: number;
  @Field({ description: "章节标题 — the section heading as printed (empty for the preamble)." }) section: string;
  @Field(() => NarrativeSectionKindEnum, { description: "章节类别 — kind of section." }) sectionKind: NarrativeSectionKindEnum;
  @Field({ description: "摘要 — about 120 characters around the first match, whitespace collapsed, … where cut." }) snippet: string;
  @Field(() => [TextSpan], { description: "摘要高亮 — the matches inside `snippet`." }) highlights: TextSpan[];
  @Field(() => [TextSpan], { description: "全文匹配 — every match inside the section text (Report.sections[sectionIndex].text)." }) matches: TextSpan[];
  @Field(() => Float, { description: "相关度 — BM25 weight (k1 1.2, b 0.75, length relative to 500 characters) in the section of the query's rarest character bigram (for a two-character word, the word itself); hits are sorted by it, then newest report." }) score: number;
  agencyId: number;
}

@ObjectType({ description: "An edge of NarrativeHitConnection." })
export class NarrativeHitEdge {
  @Field({ description: "Opaque cursor of this node." }) cursor: string;
  @Field(() => NarrativeHit, { description: "The node." }) node: NarrativeHit;
}

@ObjectType({ description: "正文检索结果分页 — a page of narrative search hits, best first. A page costs about its size whatever the number of reports; the total is counted only when asked for." })
export class NarrativeHitConnection {
  @Field(() => [NarrativeHitEdge], { description: "Nodes with their cursors." }) edges: NarrativeHitEdge[];
  @Field(() => [NarrativeHit], { description: "The nodes of this page." }) nodes: NarrativeHit[];
  @Field(() => PageInfo, { description: "Paging information. hasNextPage: more hits may follow; endCursor continues after the last hit (or, when `truncated`, after the last candidate examined)." }) pageInfo: PageInfo;
  @Field(() => Boolean, { description: "截断 — the search examined its budget of candidates (20,000) before the page was full: the page is short and more hits may follow from pageInfo.endCursor; a narrower query or filter avoids it." }) truncated: boolean;
  @Field(() => Int, { description: "命中总数 — number of hits over all pages when totalCountExact, else at least this many (counted among the first 20,000 candidates; a single word without filters is always exact, from its kept count). Counted only when selected." }) totalCount: Promise<number> | number;
  @Field(() => Boolean, { description: "总数是否精确 — whether totalCount is the exact number of hits." }) totalCountExact: Promise<boolean> | boolean;
}

@InputType({ description: "正文检索条件 — filters for narrative search; all given conditions must hold." })
export class NarrativeFilter {
  @Field(() => String, { nullable: true, description: "行政区划代码 — the region or any region below it." }) regionCode?: string;
  @Field(() => [Int], { nullable: true, description: "报告年度 — report years (any of them)." }) years?: number[];
  @Field(() => AgencyKindEnum, { nullable: true, description: "机关类型 — kind of agency." }) agencyKind?: AgencyKindEnum;
  @Field(() => NarrativeSectionKindEnum, { nullable: true, description: "章节类别 — search only this kind of section." }) section?: NarrativeSectionKindEnum;
}

@ObjectType({ description: "文字重复率 — how much of a narrative section repeats the same section of the agency's previous report." })
export class SectionSimilarity {
  @Field(() => String, { nullable: true, description: "章节标题 — heading as printed (empty: the preamble; null: the whole narrative)." }) section: string | null;
  @Field(() => Int, { nullable: true, description: "章节序号 — index in Report.sections (null: the whole narrative)." }) sectionIndex: number | null;
  @Field(() => NarrativeSectionKindEnum, { description: "章节类别 — kind of section (WHOLE for the whole narrative)." }) kind: NarrativeSectionKindEnum;
  @Field(() => String, { nullable: true, description: "上期对应章节 — heading of the paired section of the previous report (null: none)." }) previousSection: string | null;
  @Field(() => Int, { nullable: true, description: "上期章节序号 — its index in the previous report's sections." }) previousSectionIndex: number | null;
  @Field(() => Int, { description: "上期年度 — the year of the previous report compared with." }) previousYear: number;
  @Field(() => ID, { description: "上期报告 ID — id of the previous report compared with." }) previousReportId: number;
  @Field(() => Float, { nullable: true, description: "重复率 — Jaccard similarity of the 5-character shingles after dropping whitespace and punctuation (1: copied; null: nothing to compare)." }) ratio: number | null;
  @Field(() => Int, { description: "字数 — characters of this section in normal form (letters and digits)." }) chars: number;
  @Field(() => Int, { description: "上期字数 — characters of the paired section in normal form." }) previousChars: number;
  @Field(() => [TextSpan], { description: "重复段落 — ranges of this section's text whose 5-character runs also occur in the paired section (empty for the whole narrative)." }) shared: TextSpan[];
}
