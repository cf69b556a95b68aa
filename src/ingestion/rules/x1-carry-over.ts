import { APPLICANT_COLUMNS } from "../../domain/cells";
import { CrossYearRule, num } from "./rule";

/**
 * X1 — 二、上年结转 (year N) = 四、结转下年度继续办理 (year N−1), per column. Can fail legitimately
 * (applications withdrawn over the new year), hence a warning, not an error.
 */
export const X1: CrossYearRule = {
  id: "X1",
  description: "上年结转(N) = 结转下年度(N−1)",
  check(cur, prev) {
    if (cur.format === "legacy" || prev.format === "legacy") return [];
    const out = [];
    for (const { key } of APPLICANT_COLUMNS) {
      const printed = num(cur, `applications.carriedOver.${key}`);
      const computed = num(prev, `applications.carriedForward.${key}`);
      if (printed == null || computed == null || printed === computed) continue;
      out.push({
        rule: "X1", severity: "warning" as const, path: `applications.carriedOver.${key}`, printed, computed,
        message: `X1 ${key}: 上年结转 ${printed} in ${cur.year}, but ${prev.year} carried forward ${computed}`,
      });
    }
    return out;
  },
};
