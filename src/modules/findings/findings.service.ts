import { isRuleId } from "../../domain/rule-ids";
import { DataSource } from "typeorm";
import { NARROW_ROWS, plainQuery } from "../../db/prepared";
import { FindingRow } from "./finding.entity";
import { badInput, checkRegionCode } from "../common/args";
import { regionPrefix } from "../../domain/regions";

/** A finding of a page, with its report's year and agency (read with it). */
export type PagedFinding = FindingRow & { year: number; agencyId: number };

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

  /**
   * The filters over finding_key (k) and finding_count (c): the region level's key ('' for the
   * country) and rule lead both tables' keys; severity and years filter within.
   */
  private keyed(q: FindingQuery, alias: string): { regionKey: string; sql: string; params: unknown[] } {
    if (q.rule && !isRuleId(q.rule)) throw badInput("rule", `"${q.rule}" is not a rule id (R1–R6, X1–X3, T1)`);
    let sql = "";
    const params: unknown[] = [];
    const add = (clause: string, value: unknown) => {
      sql += ` AND ${alias}.${clause}`;
      params.push(value);
    };
    if (q.rule) add("rule = ?", q.rule);
    if (q.severity) add("severity = ?", q.severity);
    if (q.fromYear != null) add("year >= ?", q.fromYear);
    if (q.toYear != null) add("year <= ?", q.toYear);
    // The region and all below it: its prefix, a key of finding_key and finding_count ("" for the country).
    const regionKey = q.regionCode ? (checkRegionCode(q.regionCode), regionPrefix(q.regionCode)) : "";
    return { regionKey, sql, params };
  }

  /**
   * The first findings after a cursor, in id order: one index range of finding_key
   * (regionKey, rule, findingId) joined to the findings read; the total from finding_count.
   */
  async page(q: FindingQuery, first: number, afterId: number | null): Promise<{ rows: PagedFinding[]; totalCount: number }> {
    const k = this.keyed(q, "k");
    const after = afterId != null ? " AND k.findingId > ?" : "";
    const [rows, total] = await Promise.all([
      // The report's year and agency come with the page: the common fields need no report rows.
      plainQuery(this.ds, `SELECT fi.*, k.year AS year, r.agencyId AS agencyId FROM finding_key k JOIN finding fi ON fi.id = k.findingId JOIN report r ON r.id = k.reportId
        WHERE k.regionKey = ?${k.sql}${after} ORDER BY k.findingId LIMIT ${first + 1}`,
        [k.regionKey, ...k.params, ...(afterId != null ? [afterId] : [])], NARROW_ROWS),
      this.total(q),
    ]);
    return {
      totalCount: total,
      rows: rows.map((r: any) => ({
        ...r, id: Number(r.id), reportId: Number(r.reportId), year: Number(r.year), agencyId: Number(r.agencyId),
        printed: r.printed == null ? null : Number(r.printed), computed: r.computed == null ? null : Number(r.computed),
        paths: typeof r.paths === "string" ? JSON.parse(r.paths) : r.paths,
      })),
    };
  }

  /** How many findings match, from finding_count (rows per rule, severity and year: a handful). */
  async total(q: FindingQuery): Promise<number> {
    const c = this.keyed(q, "c");
    const scope = c.regionKey ? "in" : "all";
    const rows: any[] = await plainQuery(this.ds, `SELECT SUM(c.n) AS n FROM finding_count c WHERE c.scope = ? AND c.regionKey = ?${c.sql}`, [scope, c.regionKey, ...c.params]);
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Findings counted by rule (finding_count) and by region code, the 500 largest (ties by code,
   * descending): without year or severity filters one index range of finding_region in count order;
   * with them a group-by of finding_count over the region codes below the region.
   */
  async counts(q: FindingQuery): Promise<{ total: number; byRule: Array<{ key: string; count: number }>; byRegion: Array<{ key: string; count: number }> }> {
    const c = this.keyed(q, "c");
    const scope = c.regionKey ? "in" : "all";
    const own = c.regionKey ? { sql: " AND c.regionKey LIKE ?", params: [`${c.regionKey}%`] } : { sql: "", params: [] as unknown[] };
    const ranked = !q.severity && q.fromYear == null && q.toYear == null;
    const [byRule, byRegion] = await Promise.all([
      plainQuery(this.ds, `SELECT c.rule AS k, SUM(c.n) AS n FROM finding_count c WHERE c.scope = ? AND c.regionKey = ?${c.sql} GROUP BY c.rule HAVING SUM(c.n) > 0 ORDER BY c.rule`,
        [scope, c.regionKey, ...c.params], NARROW_ROWS),
      ranked
        ? plainQuery(this.ds, "SELECT c.regionCode AS k, c.n AS n FROM finding_region c WHERE c.regionKey = ? AND c.rule = ? AND c.n > 0 ORDER BY c.n DESC, c.regionCode DESC LIMIT 500",
          [c.regionKey, q.rule ?? ""], NARROW_ROWS)
        : plainQuery(this.ds, `SELECT c.regionKey AS k, SUM(c.n) AS n FROM finding_count c WHERE c.scope = 'own'${own.sql}${c.sql} GROUP BY c.regionKey HAVING SUM(c.n) > 0
        ORDER BY SUM(c.n) DESC, c.regionKey DESC LIMIT 500`, [...own.params, ...c.params], NARROW_ROWS),
    ]);
    const map = (rows: any[]) => rows.map((r) => ({ key: r.k || "unknown", count: Number(r.n) }));
    return { total: byRule.reduce((s: number, r: any) => s + Number(r.n), 0), byRule: map(byRule), byRegion: map(byRegion) };
  }

}
