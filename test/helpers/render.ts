import { APPLICANT_COLUMNS, APPLICATION_ROWS, PROACTIVE_ROWS, RESULT_COLUMNS } from "../../src/domain/cells";
import { getPath } from "../../src/domain/report-json";

/**
 * Prints a canonical report as report text in a chosen text variant, the way extraction tools print
 * real tables: `sep` between cells ("\t", " ", "\n" or "" for none), optionally blanking zero cells.
 */
export function renderReport(r: any, sep: string, options: { blankZeros?: boolean } = {}): string {
  const cell = (v: number) => (options.blankZeros && v === 0 ? "" : String(v));
  const row = (label: string, values: number[]) => [label, ...values.map(cell)].join(sep === "" ? "" : sep);
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
    out.push([pr.zh, ...values].join(sep === "" ? "" : sep === "\n" ? "\n" : sep));
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
