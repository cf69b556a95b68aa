/**
 * Every Chinese label the reader recognises, with its known variants and typos, mapped to canonical
 * keys. Everywhere else the code speaks in canonical paths. Patterns are matched against text that
 * has been NFKC-normalised (full-width brackets, digits and punctuation become ASCII).
 */
import { LinearPattern } from "../shared/linear-regex";

/** Makes a label tolerant of whitespace between its characters (PDF line breaks, `商业 企业`). */
export function loose(label: string): string {
  return [...label].map((ch) => (/[\\^$.*+?()[\]{}|]/.test(ch) ? "\\" + ch : ch)).join("\\s*");
}

const alt = (...labels: string[]) => `(?:${labels.map(loose).join("|")})`;

/**
 * Between two characters of a row label of section 三: whitespace, or the place where a label wraps
 * onto the next line. PDF layouts print a wrapped row's numbers on any line of its label, and a group
 * label printed a fragment per line (`（六）其` / `他处理`) may come between the label's lines, so a
 * wrap may hold numbers (at the end of the line or on lines of their own), up to four short or blank
 * lines (the fewest that fit), and a short fragment of another column before the label continues.
 * The numbers inside a label are the row's.
 */
const VALUES = String.raw`\d[\d.,]*(?:[ \t]+\d[\d.,]*)*`;
const WRAP_GAP = String.raw`(?:[ \t]*(?:${VALUES})?[ \t]*\n(?:[ \t]*(?:[^\n\d]{0,10}|${VALUES})[ \t]*\n){0,4}?[ \t]*(?:[^\s\d]{1,8}[ \t]{2,})??|\s*)`;

/** A row label of section 三 that may wrap over several lines (see WRAP_GAP). */
export function wrapped(label: string): string {
  return [...label].map((ch) => (/[\\^$.*+?()[\]{}|]/.test(ch) ? "\\" + ch : ch)).join(WRAP_GAP);
}
const walt = (...labels: string[]) => `(?:${labels.map(wrapped).join("|")})`;

/** A row label, and where it is next found in a text. */
export interface RowLabel {
  readonly source: string;
  /** The first match at or after `from`: what `RegExp.prototype.exec` gives with `lastIndex = from`. */
  exec(text: string, from?: number): { index: number; match: string } | null;
}

/**
 * A row label matched in time bounded by its length times the text's (shared/linear-regex.ts).
 * JavaScript's own engine backtracks through the alternatives of consecutive WRAP_GAPs — the same
 * blank or short lines read as a gap's lines, its fragment or its `\s*`, again for every label
 * character — exponentially on hostile text (a row of TABs took minutes); the bounded matcher gives
 * the same match.
 */
function label(source: string): RowLabel {
  return new LinearPattern(source);
}

/** A label without wrap gaps, left to JavaScript's engine (it needs a look-behind; each of its quantifiers stops at a fixed character, so it runs in linear time). */
export function nativeLabel(source: string): RowLabel {
  return {
    source,
    exec(text, from = 0) {
      const re = new RegExp(source, "g");
      re.lastIndex = from;
      const m = re.exec(text);
      return m && { index: m.index, match: m[0] };
    },
  };
}

/** The row number printed before a reason: `1.`, `2、`, `(3)` (NFKC of `（3）`), or none. */
const NUM = String.raw`(?:(?:\d\s*[.、．,]|\(\s*\d\s*\))\s*)?`;
/** Matches the numbering a row label starts with, so that its digit is not read as a value. */
export const ROW_NUMBERING = /^\s*(?:[一二三四五六七八九十]\s*[、.．]|\(\s*[一二三四五六七八九十]\s*\)|\d\s*[.、．,]|\(\s*\d\s*\))?/;

/** A section number as printed: `二、`, `二.` or `（二）`. */
const SEC = (n: string) => `(?:${n}\\s*[、.．]|\\(\\s*${n}\\s*\\))\\s*`;

