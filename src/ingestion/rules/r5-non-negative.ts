import { cellsOf } from "../../domain/cells";
import { ReportRule, num } from "./rule";

/** R5 — every cell of sections 三 and 四 is a non-negative integer (counts of applications and cases). */
export const R5: ReportRule = {
  id: "R5",
  description: "三、四部分每个单元格为非负整数",
  check(report) {
    const out = [];
    for (const cell of cellsOf(report.format)) {
      if (cell.section === "proactive") continue;
      const v = num(report, cell.path);
      if (v == null || (Number.isInteger(v) && v >= 0)) continue;
      out.push({ rule: "R5", severity: "error" as const, path: cell.path, printed: v, computed: null, message: `R5 ${cell.zh}: ${v} is not a non-negative integer` });
    }
    return out;
  },
};
