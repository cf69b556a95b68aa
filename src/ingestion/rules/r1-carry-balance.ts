import { ReportRule, COLUMN_KEYS, num, sum } from "./rule";
import { pathOf } from "../../domain/report-json";

/**
 * R1 — for every applicant column: 一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度继续办理.
 * Printed in the template itself (“第一项加第二项之和，等于第三项加第四项之和”).
 */
export const R1: ReportRule = {
  id: "R1",
  description: "新收 + 上年结转 = 办理结果总计 + 结转下年度, per column",
  check(report) {
    if (report.format === "legacy") return [];
    const out = [];
    for (const col of COLUMN_KEYS) {
      const left = sum(report, [pathOf("applications.newReceived", col), pathOf("applications.carriedOver", col)]);
      const total = num(report, pathOf("applications.outcomes.total", col));
      const right = sum(report, [pathOf("applications.outcomes.total", col), pathOf("applications.carriedForward", col)]);
      if (left == null || right == null || total == null || left === right) continue;
      out.push({
        rule: "R1", severity: "warning" as const, path: `applications.outcomes.total.${col}`,
        paths: [`applications.newReceived.${col}`, `applications.carriedOver.${col}`, `applications.outcomes.total.${col}`, `applications.carriedForward.${col}`],
        printed: total, computed: left - (right - total),
        message: `R1 ${col}: 新收 + 上年结转 = ${left}, but 总计 + 结转下年度 = ${right}`,
      });
    }
    return out;
  },
};
