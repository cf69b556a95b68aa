/**
 * The cell catalogue: every figure of sections 二, 三 and 四 of both national templates, addressed by
 * its canonical path (docs/report-json.md). This is the one vocabulary shared by the parser, the
 * checker, the database (one column per cell, see `columnOf`) and the API.
 *
 * Contract: the catalogue is append-only. A stored column is named after its path; renaming a path
 * means a migration.
 */

export type Template = "2019" | "2021" | "legacy";
/** `both` cells mean the same thing in the 2019 and 2021 templates and may be summed across them. */
export type CellScope = "both" | "2019" | "2021";
/** count: non-negative integer; signed: integer that may be negative; money: exact decimal, stored in 分 (0.01 元). */
export type CellKind = "count" | "signed" | "money";

export interface Label {
  key: string;
  zh: string;
  en: string;
}

export const APPLICANT_COLUMNS: Label[] = [
  { key: "natural", zh: "自然人", en: "natural persons" },
  { key: "commercial", zh: "商业企业", en: "commercial enterprises" },
  { key: "research", zh: "科研机构", en: "research institutions" },
  { key: "publicInterest", zh: "社会公益组织", en: "public-interest organisations" },
  { key: "legal", zh: "法律服务机构", en: "legal-service organisations" },
  { key: "otherOrg", zh: "其他", en: "other legal persons or organisations" },
  { key: "total", zh: "总计", en: "total of all applicants" },
];

export const RESULT_COLUMNS: Label[] = [
  { key: "maintained", zh: "结果维持", en: "decision upheld" },
  { key: "corrected", zh: "结果纠正", en: "decision corrected" },
  { key: "other", zh: "其他结果", en: "other result" },
  { key: "pending", zh: "尚未审结", en: "not yet concluded" },
  { key: "total", zh: "总计", en: "total" },
];

/** A row of section 三: its path below `applications`, its group, and where it applies. */
export interface ApplicationRow extends Label {
  path: string;
  scope: CellScope;
  /** The outcome group (（三）…（六）) the row belongs to, for group totals and the reason mix. */
  group?: "denied" | "unableToProvide" | "notProcessed" | "other";
}

const row = (path: string, zh: string, en: string, scope: CellScope = "both", group?: ApplicationRow["group"]): ApplicationRow => ({
  key: path.split(".").pop()!, path, zh, en, scope, group,
});

