import type { EntityManager } from "typeorm";
import { CELLS } from "../../domain/cells";

const COLUMNS = CELLS.map((c) => c.column);
const INSERT_COLUMNS = ["regionCode", "year", "format", "agencyKind", "reportCount", "incompleteCount", ...COLUMNS];

/** The INSERT … SELECT that computes summary rows from current, non-aggregate reports. */
function summarySelect(where: string): string {
  const q = (c: string) => `f.${c}`;
  return `INSERT INTO stat_summary (${INSERT_COLUMNS.join(", ")})
    SELECT r.regionCode, r.year, r.format, a.kind, COUNT(*), SUM(CASE WHEN r.hasUnreadableCells = 1 THEN 1 ELSE 0 END),
      ${COLUMNS.map((c) => `SUM(${q(c)})`).join(", ")}
    FROM report r
    JOIN agency a ON a.id = r.agencyId
    JOIN report_figures f ON f.reportId = r.id
    WHERE r.isCurrent = 1 AND r.isAggregate = 0 AND r.regionCode IS NOT NULL ${where}
    GROUP BY r.regionCode, r.year, r.format, a.kind`;
}

/**
 * Keeps stat_summary equal to the sums of the stored reports. A refresh recomputes the rows of one
 * region-year from its reports (a county's few dozen), inside the importing transaction, so the
 * summary can never drift from the reports it sums.
 */
export class SummaryService {
  constructor(private readonly em: EntityManager) {}

  async refresh(regionCode: string | null, year: number): Promise<void> {
    if (!regionCode) return;
    await this.em.query("DELETE FROM stat_summary WHERE regionCode = ? AND year = ?", [regionCode, year]);
    await this.em.query(summarySelect("AND r.regionCode = ? AND r.year = ?"), [regionCode, year]);
  }

  /** Recomputes every summary row (after a bulk load, or to repair an old database). */
  async rebuild(): Promise<void> {
    await this.em.query("DELETE FROM stat_summary");
    await this.em.query(summarySelect(""));
  }
}
