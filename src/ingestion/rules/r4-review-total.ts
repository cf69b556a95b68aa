import { ReportRule, num, sum } from "./rule";
import { pathOf } from "../../domain/report-json";

const PARTS = ["maintained", "corrected", "other", "pending"];

/** R4 — for 行政复议 and each kind of 行政诉讼: 总计 = 维持 + 纠正 + 其他 + 尚未审结. */
export const R4: ReportRule = {
  id: "R4",
  description: "复议/诉讼总计 = 维持 + 纠正 + 其他 + 尚未审结",
  check(report) {
    if (report.format === "legacy") return [];
    const out = [];
    for (const proc of ["review", "litigationDirect", "litigationAfterReview"]) {
      const base = pathOf("reviewLitigation", proc);
      const parts = PARTS.map((c) => pathOf(base, c));
      const computed = sum(report, parts);
      const printed = num(report, pathOf(base, "total"));
      if (computed == null || printed == null || computed === printed) continue;
      out.push({
        rule: "R4", severity: "warning" as const, path: `${base}.total`, paths: [...parts, `${base}.total`],
        printed, computed, message: `R4 ${proc}: 维持 + 纠正 + 其他 + 尚未审结 = ${computed}, 总计 prints ${printed}`,
      });
    }
    return out;
  },
};