/** Rows of section 三 in printed order. */
export const APPLICATION_ROWS: ApplicationRow[] = [
  row("newReceived", "一、本年新收政府信息公开申请数量", "new applications received this year"),
  row("carriedOver", "二、上年结转政府信息公开申请数量", "applications carried over from last year"),
  row("outcomes.granted", "（一）予以公开", "granted"),
  row("outcomes.partiallyGranted", "（二）部分公开", "partly granted"),
  row("outcomes.denied.stateSecret", "1.属于国家秘密", "denied: state secret", "both", "denied"),
  row("outcomes.denied.lawForbidden", "2.其他法律行政法规禁止公开", "denied: forbidden by other laws", "both", "denied"),
  row("outcomes.denied.threeSecurityOneStability", "3.危及“三安全一稳定”", "denied: endangers the three securities and stability", "both", "denied"),
  row("outcomes.denied.thirdPartyRights", "4.保护第三方合法权益", "denied: third-party rights", "both", "denied"),
  row("outcomes.denied.internalAffairs", "5.属于三类内部事务信息", "denied: internal affairs", "both", "denied"),
  row("outcomes.denied.processInfo", "6.属于四类过程性信息", "denied: process information", "both", "denied"),
  row("outcomes.denied.enforcementFile", "7.属于行政执法案卷", "denied: enforcement case file", "both", "denied"),
  row("outcomes.denied.administrativeQuery", "8.属于行政查询事项", "denied: administrative query", "both", "denied"),
  row("outcomes.unableToProvide.notHeld", "1.本机关不掌握相关政府信息", "unable: information not held", "both", "unableToProvide"),
  row("outcomes.unableToProvide.needsCreation", "2.没有现成信息需要另行制作", "unable: would need to be created", "both", "unableToProvide"),
  row("outcomes.unableToProvide.unclearAfterCorrection", "3.补正后申请内容仍不明确", "unable: still unclear after correction", "both", "unableToProvide"),
  row("outcomes.notProcessed.complaintPetition", "1.信访举报投诉类申请", "not processed: petition or complaint", "both", "notProcessed"),
  row("outcomes.notProcessed.duplicate", "2.重复申请", "not processed: duplicate application", "both", "notProcessed"),
  row("outcomes.notProcessed.publication", "3.要求提供公开出版物", "not processed: asks for a publication", "both", "notProcessed"),
  row("outcomes.notProcessed.massRepeated", "4.无正当理由大量反复申请", "not processed: mass repeated applications", "both", "notProcessed"),
  row("outcomes.notProcessed.confirmOrReissue", "5.要求行政机关确认或重新出具已获取信息", "not processed: asks to confirm or reissue", "both", "notProcessed"),
  row("outcomes.other", "（六）其他处理", "other handling (2019 template: one row)", "2019", "other"),
  row("outcomes.other.overdueCorrection", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "other: correction overdue", "2021", "other"),
  row("outcomes.other.overdueFee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "other: fee overdue", "2021", "other"),
  row("outcomes.other.otherReasons", "3.其他", "other: other reasons", "2021", "other"),
  row("outcomes.total", "（七）总计", "total handled (as printed)"),
  row("carriedForward", "四、结转下年度继续办理", "carried forward to next year"),
];

export const REVIEW_ROWS: Label[] = [
  { key: "review", zh: "行政复议", en: "administrative reconsideration" },
  { key: "litigationDirect", zh: "行政诉讼·未经复议直接起诉", en: "litigation without prior reconsideration" },
  { key: "litigationAfterReview", zh: "行政诉讼·复议后起诉", en: "litigation after reconsideration" },
];

export interface ProactiveRow extends Label {
  template: "2019" | "2021";
  columns: Array<Label & { kind: CellKind }>;
}

const c = (key: string, zh: string, en: string, kind: CellKind = "count") => ({ key, zh, en, kind });
const docCols2019 = [c("newlyMade", "本年新制作数量", "made this year"), c("newlyPublished", "本年新公开数量", "published this year"), c("totalPublished", "对外公开总数量", "total published")];
const itemCols2019 = [c("previousYearItems", "上一年项目数量", "items last year"), c("change", "本年增/减", "change this year", "signed"), c("decisions", "处理决定数量", "decisions")];
const docCols2021 = [c("issued", "本年制发件数", "issued this year"), c("repealed", "本年废止件数", "repealed this year"), c("inForce", "现行有效件数", "in force")];
const decisions2021 = [c("decisions", "本年处理决定数量", "decisions this year (published or not)")];

/** Rows of section 二 in printed order, per template. */
export const PROACTIVE_ROWS: ProactiveRow[] = [
  { template: "2019", key: "regulations", zh: "规章", en: "rules", columns: docCols2019 },
  { template: "2019", key: "normativeDocuments", zh: "规范性文件", en: "normative documents", columns: docCols2019 },
  { template: "2019", key: "licensing", zh: "行政许可", en: "administrative licensing", columns: itemCols2019 },
  { template: "2019", key: "otherManagementServices", zh: "其他对外管理服务事项", en: "other management services", columns: itemCols2019 },
  { template: "2019", key: "punishment", zh: "行政处罚", en: "administrative penalties", columns: itemCols2019 },
  { template: "2019", key: "coercion", zh: "行政强制", en: "administrative coercion", columns: itemCols2019 },
  { template: "2019", key: "fees", zh: "行政事业性收费", en: "administrative fees", columns: itemCols2019.slice(0, 2) },
  { template: "2019", key: "procurement", zh: "政府集中采购", en: "centralised procurement",
    columns: [c("projects", "采购项目数量", "procurement projects"), c("totalAmount", "采购总金额", "total amount in 元", "money")] },
  { template: "2021", key: "regulations", zh: "规章", en: "rules", columns: docCols2021 },
  { template: "2021", key: "normativeDocuments", zh: "行政规范性文件", en: "administrative normative documents", columns: docCols2021 },
  { template: "2021", key: "licensing", zh: "行政许可", en: "administrative licensing", columns: decisions2021 },
  { template: "2021", key: "punishment", zh: "行政处罚", en: "administrative penalties", columns: decisions2021 },
  { template: "2021", key: "coercion", zh: "行政强制", en: "administrative coercion", columns: decisions2021 },
  { template: "2021", key: "fees", zh: "行政事业性收费", en: "administrative fees", columns: [c("amountWanYuan", "本年收费金额（单位：万元）", "fees collected in 万元", "money")] },
];

export interface CellDef {
  /** Canonical path, e.g. `applications.outcomes.denied.stateSecret.legal`. */
  path: string;
  /** The path split at its dots (precomputed: trees are built from it on hot paths). */
  keys: string[];
  /** Database column holding the cell (one wide fact table; see migrations). */
  column: string;
  scope: CellScope;
  kind: CellKind;
  /** 分 per unit for money cells (元 → 100, 万元 → 1 000 000); 1 otherwise. */
  scale: number;
  section: "proactive" | "applications" | "reviewLitigation";
  zh: string;
  en: string;
}

/** Column names stay well under MySQL's 64-character limit and stay readable. */
export function columnOf(path: string, template?: "2019" | "2021"): string {
  const [head, ...rest] = path.split(".");
  const prefix = head === "applications" ? "a" : head === "reviewLitigation" ? "rl" : `p${(template ?? "").slice(2)}`;
  return [prefix, ...rest.map((p) => (p === "outcomes" ? "o" : p))].join("_");
}

function buildCatalogue(): CellDef[] {
  const out: CellDef[] = [];
  for (const r of PROACTIVE_ROWS) {
    for (const col of r.columns) {
      const path = `proactive.${r.key}.${col.key}`;
      out.push({
        path, keys: path.split("."), column: columnOf(path, r.template), scope: r.template, kind: col.kind,
        scale: col.kind === "money" ? (col.key === "amountWanYuan" ? 1_000_000 : 100) : 1,
        section: "proactive", zh: `${r.zh}·${col.zh}`, en: `${r.en}: ${col.en}`,
      });
    }
  }
  for (const r of APPLICATION_ROWS) {
    for (const col of APPLICANT_COLUMNS) {
      const path = `applications.${r.path}.${col.key}`;
      out.push({ path, keys: path.split("."), column: columnOf(path), scope: r.scope, kind: "count", scale: 1, section: "applications", zh: `${r.zh}·${col.zh}`, en: `${r.en}: ${col.en}` });
    }
  }
  for (const r of REVIEW_ROWS) {
    for (const col of RESULT_COLUMNS) {
      const path = `reviewLitigation.${r.key}.${col.key}`;
      out.push({ path, keys: path.split("."), column: columnOf(path), scope: "both", kind: "count", scale: 1, section: "reviewLitigation", zh: `${r.zh}·${col.zh}`, en: `${r.en}: ${col.en}` });
    }
  }
  return out;
}

export const CELLS: CellDef[] = buildCatalogue();

/** Cells by template and path. Section 二 paths exist twice (one per template); `cellFor` picks by template. */
const BY_TEMPLATE: Record<Template, Map<string, CellDef>> = { "2019": new Map(), "2021": new Map(), legacy: new Map() };
for (const cell of CELLS) {
  if (cell.scope !== "2021") BY_TEMPLATE["2019"].set(cell.path, cell);
  if (cell.scope !== "2019") BY_TEMPLATE["2021"].set(cell.path, cell);
}

export function cellFor(path: string, template: Template): CellDef | undefined {
  return BY_TEMPLATE[template]?.get(path);
}

const CELLS_OF: Record<Template, CellDef[]> = {
  "2019": CELLS.filter((x) => x.scope === "both" || x.scope === "2019"),
  "2021": CELLS.filter((x) => x.scope === "both" || x.scope === "2021"),
  legacy: [],
};

export function cellsOf(template: Template): CellDef[] {
  return CELLS_OF[template] ?? [];
}
