/**
 * X4 逐级汇总核对: a region's own aggregate (汇总) report should print, for every section 三/四 cell
 * common to both templates, the sum of the region's other reports. The comparison is pure; the
 * statistics read side shows it (aggregateComparison) and rules/x4-aggregate.ts states it as a rule.
 */
import { CELLS } from "./cells";
import { getPath } from "./report-json";
import type { SectionTrees } from "./summed-tree";

/** The cells X4 compares: sections 三 and 四, common to both templates (（六） differs by template). */
export const AGGREGATE_CHECK_PATHS = CELLS.filter((c) => c.scope === "both" && c.section !== "proactive").map((c) => c.path);

export interface AggregateDifference {
  path: string;
  /** As the aggregate report prints it; null when unreadable. */
  reported: number | null;
  /** The sum of the region's reports. */
  computed: number | null;
  /** reported − computed (null when either is unknown). */
  difference: number | null;
}

const numberAt = (tree: unknown, path: string): number | null => {
  const v = getPath(tree, path);
  return typeof v === "number" ? v : null;
};

/** Every X4 cell where the reported tree and the computed tree differ (an unreadable reported cell differs). */
export function aggregateDifferences(reported: SectionTrees, computed: SectionTrees): AggregateDifference[] {
  return AGGREGATE_CHECK_PATHS.flatMap((path) => {
    const r = numberAt(reported, path);
    const c = numberAt(computed, path);
    return r === c ? [] : [{ path, reported: r, computed: c, difference: r == null || c == null ? null : r - c }];
  });
}
