/**
 * SQL fragments shared by the statistics services. Every statistics answer is one SQL aggregation (or
 * a small fixed number of them) over indexed columns: region sums read stat_summary, rankings and
 * comparisons read report + report_figures with window functions. Nothing loops over agencies in
 * JavaScript.
 */
import { regionPrefix } from "../../domain/regions";
import { termsSql } from "../../domain/metrics";
import type { Measure } from "../../domain/measures";
import { checkRegionCode } from "../common/args";

export const num = (v: unknown): number | null => (v == null ? null : Number(v));

/** SQL expression of a measure's value (cell: its column; metric: numerator and denominator). */
export function measureSql(m: Measure, alias = "f"): { num: string; den: string | null } {
  if (m.kind === "metric") return { num: termsSql(m.metric.numerator, alias), den: termsSql(m.metric.denominator, alias) };
  return { num: m.cells.length === 1 ? `${alias}.${m.cells[0].column}` : `COALESCE(${m.cells.map((c) => `${alias}.${c.column}`).join(", ")})`, den: null };
}

export function regionWhere(column: string, regionCode: string | null | undefined, includeSubregions = true): { sql: string; params: unknown[] } {
  if (!regionCode) return { sql: "", params: [] };
  checkRegionCode(regionCode);
  return includeSubregions
    ? { sql: ` AND ${column} LIKE ?`, params: [`${regionPrefix(regionCode)}%`] }
    : { sql: ` AND ${column} = ?`, params: [regionCode] };
}

export function inList(column: string, values: unknown[] | null | undefined): { sql: string; params: unknown[] } {
  if (!values || !values.length) return { sql: "", params: [] };
  return { sql: ` AND ${column} IN (${values.map(() => "?").join(", ")})`, params: [...values] };
}

export const agencyOf = (r: any) => ({ id: Number(r.id), name: r.name, kind: r.kind, regionCode: r.regionCode, parentId: num(r.parentId) });

/**
 * The read model's column for "a region and everything below it" (store/metric-index.ts): the
 * level's prefix column and key (a township selects its own 12-digit code).
 */
export function levelOf(regionCode: string): { column: "prov" | "pref" | "cnty" | "regionCode"; key: string } {
  checkRegionCode(regionCode);
  if (regionCode.length > 6) return { column: "regionCode", key: regionCode };
  if (regionCode.endsWith("0000")) return { column: "prov", key: regionCode.slice(0, 2) };
  if (regionCode.endsWith("00")) return { column: "pref", key: regionCode.slice(0, 4) };
  return { column: "cnty", key: regionCode };
}

