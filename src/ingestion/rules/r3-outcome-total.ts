import { ReportRule, COLUMN_KEYS, OUTCOME_ROWS, num, sum } from "./rule";
import { pathOf } from "../../domain/report-json";

/**
 * R3 — for every column: （七）总计 = （一）+（二）+ Σ（三）+ Σ（四）+ Σ（五）+ Σ（六）. Each application is
 * counted in exactly one outcome row, so the outcome rows add up to the printed total.
 */
export const R3: ReportRule = {
  id: "R3",
  description: "办理结果总计 = 各办理结果之和, per column",
  check(report) {
    if (report.format === "legacy") return [];
    const out = [];
    const rows = OUTCOME_ROWS(report.format);
    for (const col of COLUMN_KEYS) {
      const parts = rows.map((r) => pathOf(pathOf("applications", r.path), col));
      const computed = sum(report, parts);
      const printed = num(report, pathOf("applications.outcomes.total", col));
      if (computed == null || printed == null || computed === printed) continue;
      out.push({
        rule: "R3", severity: "warning" as const, path: `applications.outcomes.total.${col}`, paths: [...parts, `applications.outcomes.total.${col}`],
        printed, computed, message: `R3 ${col}: the outcome rows sum to ${computed}, （七）总计 prints ${printed}`,
      });
    }
    return out;
  },
};
