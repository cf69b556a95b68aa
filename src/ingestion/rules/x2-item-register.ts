import { CrossYearRule, num } from "./rule";

/** X2 — 2019 template: 上一年项目数量 (N) = 上一年项目数量 (N−1) + 本年增/减 (N−1). Soft. */
export const X2: CrossYearRule = {
  id: "X2",
  description: "上一年项目数量(N) = 上一年项目数量(N−1) + 本年增/减(N−1)",
  check(cur, prev) {
    if (cur.format !== "2019" || prev.format !== "2019") return [];
    const out = [];
    for (const row of ["licensing", "otherManagementServices", "punishment", "coercion", "fees"]) {
      const printed = num(cur, `proactive.${row}.previousYearItems`);
      const before = num(prev, `proactive.${row}.previousYearItems`);
      const change = num(prev, `proactive.${row}.change`);
      if (printed == null || before == null || change == null || printed === before + change) continue;
      out.push({
        rule: "X2", severity: "info" as const, path: `proactive.${row}.previousYearItems`, printed, computed: before + change,
        message: `X2 ${row}: ${cur.year} prints 上一年项目数量 ${printed}; ${prev.year} gives ${before} ${change >= 0 ? "+" : "−"} ${Math.abs(change)}`,
      });
    }
    return out;
  },
};
