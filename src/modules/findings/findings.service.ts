import { regionPrefix } from "../../domain/regions";
import { isRuleId } from "../../domain/rule-ids";
import { DataSource } from "typeorm";
import { FindingRow } from "./finding.entity";
import { badInput, checkRegionCode } from "../common/args";

export interface FindingQuery {
  rule?: string | null;
  severity?: string | null;
  regionCode?: string | null;
  fromYear?: number | null;
  toYear?: number | null;
}

/** Findings of current report revisions, filtered by rule, severity, region and years. */
export class FindingsService {
  constructor(private readonly ds: DataSource) {}

  private where(q: FindingQuery): { sql: string; params: unknown[] } {
    let sql = "FROM finding fi JOIN report r ON r.id = fi.reportId WHERE r.isCurrent = 1";
    const params: unknown[] = [];
    if (q.rule) {
      if (!isRuleId(q.rule)) throw badInput("rule", `"${q.rule}" is not a rule id (R1–R6, X1–X3, T1)`);
      sql += " AND fi.rule = ?";
      params.push(q.rule);
    }
    if (q.severity) {
      sql += " AND fi.severity = ?";
      params.push(q.severity);
    }
    if (q.regionCode) {
      checkRegionCode(q.regionCode);
      sql += " AND r.regionCode LIKE ?";
      params.push(`${regionPrefix(q.regionCode)}%`);
    }
    if (q.fromYear != null) {
      sql += " AND r.year >= ?";
      params.push(q.fromYear);
    }
    if (q.toYear != null) {
      sql += " AND r.year <= ?";
      params.push(q.toYear);
    }
    return { sql, params };
  }

  async page(q: FindingQuery, first: number, afterId: number | null): Promise<{ rows: FindingRow[]; totalCount: number }> {
    const w = this.where(q);
    const after = afterId != null ? " AND fi.id > ?" : "";
    const [rows, count] = await Promise.all([
      this.ds.query(`SELECT fi.* ${w.sql}${after} ORDER BY fi.id LIMIT ${first + 1}`, afterId != null ? [...w.params, afterId] : w.params),
      this.ds.query(`SELECT COUNT(*) AS n ${w.sql}`, w.params),
    ]);
    return {
      totalCount: Number(count[0].n),
      rows: rows.map((r: any) => ({
        ...r, id: Number(r.id), reportId: Number(r.reportId),
        printed: r.printed == null ? null : Number(r.printed), computed: r.computed == null ? null : Number(r.computed),
        paths: typeof r.paths === "string" ? JSON.parse(r.paths) : r.paths,
      })),
    };
  }

  async counts(q: FindingQuery): Promise<{ total: number; byRule: Array<{ key: string; count: number }>; byRegion: Array<{ key: string; count: number }> }> {
    const w = this.where(q);
    const [byRule, byRegion] = await Promise.all([
      this.ds.query(`SELECT fi.rule AS k, COUNT(*) AS n ${w.sql} GROUP BY fi.rule ORDER BY fi.rule`, w.params),
      this.ds.query(`SELECT r.regionCode AS k, COUNT(*) AS n ${w.sql} GROUP BY r.regionCode ORDER BY COUNT(*) DESC, r.regionCode LIMIT 500`, w.params),
    ]);
    const map = (rows: any[]) => rows.map((r) => ({ key: r.k ?? "unknown", count: Number(r.n) }));
    return { total: byRule.reduce((s: number, r: any) => s + Number(r.n), 0), byRule: map(byRule), byRegion: map(byRegion) };
  }
}
