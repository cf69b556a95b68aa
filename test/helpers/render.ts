import { APPLICANT_COLUMNS, APPLICATION_ROWS, PROACTIVE_ROWS, RESULT_COLUMNS } from "../../src/domain/cells";
import { getPath } from "../../src/domain/report-json";

/**
 * Prints a canonical report as report text in a chosen text variant, the way extraction tools print
 * real tables: `sep` between cells ("\t", " ", "\n" or "" for none), optionally blanking zero cells.
 */
export function renderReport(r: any, sep: string, options: { blankZeros?: boolean; wrap?: WrapOptions } = {}): string {
  const cell = (v: number) => (options.blankZeros && v === 0 ? "" : String(v));
  const row = (label: string, values: number[]) =>
    options.wrap ? wrapRow(label, values.map(cell), sep, options.wrap) : [label, ...values.map(cell)].join(sep === "" ? "" : sep);
  const out: string[] = [`${r.agency}${r.year}年政府信息公开工作年度报告`, "一、总体情况", "本机关依法做好政府信息公开工作。", "二、主动公开政府信息情况"];
  const fmt = r.format as "2019" | "2021";
  for (const pr of PROACTIVE_ROWS.filter((x) => x.template === fmt)) {
    out.push(`第二十条 信息内容\t${pr.columns.map((c) => c.zh).join("\t")}`);
    const values = pr.columns.map((c) => {
      const v = getPath(r, `proactive.${pr.key}.${c.key}`) as number;
      if (c.key === "change") return v < 0 ? `减${-v}` : `${v}`;
      if (c.key === "totalAmount") return `${v}元`;
      return `${v}`;
    });
    if (options.wrap && pr.zh.length > options.wrap.width) out.push(wrapRow(pr.zh, values, sep, options.wrap));
    else out.push([pr.zh, ...values].join(sep === "" ? "" : sep === "\n" ? "\n" : sep));
  }
  out.push("三、收到和处理政府信息公开申请情况", `申请人情况${sep}${APPLICANT_COLUMNS.map((c) => c.zh).join(sep)}`);
  for (const ar of APPLICATION_ROWS.filter((x) => x.scope === "both" || x.scope === fmt)) {
    if (ar.path === "outcomes.granted") out.push("三、本年度办理结果");
    const values = APPLICANT_COLUMNS.map((c) => getPath(r, `applications.${ar.path}.${c.key}`) as number);
    out.push(row(ar.zh, values));
  }
  out.push("四、政府信息公开行政复议、行政诉讼情况", `行政复议 行政诉讼 ${RESULT_COLUMNS.map((c) => c.zh).join(" ")} 未经复议直接起诉 复议后起诉`);
  const review = ["review", "litigationDirect", "litigationAfterReview"].flatMap((p) => RESULT_COLUMNS.map((c) => getPath(r, `reviewLitigation.${p}.${c.key}`) as number));
  out.push(review.map(cell).join(sep === "" ? "" : sep));
  out.push("五、存在的主要问题及改进情况", "继续改进。", "六、其他需要报告的事项", "无。");
  return out.join("\n");
}

/** How section 三's row labels wrap, the ways PDF extraction and Word cells print them. */
export interface WrapOptions {
  /** Characters per label line. */
  width: number;
  /** The label line that carries the numbers (0-based, clamped to the last line), or "own": a line of their own after the first label line. */
  numbersOn: number | "own";
  /** How reason rows are numbered. */
  numbering?: "1." | "1、" | "(1)" | "（1）" | "none";
  /**
   * "layout": `pdftotext -layout` (indented label lines, numbers in space-padded columns, a group
   * label fragment on a line between the label's lines); "cell": one Word/HTML cell whose lines are
   * paragraphs (innerText: the numbers follow the last line, after a TAB).
   */
  style?: "plain" | "layout" | "cell";
}

function wrapRow(label: string, values: string[], sep: string, w: WrapOptions): string {
  const m = /^(\d)\.(.*)$/.exec(label);
  let text = label;
  if (m && w.numbering) {
    const n = m[1];
    text = { "1.": `${n}.`, "1、": `${n}、`, "(1)": `(${n})`, "（1）": `（${n}）`, none: "" }[w.numbering] + m[2];
  }
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += w.width) lines.push(text.slice(i, i + w.width));
  const style = w.style ?? "plain";
  if (style === "cell") return `${lines.join("\n")}\t${values.join("\t")}`;
  const numbers = style === "layout" ? values.map((v) => v.padStart(6)).join("  ") : values.join(sep === "\n" ? "\n" : sep || " ");
  const indent = style === "layout" ? "               " : "";
  const out = lines.map((l) => indent + l);
  if (w.numbersOn === "own") out.splice(1, 0, `${" ".repeat(40)}${numbers}`);
  else {
    const at = Math.min(w.numbersOn, out.length - 1);
    out[at] = `${out[at]}${style === "layout" ? " ".repeat(Math.max(2, 40 - lines[at].length * 2)) : sep === "" ? "" : sep === "\n" ? "\n" : sep}${numbers}`;
  }
  // A vertical group label printed a fragment per line, between the label's lines.
  if (style === "layout" && out.length > 2) out.splice(2, 0, "     果");
  return out.join("\n");
}
