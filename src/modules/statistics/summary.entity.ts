import { EntitySchema, EntitySchemaColumnOptions } from "typeorm";
import { figureColumns, bigintToNumber } from "../report/report.entity";

/**
 * Region-year summaries kept up to date at import time: for every (region, year, template, agency
 * kind), how many current non-aggregate reports there are and the sum of each cell. Region statistics
 * read these rows (a county has a handful, a province a few thousand), so their cost does not grow
 * with the number of agencies or reports. Aggregate (汇总) reports are never summed here.
 */
export type SummaryRow = {
  regionCode: string;
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
    regionCode: { type: "varchar", length: 12, primary: true },
    year: { type: "integer", primary: true },
    format: { type: "varchar", length: 8, primary: true },
    agencyKind: { type: "varchar", length: 20, primary: true },
    reportCount: { type: "integer" },
    incompleteCount: { type: "integer" },
    ...(figureColumns as Record<string, EntitySchemaColumnOptions>),
  } as any,
  indices: [{ columns: ["year", "regionCode"] }],
});

export { bigintToNumber };
