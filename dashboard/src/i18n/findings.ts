/**
 * 核查发现的中文说明. The API's `Finding.message` is English with the figures in it (it has no
 * localised field); the dashboard shows a Chinese title per rule and builds the Chinese sentence from
 * the finding's own fields (rule, path, printed, computed, year) and, for T1/N1/X1–X3, the quoted
 * parts of the message. Unknown shapes fall back to the English message, never to nothing. No
 * imports (the browser tests load it in Node): cell names come in as `cellName`.
 */

/** Rule ids (src/domain/rule-ids.ts; the rules in src/ingestion/rules and domain/similarity.ts) → Chinese title. */
export const RULE_TITLES: Record<string, string> = {
  R1: "新收 + 上年结转 = 办理结果总计 + 结转下年度",
  R2: "每行总计 = 六类申请人之和",
  R3: "办理结果总计 = 各项办理结果之和",
  R4: "复议、诉讼总计 = 维持 + 纠正 + 其他 + 尚未审结",
  R5: "三、四部分单元格为非负整数",
  R6: "上一年项目数量 + 本年增/减 ≥ 0（2019 模板）",
  X1: "本年“上年结转”= 上年“结转下年度”",
  X2: "上一年项目数量与上年报告衔接（2019 模板）",
  X3: "现行有效件数 = 上年现行有效 + 本年制发 − 本年废止（2021 模板）",
  X4: "本级汇总报告 = 下属机关报告之和",
  T1: "正文引用的数字与表格一致",
  N1: "正文与上年报告雷同（文字重复率）",
};

/** Picker and chart labels: "R1 新收 + …". */
export const RULE_LABELS: Record<string, string> = Object.fromEntries(Object.entries(RULE_TITLES).map(([k, v]) => [k, `${k} ${v}`]));

const ROWS_2019: Record<string, string> = {
  licensing: "行政许可", otherManagementServices: "其他对外管理服务事项", punishment: "行政处罚", coercion: "行政强制", fees: "行政事业性收费",
  regulations: "规章", normativeDocuments: "行政规范性文件",
};
const TOPICS: Record<string, string> = {
  received: "本年新收申请", carriedOver: "上年结转申请", handled: "办理申请", carriedForward: "结转下年度", granted: "予以公开",
  partiallyGranted: "部分公开", denied: "不予公开", unableToProvide: "无法提供", notProcessed: "不予处理", otherOutcome: "其他处理",
  review: "行政复议", litigation: "行政诉讼", maintained: "结果维持", corrected: "结果纠正", other: "其他结果", pending: "尚未审结",
  normativeInForce: "现行有效规范性文件", regulationsInForce: "现行有效规章", "carried over": "上年结转申请", "documents in force": "现行有效件数",
};

export interface FindingLike {
  rule: string;
  message: string;
  path: string | null;
  printed: number | null;
  computed: number | null;
  year?: number | null;
}

const n = (v: number | null | undefined) => (v === null || v === undefined ? "—" : String(v));

function topicZh(topic: string, pathLabel: (path: string) => string): string {
  if (TOPICS[topic]) return TOPICS[topic];
  const [parent, sub] = topic.split(" ");
  if (sub && TOPICS[parent] && TOPICS[sub]) return `${TOPICS[parent]}${TOPICS[sub]}`;
  return pathLabel(topic) || topic;
}

const section = (s: string) => (s === "the preamble" ? "标题与引言" : `“${s}”`);

/** The finding's explanation in Chinese. */
export function findingMessage(f: FindingLike, cellName: (path: string) => string): string {
  const cell = f.path ? cellName(f.path) : "";
  const m = f.message;
  switch (f.rule) {
    case "R1":
      return `${cell}：新收 + 上年结转 与 办理结果总计 + 结转下年度 不等（印制总计 ${n(f.printed)}，按等式应为 ${n(f.computed)}）`;
    case "R2":
      return `${cell}：六类申请人合计 ${n(f.computed)}，表中总计为 ${n(f.printed)}`;
    case "R3":
      return `${cell}：各项办理结果合计 ${n(f.computed)}，表中（七）总计为 ${n(f.printed)}`;
    case "R4":
      return `${cell}：维持 + 纠正 + 其他 + 尚未审结 = ${n(f.computed)}，表中总计为 ${n(f.printed)}`;
    case "R5":
      return `${cell}：${n(f.printed)} 不是非负整数`;
    case "R6": {
      const row = /^R6 (\w+):/.exec(m)?.[1];
      return `${row ? ROWS_2019[row] ?? row : cell}：上一年项目数量 + 本年增/减 = ${f.printed !== null && f.computed !== null ? f.printed - f.computed : "—"}，小于 0`;
    }
    case "X1": {
      const years = /in (\d{4}), but (\d{4})/.exec(m);
      return `${cell}：本年上年结转 ${n(f.printed)}，${years ? `${years[2]} 年报告` : "上年报告"}结转下年度 ${n(f.computed)}`;
    }
    case "X2": {
      const x = /^X2 (\w+): (\d{4}) prints .* (\d{4}) gives/.exec(m);
      return `${x ? ROWS_2019[x[1]] ?? x[1] : cell}：本年印制上一年项目数量 ${n(f.printed)}，按${x ? ` ${x[3]} 年` : "上年"}报告应为 ${n(f.computed)}`;
    }
    case "X3": {
      const x = /^X3 (\w+):.*\((\d{4})\)/.exec(m);
      return `${x ? ROWS_2019[x[1]] ?? x[1] : cell}：现行有效件数印制 ${n(f.printed)}，按${x ? ` ${x[2]} 年` : "上年"}现行有效 + 本年制发 − 本年废止 应为 ${n(f.computed)}`;
    }
    case "X4":
      return `${cell}：本级汇总报告印制 ${n(f.printed)}，下属机关报告合计 ${n(f.computed)}`;
    case "T1": {
      const q = /^T1: “(.*)” in (.*) quotes (-?[\d.]+) \((.*)\), the table has (.*)$/s.exec(m);
      if (q) return `${section(q[2])}写道“${q[1]}”，其中${topicZh(q[4], cellName)}为 ${q[3]}，表格为 ${q[5]}`;
      const none = /^T1: (.*) says no applications were received, the table has (.*)$/s.exec(m);
      if (none) return `${section(none[1])}称未收到申请，表格中本年新收申请为 ${none[2]}`;
      break;
    }
    case "N1": {
      const x = /^N1: (.*) is ([\d.]+)% the same as (.*) of the (\d{4}) report.*threshold ([\d.]+)\)$/s.exec(m);
      if (x) return `${section(x[1])}与 ${x[4]} 年报告的${section(x[3])}文字重复率 ${x[2]}%（5 字片段 Jaccard 相似度，阈值 ${Math.round(Number(x[5]) * 100)}%）`;
      break;
    }
    default:
      break;
  }
  return m;
}