/** Section headings. The 四 heading needs 复议/诉讼 so that `四、结转下年度继续办理` (a row of 三) is not taken for it. */
export const SECTION_HEADINGS = {
  overview: new RegExp(`${SEC("一")}${alt("总体情况", "概述", "基本情况")}`),
  proactive: new RegExp(`${SEC("二")}${loose("主动公开政府信息")}\\s*(?:的\\s*)?${loose("情况")}`),
  applications: new RegExp(`${SEC("三")}${loose("收到和处理政府信息公开申请")}\\s*(?:的\\s*)?${loose("情况")}`),
  review: new RegExp(`${SEC("四")}(?:因\\s*)?${loose("政府信息公开")}\\s*(?:申请\\s*)?(?:(?:提起|引起|被申请)\\s*)?(?:${alt("行政复议", "行政法复议")})\\s*[、和及与]?\\s*(?:提起\\s*)?${loose("行政诉讼")}\\s*(?:的\\s*)?${loose("情况")}`),
};

/** Narrative headings after the tables (numbering varies when agencies add sections). */
export const TRAILING_HEADINGS = [
  new RegExp(`[五六七八]\\s*[、.．]\\s*(?:${loose("政府信息公开工作")})?\\s*${loose("存在的主要问题")}\\s*(?:及|和|与)\\s*${loose("改进")}\\s*(?:${alt("情况", "措施", "方向")})?`),
  new RegExp(`[五六七八九]\\s*[、.．]\\s*${loose("其他需要")}\\s*${alt("报告", "说明")}\\s*${loose("的事项")}`),
];

/**
 * An unknown extra heading on its own line, e.g. `## 五、人大代表建议和政协委员提案办理`. Its prefix
 * stays on the heading's line: a prefix that ran over blank lines (`[#\s]*`) was tried again from
 * every line start of a blank block, quadratic in the block (a page with megabytes of blank lines
 * took seconds). The heading (group 1) is the same; see `headingBlockStart` for where the blank lines
 * before it begin.
 */
