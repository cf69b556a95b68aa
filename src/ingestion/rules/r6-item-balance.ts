import { ReportRule, num } from "./rule";
import { pathOf } from "../../domain/report-json";

/**
 * R6 — 2019 template, 第（五）（六）（八）项: 上一年项目数量 + 本年增/减 is not negative (a register
 * cannot shrink below zero items). Soft: agencies often print the change against another base.
 */
export const R6: ReportRule = {
  id: "R6",
  description: "上一年项目数量 + 本年增/减 ≥ 0 (2019 template)",
  check(report) {
    if (report.format !== "2019") return [];
    const out = [];
    for (const row of ["licensing", "otherManagementServices", "punishment", "coercion", "fees"]) {
      const prev = num(report, pathOf(pathOf("proactive", row), "previousYearItems"));
      const change = num(report, pathOf(pathOf("proactive", row), "change"));
      if (prev == null || change == null || prev + change >= 0) continue;
      out.push({
        rule: "R6", severity: "info" as const, path: `proactive.${row}.change`,
        paths: [`proactive.${row}.previousYearItems`, `proactive.${row}.change`],
        printed: change, computed: -prev,
        message: `R6 ${row}: 上一年项目数量 ${prev} + 本年增/减 ${change} = ${prev + change}, below zero`,
      });
    }
    return out;
  },
};
