/**
 * GraphQL types of a report's figures. Field names are the keys of report-json.md, so a cell path
 * reads the same in the canonical JSON, the database and a query. A null figure was unreadable
 * (see Report.ambiguousCells); a blank printed cell is 0 (see Report.blankCells).
 */
import { createUnionType, Field, Int, ObjectType } from "type-graphql";
import { GraphQLScalarType, Kind } from "graphql";

export const DecimalScalar = new GraphQLScalarType({
  name: "Decimal",
  description: "An exact decimal number as a string (money: no floating point), e.g. \"1690.9913\".",
  serialize: (v) => String(v),
  parseValue: (v) => {
    if (typeof v !== "string" || !/^-?\d+(\.\d+)?$/.test(v)) throw new TypeError("Decimal must be a string like \"12.34\"");
    return v;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING || !/^-?\d+(\.\d+)?$/.test(ast.value)) throw new TypeError("Decimal must be a string like \"12.34\"");
    return ast.value;
  },
});

@ObjectType({ simpleResolvers: true, description: "申请人情况: one row of section 三 split by applicant type (自然人, 法人或其他组织 …, 总计)." })
export class ApplicantCounts {
  @Field(() => Int, { nullable: true, description: "自然人 — natural persons" }) natural: number | null;
  @Field(() => Int, { nullable: true, description: "商业企业 — commercial enterprises" }) commercial: number | null;
  @Field(() => Int, { nullable: true, description: "科研机构 — research institutions" }) research: number | null;
  @Field(() => Int, { nullable: true, description: "社会公益组织 — public-interest organisations" }) publicInterest: number | null;
  @Field(() => Int, { nullable: true, description: "法律服务机构 — legal-service organisations" }) legal: number | null;
  @Field(() => Int, { nullable: true, description: "其他 — other legal persons or organisations" }) otherOrg: number | null;
  @Field(() => Int, { nullable: true, description: "总计 — total, as printed" }) total: number | null;
}

@ObjectType({ simpleResolvers: true, description: "（三）不予公开 — denied, by reason 1–8." })
export class DeniedReasons {
  @Field(() => ApplicantCounts, { description: "1.属于国家秘密 — state secret" }) stateSecret: ApplicantCounts;
  @Field(() => ApplicantCounts, { description: "2.其他法律行政法规禁止公开 — forbidden by other laws" }) lawForbidden: ApplicantCounts;
  @Field(() => ApplicantCounts, { description: "3.危及“三安全一稳定” — endangers the three securities and stability" }) threeSecurityOneStability: ApplicantCounts;
  @Field(() => ApplicantCounts, { description: "4.保护第三方合法权益 — third-party rights" }) thirdPartyRights: ApplicantCounts;
  @Field(() => ApplicantCounts, { description: "5.属于三类内部事务信息 — internal affairs" }) internalAffairs: ApplicantCounts;
  @Field(() => ApplicantCounts, { description: "6.属于四类过程性信息 — process information" }) processInfo: ApplicantCounts;
  @Field(() => ApplicantCounts, { description: "7.属于行政执法案卷 — enforcement case file" }) enforcementFile: ApplicantCounts;
  @Field(() => ApplicantCounts, { description: "8.属于行政查询事项 — administrative query" }) administrativeQuery: ApplicantCounts;
}

@ObjectType({ simpleResolvers: true, description: "（四）无法提供 — unable to provide, by reason 1–3." })
export class UnableReasons {
  @Field(() => ApplicantCounts, { description: "1.本机关不掌握相关政府信息 — information not held" }) notHeld: ApplicantCounts;
  @Field(() => ApplicantCounts, { description: "2.没有现成信息需要另行制作 — would need to be created" }) needsCreation: ApplicantCounts;
  @Field(() => ApplicantCounts, { description: "3.补正后申请内容仍不明确 — still unclear after correction" }) unclearAfterCorrection: ApplicantCounts;
}

@ObjectType({ simpleResolvers: true, description: "（五）不予处理 — not processed, by reason 1–5." })
export class NotProcessedReasons {
  @Field(() => ApplicantCounts, { description: "1.信访举报投诉类申请 — petition or complaint" }) complaintPetition: ApplicantCounts;
  @Field(() => ApplicantCounts, { description: "2.重复申请 — duplicate application" }) duplicate: ApplicantCounts;
  @Field(() => ApplicantCounts, { description: "3.要求提供公开出版物 — asks for a publication" }) publication: ApplicantCounts;
  @Field(() => ApplicantCounts, { description: "4.无正当理由大量反复申请 — mass repeated applications" }) massRepeated: ApplicantCounts;
  @Field(() => ApplicantCounts, { description: "5.要求行政机关确认或重新出具已获取信息 — asks to confirm or reissue" }) confirmOrReissue: ApplicantCounts;
}

