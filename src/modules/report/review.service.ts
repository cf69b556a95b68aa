/**
 * The review queue: current reports of a region-year that still need a person — cells left
 * unreadable (null) or error findings — most unreadable cells first, keyset-paged on
 * (unreadableCount, id).
 */
import { DataSource, In } from "typeorm";
import { regionPrefix } from "../../domain/regions";
import { pageLimit } from "../common/args";
import { REPORT_SELECT } from "./report.columns";
import { ReportEntity, ReportRow } from "./report.entity";

export interface ReviewCursor {
  unreadable: number;
  id: number;
}

export interface ReviewRow {
  report: ReportRow;
  unreadableCells: number;
  errorFindings: number;
}

const ERRORS = "(SELECT COUNT(*) FROM finding f WHERE f.reportId = r.id AND f.severity = 'error')";

export class ReviewService {
  constructor(private readonly ds: DataSource) {}

  async page(regionCode: string, year: number, first: number, after: ReviewCursor | null): Promise<{ rows: ReviewRow[]; totalCount: number }> {
    const where = `FROM report r WHERE r.isCurrent = 1 AND r.year = ? AND r.regionCode LIKE ?
      AND (r.unreadableCount > 0 OR EXISTS (SELECT 1 FROM finding e WHERE e.reportId = r.id AND e.severity = 'error'))`;
    const params: unknown[] = [year, `${regionPrefix(regionCode)}%`];
    const keyset = after ? " AND (r.unreadableCount < ? OR (r.unreadableCount = ? AND r.id > ?))" : "";
    const keyParams = after ? [after.unreadable, after.unreadable, after.id] : [];
    const [page, count] = await Promise.all([
      this.ds.query(`SELECT r.id AS id, r.unreadableCount AS unreadable, ${ERRORS} AS errors ${where}${keyset} ORDER BY r.unreadableCount DESC, r.id ASC LIMIT ${pageLimit(first) + 1}`, [...params, ...keyParams]),
      this.ds.query(`SELECT COUNT(*) AS n ${where}`, params),
    ]);
    const ids = page.map((r: any) => Number(r.id));
    const reports = ids.length ? await this.ds.getRepository(ReportEntity).find({ select: REPORT_SELECT, where: { id: In(ids) } }) : [];
    const byId = new Map(reports.map((r) => [r.id, r]));
    return {
      rows: page.map((r: any) => ({ report: byId.get(Number(r.id))!, unreadableCells: Number(r.unreadable), errorFindings: Number(r.errors) })),
      totalCount: Number(count[0].n),
    };
  }
}
