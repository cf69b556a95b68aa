import { aggregateDifferences } from "../../domain/aggregate-check";
import type { AggregateRule } from "./rule";

/**
 * X4 — 逐级汇总核对: a region's own aggregate (汇总) report = the sum of the region's other reports,
 * for every section 三/四 cell common to both templates (domain/aggregate-check.ts). Can fail
 * legitimately (an aggregate counting agencies that published no report of their own), hence a
 * warning. Like every rule it judges readable figures only; the API's aggregateComparison also lists
 * unreadable cells.
 */
export const X4: AggregateRule = {
  id: "X4",
  description: "汇总报告 = 本区域各报告之和",
  check(reported, computed) {
    return aggregateDifferences(reported, computed)
      .filter((d) => d.reported != null && d.computed != null)
      .map((d) => ({
        rule: "X4", severity: "warning" as const, path: d.path, printed: d.reported, computed: d.computed,
        message: `X4 ${d.path}: the aggregate report prints ${d.reported}, the region's reports sum to ${d.computed}`,
      }));
  },
};