export const LINE_HEADING = /^(?:[^\S\n]|#)*([一二三四五六七八九十]{1,2}\s*[、.．]\s*[^\n\d]{2,40}?)\s*$/gm;

/**
 * Where the blank (or `#`) lines before a LINE_HEADING match at `index` begin: the first line start
 * of that run in `text`, the match's start when the heading's prefix could run over lines.
 */
export function headingBlockStart(text: string, index: number): number {
  let b = index;
  while (b > 0 && /[#\s]/.test(text[b - 1])) b--;
  for (let p = b; p < index; p++) if (p === 0 || /[\n\r\u2028\u2029]/.test(text[p - 1])) return p;
  return index;
}

/** Table markers: where the narrative before a table ends. */
export const TABLE_START = {
  proactive: new RegExp(`${loose("第二十条")}|${loose("信息内容")}`),
  applications: new RegExp(`\\(?\\s*${loose("本列数据的")}|${loose("申请人情况")}|${loose("本年新收")}`),
  review: /行\s*政\s*复\s*议/,
};

/** Template markers, read from the table headers (never from the year). */
export const TEMPLATE_2021_MARKERS = [
  loose("本年制发件数"), loose("本年废止件数"), loose("现行有效件数"), loose("本年处理决定数量"), loose("本年收费金额"),
  loose("逾期不补正"), loose("逾期未按收费通知"),
].map((p) => new RegExp(p));
export const TEMPLATE_2019_MARKERS = [
  loose("本年新制作数量"), loose("上一年项目数量"), `${loose("本年增")}\\s*[/／]\\s*${loose("减")}`, loose("采购项目数量"), loose("采购总金额"),
  loose("处理决定数量"),
].map((p) => new RegExp(p));

/** Row labels of section 三, by row path (see cells.ts). Each is searched after the previous row. */
export const APPLICATION_ROW_LABELS: Record<string, RowLabel> = {
  newReceived: label(`(?:一\\s*[、.．]\\s*)?${wrapped("本年新收")}(?:${WRAP_GAP}${wrapped("政府信息公开")})?${WRAP_GAP}${wrapped("申请")}(?:${WRAP_GAP}${wrapped("数量")})?`),
  carriedOver: label(`(?:二\\s*[、.．]\\s*)?${wrapped("上年结转")}(?:${WRAP_GAP}${wrapped("政府信息公开")})?${WRAP_GAP}${wrapped("申请")}(?:${WRAP_GAP}${wrapped("数量")})?`),
  "outcomes.granted": label(`(?:\\(\\s*一\\s*\\)\\s*)?${wrapped("予以公开")}`),
  "outcomes.partiallyGranted": label(`(?:\\(\\s*二\\s*\\)\\s*)?${wrapped("部分公开")}(?:\\s*\\([^)\\d]*\\))?`),
  "outcomes.denied.stateSecret": label(`${NUM}${wrapped("属于国家秘密")}`),
  "outcomes.denied.lawForbidden": label(`${NUM}${wrapped("其他法律行政法规禁止公开")}`),
  "outcomes.denied.threeSecurityOneStability": label(`${NUM}${wrapped("危及")}${WRAP_GAP}["“”'‘’]?${WRAP_GAP}${wrapped("三安全一稳定")}\\s*["“”'‘’]?`),
  "outcomes.denied.thirdPartyRights": label(`${NUM}${wrapped("保护第三方合法权益")}`),
  "outcomes.denied.internalAffairs": label(`${NUM}${wrapped("属于三类内部事务信息")}`),
  "outcomes.denied.processInfo": label(`${NUM}${wrapped("属于四类过程性信息")}`),
  "outcomes.denied.enforcementFile": label(`${NUM}${wrapped("属于行政执法案卷")}`),
  "outcomes.denied.administrativeQuery": label(`${NUM}${wrapped("属于行政查询事项")}`),
  "outcomes.unableToProvide.notHeld": label(`${NUM}${wrapped("本机关不掌握相关政府信息")}`),
  "outcomes.unableToProvide.needsCreation": label(`${NUM}${wrapped("没有现成信息需要另行制作")}`),
  "outcomes.unableToProvide.unclearAfterCorrection": label(`${NUM}${wrapped("补正后申请内容仍不明确")}`),
  "outcomes.notProcessed.complaintPetition": label(`${NUM}${wrapped("信访举报投诉类申请")}`),
  "outcomes.notProcessed.duplicate": label(`${NUM}${wrapped("重复申请")}`),
  "outcomes.notProcessed.publication": label(`${NUM}${wrapped("要求提供公开出版物")}`),
  "outcomes.notProcessed.massRepeated": label(`${NUM}${wrapped("无正当理由大量反复申请")}`),
  "outcomes.notProcessed.confirmOrReissue": label(`${NUM}${wrapped("要求行政机关确认或重新出具已获取信息")}`),
  "outcomes.other": label(`(?:\\(\\s*六\\s*\\)\\s*)?${wrapped("其他处理")}`),
  // The tail (、行政机关不再处理其政府信息公开申请) is worded variously; what is not matched stays in the
  // row's value text, where only digits count.
  "outcomes.other.overdueCorrection": label(`${NUM}${wrapped("申请人无正当理由逾期不补正")}(?:${WRAP_GAP}[、,，;；]?${WRAP_GAP}${walt("行政机关不再处理其政府信息公开申请", "不再处理其政府信息公开申请")})?`),
  "outcomes.other.overdueFee": label(`${NUM}${wrapped("申请人逾期未按收费通知要求缴纳费用")}(?:${WRAP_GAP}[、,，;；]?${WRAP_GAP}${walt("行政机关不再处理其政府信息公开申请", "不再处理其政府信息公开申请")})?`),
  // Numbered (3. 3、 (3)) or alone at the start of a line or cell; never 其他处理 or the 其他 column header
  // (that one comes before the rows).
  "outcomes.other.otherReasons": nativeLabel(`(?:(?:\\d\\s*[.、．,]|\\(\\s*\\d\\s*\\))\\s*|(?<=^|[\\t\\n])[ ]*)${loose("其他")}(?!\\s*处\\s*理)`),
  "outcomes.total": label(`(?:\\(\\s*七\\s*\\)\\s*)?${walt("总计", "合计")}`),
  carriedForward: label(`(?:四\\s*[、.．]\\s*)?${wrapped("结转下年度继续办理")}`),
};

/** Row labels of section 二, per template, in printed order (the long ones may wrap like section 三's). */
export const PROACTIVE_ROW_LABELS: Record<"2019" | "2021", Array<[string, RowLabel]>> = {
  "2019": [
    ["regulations", label(`${loose("规章")}(?:\\s*\\([^)\\d]*\\))?`)],
    ["normativeDocuments", label(`(?:${loose("行政")})?${wrapped("规范性文件")}(?:\\s*\\([^)\\d]*\\))?`)],
    ["licensing", label(loose("行政许可"))],
    ["otherManagementServices", label(`${wrapped("其他对外管理服务事项")}`)],
    ["punishment", label(loose("行政处罚"))],
    ["coercion", label(loose("行政强制"))],
    ["fees", label(`${wrapped("行政事业性收费")}`)],
    ["procurement", label(`${wrapped("政府集中采购")}`)],
  ],
  "2021": [
    ["regulations", label(`${loose("规章")}(?:\\s*\\([^)\\d]*\\))?`)],
    ["normativeDocuments", label(`(?:${loose("行政")})?${wrapped("规范性文件")}(?:\\s*\\([^)\\d]*\\))?`)],
    ["licensing", label(loose("行政许可"))],
    ["punishment", label(loose("行政处罚"))],
    ["coercion", label(loose("行政强制"))],
    ["fees", label(`${wrapped("行政事业性收费")}`)],
  ],
};

/** Where section 二's table rows end: the next 第二十条 item header or a column header. */
export const PROACTIVE_STOP = new RegExp(`${loose("第二十条")}|${loose("信息内容")}`);

/** The last header word of section 四 before its one row of numbers. */
export const REVIEW_HEADER_WORDS = new RegExp(`${alt("总计", "审结", "结果", "维持", "纠正", "起诉", "复议", "诉讼")}`, "g");

/** A report that says it received no applications (the tables are sometimes omitted then). */
export const NO_APPLICATIONS = new RegExp(`(?:${alt("未收到", "没有收到", "无")})\\s*(?:${loose("政府信息公开")}|${loose("依申请公开")})?\\s*${loose("申请")}`);

/**
 * Aggregate (汇总) reports of a government and its units: “汇总” in the title, or the preamble saying
 * the report was compiled from its departments' and lower governments' reports (“根据……各部门……年度报告
 * 汇总编制”). A bare “汇总” elsewhere (“梳理汇总公开目录”) is not enough.
 */
export const AGGREGATE_TITLE = /汇\s*总/;
export const AGGREGATE_PREAMBLE = [
  /(?:各|所属|下属|辖区)[^。；]{0,30}(?:单位|部门|乡镇|街道|县|区|市)[^。；]{0,40}(?:年度报告|年报|报告)[^。；]{0,20}汇\s*总/,
  /汇\s*总[^。；]{0,40}(?:各|所属|下属|辖区)[^。；]{0,30}(?:单位|部门|乡镇|街道|县|区|市)[^。；]{0,40}(?:编制|形成|而成)/,
];

/** Title: `<agency> <year> 年（度）政府信息公开（工作）年度报告`, with the agency sometimes on the line before. */
export const TITLE = /([\u4e00-\u9fff()（）]{0,60}?)\s*(?:关于\s*)?(\d{4})\s*年\s*(?:度\s*)?(?:的\s*)?政\s*府\s*信\s*息\s*公\s*开\s*(?:工\s*作\s*)?(?:年\s*度\s*)?(?:工\s*作\s*)?报\s*告/;
export const TITLE_YEAR_AFTER = /政\s*府\s*信\s*息\s*公\s*开\s*(\d{4})\s*年\s*(?:度\s*)?(?:工\s*作\s*)?(?:年\s*度\s*)?报\s*告/;
export const AGENCY_SUFFIX = /(局|委员会|委|办公室|办公厅|办|人民政府|政府|管委会|管理委员会|管理局|中心|院|所|厅|署|馆|队|站|处|街道办事处|街道|镇|乡|公司|会|部)$/;
/** Words that precede an agency name in page chrome and are not part of it. */
export const TITLE_NOISE = /^(?:.*(?:相关链接|当前位置|首页|正文|附件|来源|标题|信息公开|年报|栏目)[:：]?)/;

/**
 * What a narrative says about the tables (read by domain/evidence.ts for rule T1 and for settling
 * cells). Matched against a sentence with its whitespace removed; `n` is the number quoted. A number
 * followed by 余/多 (“5500余条”) is approximate and never matches.
 */
const N = String.raw`(?<n>\d+)`;
const PIECES = "(?:件|项|个|宗|条)";
const CASES = "(?:件|起|宗|个)";
export const CLAIM_PATTERNS: Array<[string, RegExp]> = [
  ["received", new RegExp(`(?:新收|收到|受理|接收|办理)了?[^，,。；;\\d]{0,12}?(?:政府信息公开申请|依申请公开(?:事项|申请)?|信息公开申请)(?:事项)?(?:共计|共|合计|总计)?${N}${PIECES}`)],
  ["handled", new RegExp(`(?:答复|办结|办理完毕)(?:了)?(?:事项|申请)?(?:共|合计)?${N}${PIECES}`)],
  ["carriedOver", new RegExp(`上一?年度?结转(?:的)?(?:政府信息公开)?(?:申请)?${N}${PIECES}`)],
  ["carriedForward", new RegExp(`(?:${N}${PIECES}(?:申请)?(?:结转|顺延|转入|延续)(?:到|至)?下一?年度|结转(?:到|至)?下一?年度(?:继续办理)?(?:的)?(?:申请)?(?<n2>\\d+)${PIECES})`)],
  ["granted", new RegExp(`予以公开${N}${PIECES}`)],
  ["partiallyGranted", new RegExp(`部分公开${N}${PIECES}`)],
  ["denied", new RegExp(`不予公开${N}${PIECES}`)],
  ["unableToProvide", new RegExp(`无法提供${N}${PIECES}`)],
  ["notProcessed", new RegExp(`不予处理${N}${PIECES}`)],
  ["review", new RegExp(`行政复议(?:案件|申请)?(?:共计|共)?${N}${CASES}`)],
  ["litigation", new RegExp(`行政诉讼(?:案件)?(?:共计|共)?${N}${CASES}`)],
  ["maintained", new RegExp(`结果维持${N}${CASES}`)],
  ["corrected", new RegExp(`结果纠正${N}${CASES}`)],
  ["other", new RegExp(`其他结果${N}${CASES}`)],
  ["pending", new RegExp(`尚未审结${N}${CASES}`)],
  ["normativeInForce", new RegExp(`现行有效(?:的)?(?:行政)?规范性文件(?:共计|共)?${N}(?:件|个|份)`)],
  ["regulationsInForce", new RegExp(`现行有效(?:的)?(?:政府)?规章(?:共计|共)?${N}(?:件|个|部)`)],
];
/** Subjects of CLAIM_PATTERNS that are result columns of the review or lawsuit quoted before them. */
export const CLAIM_SUBJECTS = { results: ["maintained", "corrected", "other", "pending"] };
/** Sections whose text is the tables' own (their numbers are cells, not claims). */
export const CLAIM_SKIP_SECTIONS = /^(?:[三四]\s*[、.．]|\(\s*[三四]\s*\))/;
/** A narrative sentence saying that no application was received (rule T1). */
export const NO_APPLICATIONS_RECEIVED = /(?:未|没有)收到(?:任何)?(?:政府信息公开|依申请公开)?申请/;

/** Page furniture that PDF/Word extraction leaves on a line of its own: `- 3 -`, `-- 3 of 5 --`, `第 3 页 共 5 页`, `3/5`, `page 3 of 5`. */
export const PAGE_FURNITURE = /^[ \t]*(?:-{1,2}[ \t]*\d{1,3}(?:[ \t]*of[ \t]*\d{1,3})?[ \t]*-{1,2}|第[ \t]*\d{1,3}[ \t]*页(?:[ \t]*[,，]?[ \t]*共[ \t]*\d{1,3}[ \t]*页)?|\d{1,3}[ \t]*\/[ \t]*\d{1,3}|page[ \t]*\d{1,3}(?:[ \t]*of[ \t]*\d{1,3})?)[ \t]*$/gim;

/** Chinese numerals of a year written out (二〇二三年), digit by digit. */
export const CN_YEAR_DIGITS: Record<string, string> = { "〇": "0", "零": "0", "○": "0", "Ｏ": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9" };
export const CN_YEAR = /([〇零○Ｏ一二三四五六七八九]{4})(\s*年)/g;
/** A date as printed under the report (publication date). */
export const PRINTED_DATE = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/g;
/**
 * Where a report's body ends inside its last section: an attachment line (附件下载, 附件：), or the
 * page chrome a crawled HTML page carries below the report (share, print and close links, site
 * navigation, copyright and registration lines). Matched at a line start or after a space (crawled
 * text flattens the lines).
 */
export const REPORT_FOOTER = /(?:^|[ \t\u3000])[ \t]*(?:附件下载|附件[:：]|相关附件|扫一扫|【\s*(?:打印|关闭|纠错)|打印本页|关闭窗口|分享到|上一篇|下一篇|相关链接|版权所有|网站标识码|主办单位|ICP备|网站地图|联系我们)/m;
/** The signature under a report: the agency's name (optional) and the date, at the very end of its text. */
export const REPORT_SIGNATURE = /(?:^|[\s。；;！!])\s*((?:[\u4e00-\u9fff()（）]{2,60}\s*)?(?:\d{4}|[〇零○一二三四五六七八九]{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*$/;
/** The words 年度报告 anywhere: a text without them, a template or section 三 is not a report. */
export const ANNUAL_REPORT = /年\s*度\s*报\s*告/;

/** Suffixes of GB/T 2260 division names, dropped to match a name without them (平潭综合实验区 → 平潭). */
export const REGION_NAME_SUFFIX = /^(.{2,}?)(?:省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区|地区|盟|自治州|县|区|旗|自治县|自治旗|林区)$/;
/** A party-organ prefix before a region name (中共XX市委…). */
export const PARTY_PREFIX = /^中共/;

/** Section 二 cells: units a count may carry, sign words of 本年增/减, money units. */
export const COUNT_CELL = /^(0|[1-9]\d{0,11}|[1-9]\d{0,2}(?:,\d{3})+)(?:项|件|个|笔|条|次|宗)?$/;
export const SIGNED_CELL = /^(增加?|减少?|\+|-|−|–)?(0|[1-9]\d{0,11}|[1-9]\d{0,2}(?:,\d{3})+)(?:项|件|个|笔|条|次)?$/;
export const MONEY_CELL = /^(0|[1-9]\d{0,13}|[1-9]\d{0,2}(?:,\d{3})+)(\.\d{1,6})?(万元|万|元)?$/;
/** A sign that makes 本年增/减 negative. */
export const NEGATIVE_SIGN = /^(减|-|−|–)/;
/** A sign word printed apart from its number (`减 7125`). */
/**
 * A cell printed as a placeholder instead of a number: a question mark (half or full width, as the
 * official tables are rendered where a figure is unreadable) or the replacement character a text
 * extraction leaves for a glyph it could not map. Its value is unknown: null, never 0.
 */
export const PLACEHOLDER_CELL = /[?？\ufffd]/;
export const LONE_SIGN = /^(增加?|减少?|[+\-−–])$/;
/** Everything that is not part of a section 二 cell (digits, separators, signs, units) becomes a space. */
export const NOT_PROACTIVE_CELL_TEXT = /[^\d\t\n ,.+\-−–增减加少元万项件个笔条次宗]/g;
/** Where a section 二 row's text ends: the next section's number. */
export const NEXT_SECTION_TAIL = /[三四]\s*[、.．][\s\S]*$/;
/** A money column header printed in 万元. */
export const WAN_YUAN_HEADER = /万\s*元/;
/** Terms that the traditional→simplified conversion renders in the Taiwan usage (资讯 for 信息). */
export const TRADITIONAL_TERMS: Array<[RegExp, string]> = [[/资讯/g, "信息"]];

export type AgencyKindName = "GOVERNMENT" | "GENERAL_OFFICE" | "DEPARTMENT" | "TOWNSHIP" | "OTHER";
/** An agency's kind from its name, first match wins (used when a report does not say). */
export const AGENCY_KIND_PATTERNS: Array<{ kind: AgencyKindName; test: (name: string) => boolean }> = [
  { kind: "GENERAL_OFFICE", test: (n) => /(办公厅|办公室)$/.test(n) && /(人民政府|管委会|管理委员会)/.test(n) },
  { kind: "TOWNSHIP", test: (n) => /(乡|镇)人民政府$/.test(n) },
  { kind: "GOVERNMENT", test: (n) => /人民政府$/.test(n) },
  { kind: "TOWNSHIP", test: (n) => /(街道办事处|街道)$/.test(n) },
  { kind: "DEPARTMENT", test: (n) => /(局|委员会|委|办公室|办|厅|中心|署)$/.test(n) },
];
export function agencyKindFromName(name: string): AgencyKindName {
  return AGENCY_KIND_PATTERNS.find((p) => p.test(name))?.kind ?? "OTHER";
}
