import { CrossYearRule, num } from "./rule";

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
