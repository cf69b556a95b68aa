import { EntitySchema } from "typeorm";
import { figureColumns, bigintToNumber } from "../report/report.entity";

/**
 * Region-year summaries kept up to date at import time: for every (region, year, template, agency
 * kind), how many current non-aggregate reports there are and the sum of each cell — both for the
 * agencies of exactly that region (scope `own`, regionKey = the GB/T code) and rolled up over the
 * region and everything below it (scope `prov`/`pref`/`cnty`/`town` by level, regionKey = the code's
 * prefix: 2 digits for a province, 4 for a prefecture, 6 for a county, 12 for a township). A region statistic reads at most
 * one row per template and kind, so its cost does not grow with the number of agencies or reports.
 * Aggregate (汇总) reports are never summed here.
 */
export type SummaryRow = {
  scope: "own" | "prov" | "pref" | "cnty" | "town";
  regionKey: string;
  year: number;
  format: string;
  agencyKind: string;
  reportCount: number;
  /** Reports with at least one unreadable (null) cell in sections 三 and 四: their sums are partial. */
  incompleteCount: number;
} & Record<string, number | null>;

export const SummaryEntity = new EntitySchema<SummaryRow>({
  name: "Summary",
  tableName: "stat_summary",
  columns: {
    scope: { type: "varchar", length: 4, primary: true },
    regionKey: { type: "varchar", length: 12, primary: true },
    year: { type: "integer", primary: true },
    format: { type: "varchar", length: 8, primary: true },
    agencyKind: { type: "varchar", length: 20, primary: true },
    reportCount: { type: "integer" },
    incompleteCount: { type: "integer" },
    ...(figureColumns),
  } as any,
});

export { bigintToNumber };