@ObjectType({
  description: "（六）其他处理 — other handling. The applicant fields are the printed row (2019 template) or the sum of rows 1–3 (2021 template); the three reasons exist only in the 2021 template.",
})
export class OtherOutcomes extends ApplicantCounts {
  @Field(() => ApplicantCounts, { nullable: true, description: "1.申请人无正当理由逾期不补正… — correction overdue (2021 template)" }) overdueCorrection: ApplicantCounts | null;
  @Field(() => ApplicantCounts, { nullable: true, description: "2.申请人逾期未按收费通知要求缴纳费用… — fee overdue (2021 template)" }) overdueFee: ApplicantCounts | null;
  @Field(() => ApplicantCounts, { nullable: true, description: "3.其他 — other reasons (2021 template)" }) otherReasons: ApplicantCounts | null;
}

@ObjectType({ simpleResolvers: true, description: "三、本年度办理结果 — how this year's applications were handled." })
export class Outcomes {
  @Field(() => ApplicantCounts, { description: "（一）予以公开 — granted" }) granted: ApplicantCounts;
  @Field(() => ApplicantCounts, { description: "（二）部分公开 — partly granted" }) partiallyGranted: ApplicantCounts;
  @Field(() => DeniedReasons, { description: "（三）不予公开 — denied" }) denied: DeniedReasons;
  @Field(() => UnableReasons, { description: "（四）无法提供 — unable to provide" }) unableToProvide: UnableReasons;
  @Field(() => NotProcessedReasons, { description: "（五）不予处理 — not processed" }) notProcessed: NotProcessedReasons;
  @Field(() => OtherOutcomes, { description: "（六）其他处理 — other handling" }) other: OtherOutcomes;
  @Field(() => ApplicantCounts, { description: "（七）总计 — total handled, as printed" }) total: ApplicantCounts;
}

@ObjectType({ simpleResolvers: true, description: "三、收到和处理政府信息公开申请情况 — applications received and handled (section 三)." })
export class Applications {
  @Field(() => ApplicantCounts, { description: "一、本年新收政府信息公开申请数量 — new applications this year" }) newReceived: ApplicantCounts;
  @Field(() => ApplicantCounts, { description: "二、上年结转政府信息公开申请数量 — carried over from last year" }) carriedOver: ApplicantCounts;
  @Field(() => Outcomes, { description: "三、本年度办理结果 — outcomes" }) outcomes: Outcomes;
  @Field(() => ApplicantCounts, { description: "四、结转下年度继续办理 — carried forward to next year" }) carriedForward: ApplicantCounts;
}

@ObjectType({ simpleResolvers: true, description: "One proceeding of section 四: 结果维持 · 结果纠正 · 其他结果 · 尚未审结 · 总计." })
export class ResultCounts {
  @Field(() => Int, { nullable: true, description: "结果维持 — decision upheld" }) maintained: number | null;
  @Field(() => Int, { nullable: true, description: "结果纠正 — decision corrected" }) corrected: number | null;
  @Field(() => Int, { nullable: true, description: "其他结果 — other result" }) other: number | null;
  @Field(() => Int, { nullable: true, description: "尚未审结 — not yet concluded" }) pending: number | null;
  @Field(() => Int, { nullable: true, description: "总计 — total, as printed" }) total: number | null;
}

@ObjectType({ simpleResolvers: true, description: "四、政府信息公开行政复议、行政诉讼情况 — reconsideration and litigation (section 四)." })
export class ReviewLitigation {
  @Field(() => ResultCounts, { description: "行政复议 — administrative reconsideration" }) review: ResultCounts;
  @Field(() => ResultCounts, { description: "行政诉讼·未经复议直接起诉 — litigation without prior reconsideration" }) litigationDirect: ResultCounts;
  @Field(() => ResultCounts, { description: "行政诉讼·复议后起诉 — litigation after reconsideration" }) litigationAfterReview: ResultCounts;
}

@ObjectType({ simpleResolvers: true, description: "第二十条第（一）项, 2019 template: 本年新制作数量 · 本年新公开数量 · 对外公开总数量." })
export class Documents2019 {
  @Field(() => Int, { nullable: true, description: "本年新制作数量 — made this year" }) newlyMade: number | null;
  @Field(() => Int, { nullable: true, description: "本年新公开数量 — published this year" }) newlyPublished: number | null;
  @Field(() => Int, { nullable: true, description: "对外公开总数量 — total published" }) totalPublished: number | null;
}

