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

/** X3 — 2021 template: 现行有效件数 (N) = 现行有效件数 (N−1) + 本年制发件数 (N) − 本年废止件数 (N). Soft (clean-up campaigns). */
export const X3: CrossYearRule = {
  id: "X3",
  description: "现行有效件数(N) = 现行有效件数(N−1) + 制发(N) − 废止(N)",
  check(cur, prev) {
    if (cur.format !== "2021" || prev.format !== "2021") return [];
    const out = [];
    for (const row of ["regulations", "normativeDocuments"]) {
      const printed = num(cur, `proactive.${row}.inForce`);
      const before = num(prev, `proactive.${row}.inForce`);
      const issued = num(cur, `proactive.${row}.issued`);
      const repealed = num(cur, `proactive.${row}.repealed`);
      if (printed == null || before == null || issued == null || repealed == null) continue;
      const computed = before + issued - repealed;
      if (computed === printed) continue;
      out.push({
        rule: "X3", severity: "info" as const, path: `proactive.${row}.inForce`, printed, computed,
        message: `X3 ${row}: 现行有效 ${printed}, but ${before} (${prev.year}) + ${issued} − ${repealed} = ${computed}`,
      });
    }
    return out;
  },
};
