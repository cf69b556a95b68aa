import { ReportRule, applicationRows, num, sum } from "./rule";
import { pathOf } from "../../domain/report-json";

const PARTS = ["natural", "commercial", "research", "publicInterest", "legal", "otherOrg"];

/** R2 — for every row of section 三: 总计 = the sum of the six applicant columns. Derived from the table's design. */
export const R2: ReportRule = {
  id: "R2",
  description: "每行总计 = 六类申请人之和",
  check(report) {
    if (report.format === "legacy") return [];
    const out = [];
    for (const row of applicationRows(report.format)) {
      const base = pathOf("applications", row.path);
      const parts = PARTS.map((c) => pathOf(base, c));
      const computed = sum(report, parts);
      const printed = num(report, pathOf(base, "total"));
      if (computed == null || printed == null || computed === printed) continue;
      out.push({
        rule: "R2", severity: "warning" as const, path: `${base}.total`, paths: [...parts, `${base}.total`],
        printed, computed, message: `R2 ${row.zh}: the six applicant columns sum to ${computed}, 总计 prints ${printed}`,
      });
    }
    return out;
  },
};