@ObjectType({ simpleResolvers: true, description: "第二十条第（五）（六）项, 2019 template: 上一年项目数量 · 本年增/减 · 处理决定数量." })
export class Items2019 {
  @Field(() => Int, { nullable: true, description: "上一年项目数量 — items last year" }) previousYearItems: number | null;
  @Field(() => Int, { nullable: true, description: "本年增/减 — change this year (signed)" }) change: number | null;
  @Field(() => Int, { nullable: true, description: "处理决定数量 — decisions" }) decisions: number | null;
}

@ObjectType({ simpleResolvers: true, description: "第二十条第（八）项, 2019 template: 行政事业性收费 items." })
export class Fees2019 {
  @Field(() => Int, { nullable: true, description: "上一年项目数量 — fee items last year" }) previousYearItems: number | null;
  @Field(() => Int, { nullable: true, description: "本年增/减 — change this year (signed)" }) change: number | null;
}

@ObjectType({ simpleResolvers: true, description: "第二十条第（九）项, 2019 template: 政府集中采购 — centralised procurement." })
export class Procurement2019 {
  @Field(() => Int, { nullable: true, description: "采购项目数量 — projects" }) projects: number | null;
  @Field(() => DecimalScalar, { nullable: true, description: "采购总金额 — total amount in 元, exact" }) totalAmount: string | null;
  @Field(() => String, { nullable: true, description: "采购总金额 as printed, unit included (e.g. \"1690.9913万元\")" }) totalAmountRaw: string | null;
}

@ObjectType({ simpleResolvers: true, description: "二、主动公开政府信息情况 — proactive disclosure, 2019 trial template (国办公开办函〔2019〕60号)." })
export class Proactive2019 {
  @Field(() => Documents2019, { description: "规章 — rules" }) regulations: Documents2019;
  @Field(() => Documents2019, { description: "规范性文件 — normative documents" }) normativeDocuments: Documents2019;
  @Field(() => Items2019, { description: "行政许可 — administrative licensing" }) licensing: Items2019;
  @Field(() => Items2019, { description: "其他对外管理服务事项 — other management services" }) otherManagementServices: Items2019;
  @Field(() => Items2019, { description: "行政处罚 — administrative penalties" }) punishment: Items2019;
  @Field(() => Items2019, { description: "行政强制 — administrative coercion" }) coercion: Items2019;
  @Field(() => Fees2019, { description: "行政事业性收费 — administrative fees (items)" }) fees: Fees2019;
  @Field(() => Procurement2019, { description: "政府集中采购 — centralised procurement" }) procurement: Procurement2019;
}

@ObjectType({ simpleResolvers: true, description: "第二十条第（一）项, 2021 template: 本年制发件数 · 本年废止件数 · 现行有效件数." })
export class Documents2021 {
  @Field(() => Int, { nullable: true, description: "本年制发件数 — issued this year" }) issued: number | null;
  @Field(() => Int, { nullable: true, description: "本年废止件数 — repealed this year" }) repealed: number | null;
  @Field(() => Int, { nullable: true, description: "现行有效件数 — in force" }) inForce: number | null;
}

@ObjectType({ simpleResolvers: true, description: "第二十条第（五）（六）项, 2021 template: 本年处理决定数量." })
export class Decisions2021 {
  @Field(() => Int, { nullable: true, description: "本年处理决定数量 — decisions this year, published or not" }) decisions: number | null;
}

@ObjectType({ simpleResolvers: true, description: "第二十条第（八）项, 2021 template: 行政事业性收费." })
export class Fees2021 {
  @Field(() => DecimalScalar, { nullable: true, description: "本年收费金额（单位：万元） — fees collected, in 万元, exact" }) amountWanYuan: string | null;
}

@ObjectType({ simpleResolvers: true, description: "二、主动公开政府信息情况 — proactive disclosure, revised template (国办公开办函〔2021〕30号)." })
export class Proactive2021 {
  @Field(() => Documents2021, { description: "规章 — rules" }) regulations: Documents2021;
  @Field(() => Documents2021, { description: "行政规范性文件 — administrative normative documents" }) normativeDocuments: Documents2021;
  @Field(() => Decisions2021, { description: "行政许可 — administrative licensing" }) licensing: Decisions2021;
  @Field(() => Decisions2021, { description: "行政处罚 — administrative penalties" }) punishment: Decisions2021;
  @Field(() => Decisions2021, { description: "行政强制 — administrative coercion" }) coercion: Decisions2021;
  @Field(() => Fees2021, { description: "行政事业性收费 — administrative fees" }) fees: Fees2021;
}

export const ProactiveUnion = createUnionType({
  name: "Proactive",
  description: "二、主动公开政府信息情况 — section 二, whose rows and columns depend on the template; not comparable across templates.",
  types: () => [Proactive2019, Proactive2021] as const,
  resolveType: (value) => ("procurement" in value ? Proactive2019 : Proactive2021),
});
