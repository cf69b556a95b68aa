/**
 * Statistics across agencies and years. Every answer is one SQL aggregation (or a small fixed number
 * of them) over indexed columns: region sums read stat_summary, rankings and comparisons read
 * report + report_figures with window functions. Nothing loops over agencies in JavaScript.
 */
import { DataSource } from "typeorm";
import { GraphQLError } from "graphql";
import { CELLS, cellFor, CellDef, cellsOf, Template } from "../../domain/cells";
import { evaluate, METRIC_BY_ID, MetricDef, Ratio, termsSql } from "../../domain/metrics";
import { formatMoney } from "../../domain/report-json";
import { RegionService } from "../region/region.service";

export type FormatSums = { format: Template; reportCount: number; incompleteCount: number; values: Record<string, number | null> };

const num = (v: unknown): number | null => (v == null ? null : Number(v));

export function badInput(argumentName: string, message: string): GraphQLError {
  return new GraphQLError(`Argument "${argumentName}": ${message}`, { extensions: { code: "BAD_USER_INPUT", argumentName } });
}

/** A cell path or a metric id, as clients name what they want to measure. */
export type Measure = { kind: "cell"; path: string; cells: CellDef[] } | { kind: "metric"; metric: MetricDef };

export function parseMeasure(argumentName: string, value: string, template?: string | null): Measure {
  const metric = METRIC_BY_ID.get(value);
  if (metric) return { kind: "metric", metric };
  const cells = CELLS.filter((c) => c.path === value && (!template || c.scope === "both" || c.scope === template));
  if (!cells.length) {
    throw badInput(argumentName, `"${value}" is neither a cell path (e.g. applications.newReceived.total) nor a metric (${[...METRIC_BY_ID.keys()].filter((k) => !k.startsWith("SHARE")).join(", ")})`);
  }
  return { kind: "cell", path: value, cells };
}

/** SQL expression of a measure's value (cell: its column; metric: numerator and denominator). */
function measureSql(m: Measure, alias = "f"): { num: string; den: string | null } {
  if (m.kind === "metric") return { num: termsSql(m.metric.numerator, alias), den: termsSql(m.metric.denominator, alias) };
  return { num: m.cells.length === 1 ? `${alias}.${m.cells[0].column}` : `COALESCE(${m.cells.map((c) => `${alias}.${c.column}`).join(", ")})`, den: null };
}

/** The columns a measure reads (a metric's terms in both templates). */
function measureColumns(m: Measure): string[] {
  if (m.kind === "cell") return m.cells.map((c) => c.column);
  const out = new Set<string>();
  for (const [path] of [...m.metric.numerator, ...m.metric.denominator]) {
    for (const f of ["2019", "2021"] as const) {
      const cell = cellFor(path, f);
      if (cell) out.add(cell.column);
    }
  }
  return [...out];
}

function regionWhere(column: string, regionCode: string | null | undefined, includeSubregions = true): { sql: string; params: unknown[] } {
  if (!regionCode) return { sql: "", params: [] };
  if (!/^\d{6}(\d{6})?$/.test(regionCode)) throw badInput("regionCode", `"${regionCode}" is not a GB/T 2260 code`);
  return includeSubregions
    ? { sql: ` AND ${column} LIKE ?`, params: [`${RegionService.prefixOf(regionCode)}%`] }
    : { sql: ` AND ${column} = ?`, params: [regionCode] };
}

function inList(column: string, values: unknown[] | null | undefined): { sql: string; params: unknown[] } {
  if (!values || !values.length) return { sql: "", params: [] };
  return { sql: ` AND ${column} IN (${values.map(() => "?").join(", ")})`, params: [...values] };
}

const SUM_COLUMNS = CELLS.map((c) => `SUM(s.${c.column}) AS ${c.column}`).join(", ");

export class StatisticsService {
  constructor(private readonly ds: DataSource) {}

  /** Summed figures of a region-year per template, from stat_summary (one statement). */
  async regionSums(regionCode: string, year: number, includeSubregions: boolean, agencyKinds?: string[] | null): Promise<FormatSums[]> {
    const region = regionWhere("s.regionCode", regionCode, includeSubregions);
    const kinds = inList("s.agencyKind", agencyKinds);
    const rows = await this.ds.query(
      `SELECT s.format AS format, SUM(s.reportCount) AS reportCount, SUM(s.incompleteCount) AS incompleteCount, ${SUM_COLUMNS}
       FROM stat_summary s WHERE s.year = ?${region.sql}${kinds.sql} GROUP BY s.format ORDER BY s.format`,
      [year, ...region.params, ...kinds.params],
    );
    return rows.map((r: any) => ({
      format: r.format, reportCount: Number(r.reportCount), incompleteCount: Number(r.incompleteCount),
      values: Object.fromEntries(CELLS.map((c) => [c.column, num(r[c.column])])),
    }));
  }

  /** Agencies of a region without a current report for the year; those that reported the year before first. */
  async missingAgencies(regionCode: string, year: number, includeSubregions: boolean, agencyKinds: string[] | null | undefined, limit: number) {
    const region = regionWhere("a.regionCode", regionCode, includeSubregions);
    const kinds = inList("a.kind", agencyKinds);
    const where = `FROM agency a
      LEFT JOIN report p ON p.agencyId = a.id AND p.year = ? AND p.isCurrent = 1
      WHERE NOT EXISTS (SELECT 1 FROM report r WHERE r.agencyId = a.id AND r.year = ? AND r.isCurrent = 1)${region.sql}${kinds.sql}`;
    const params = [year - 1, year, ...region.params, ...kinds.params];
    const [rows, count] = await Promise.all([
      this.ds.query(`SELECT a.id AS id, a.name AS name, a.kind AS kind, a.regionCode AS regionCode, a.parentId AS parentId, CASE WHEN p.id IS NULL THEN 0 ELSE 1 END AS reportedBefore
        ${where} ORDER BY CASE WHEN p.id IS NULL THEN 1 ELSE 0 END, a.id LIMIT ${Math.max(1, Math.min(limit, 100))}`, params),
      this.ds.query(`SELECT COUNT(*) AS n ${where}`, params),
    ]);
    return {
      total: Number(count[0].n),
      agencies: rows.map((r: any) => ({ agency: { id: Number(r.id), name: r.name, kind: r.kind, regionCode: r.regionCode, parentId: num(r.parentId) }, reportedPreviousYear: Number(r.reportedBefore) === 1 })),
    };
  }

  /** Aggregate (汇总) reports of the region-year, which sums leave out. */
  async aggregateReports(regionCode: string, year: number, includeSubregions: boolean): Promise<Array<{ id: number; regionCode: string | null; format: Template }>> {
    const region = regionWhere("r.regionCode", regionCode, includeSubregions);
    const rows = await this.ds.query(
      `SELECT r.id AS id, r.regionCode AS regionCode, r.format AS format FROM report r WHERE r.year = ? AND r.isCurrent = 1 AND r.isAggregate = 1${region.sql} ORDER BY r.id`,
      [year, ...region.params],
    );
    return rows.map((r: any) => ({ id: Number(r.id), regionCode: r.regionCode, format: r.format }));
  }

  async figuresOf(reportId: number): Promise<Record<string, number | null>> {
    const rows = await this.ds.query(`SELECT * FROM report_figures WHERE reportId = ?`, [reportId]);
    return Object.fromEntries(CELLS.map((c) => [c.column, num(rows[0]?.[c.column])]));
  }

  /**
   * Values of cells and metrics for agencies × years, from one statement over current reports.
   * Returns one row per agency-year that has a report.
   */
  async agencyYearValues(agencyIds: number[], years: number[], measures?: Measure[]): Promise<Array<{ agencyId: number; year: number; format: Template; printedAgencyName: string; values: Record<string, number | null> }>> {
    if (!agencyIds.length || !years.length) return [];
    // Only the columns the measures read: 240-column rows cost more to decode than to find.
    const columns = measures ? [...new Set(measures.flatMap(measureColumns))] : CELLS.map((c) => c.column);
    const rows = await this.ds.query(
      `SELECT r.agencyId AS agencyId, r.year AS year, r.format AS format, r.printedAgencyName AS printedAgencyName, ${columns.map((c) => `f.${c}`).join(", ")}
       FROM report r JOIN report_figures f ON f.reportId = r.id
       WHERE r.isCurrent = 1 AND r.agencyId IN (${agencyIds.map(() => "?").join(", ")}) AND r.year IN (${years.map(() => "?").join(", ")})`,
      [...agencyIds, ...years],
    );
    return rows.map((r: any) => ({
      agencyId: Number(r.agencyId), year: Number(r.year), format: r.format, printedAgencyName: r.printedAgencyName,
      values: Object.fromEntries(columns.map((c) => [c, num(r[c])])),
    }));
  }

  /** A measure's value from one report's (or summed) figures. */
  static valueOf(m: Measure, parts: Array<{ format: Template; values: Record<string, unknown> }>): Ratio {
    if (m.kind === "metric") return evaluate(m.metric, parts);
    let total = 0;
    let any = false;
    for (const part of parts) {
      const cell = m.cells.find((c) => c.scope === "both" || c.scope === part.format);
      if (!cell) continue;
      const v = part.values[cell.column];
      if (v == null) return { numerator: null, denominator: null, value: null };
      total += Number(v) / (cell.kind === "money" ? cell.scale : 1);
      any = true;
    }
    return { numerator: any ? total : null, denominator: null, value: any ? total : null };
  }

  /**
   * Dense ranking of agencies by a measure in one year and scope. Agencies whose denominator is below
   * minDenominator are listed apart, not ranked. Three statements: ranked page, small samples, averages.
   */
  async ranking(m: Measure, year: number, regionCode: string | null | undefined, agencyKind: string | null | undefined, order: "DESC" | "ASC", first: number, minDenominator: number, template?: string | null) {
    const region = regionWhere("r.regionCode", regionCode, true);
    const kind = agencyKind ? { sql: " AND a.kind = ?", params: [agencyKind] } : { sql: "", params: [] as unknown[] };
    const fmt = m.kind === "cell" && m.cells.every((c) => c.scope !== "both") ? inList("r.format", [...new Set(m.cells.map((c) => c.scope))]) : inList("r.format", template ? [template] : null);
    const { num: n, den: d } = measureSql(m);
    const base = `FROM report r JOIN agency a ON a.id = r.agencyId JOIN report_figures f ON f.reportId = r.id
      WHERE r.year = ? AND r.isCurrent = 1 AND r.isAggregate = 0${region.sql}${kind.sql}${fmt.sql}`;
    const params = [year, ...region.params, ...kind.params, ...fmt.params];
    // 1e0 makes the division DOUBLE on MySQL too (its DECIMAL division keeps only 4 more digits, which would tie unequal ratios).
    const valueExpr = d ? `CASE WHEN (${d}) > 0 THEN (${n}) * 1e0 / (${d}) END` : n;
    const eligible = d ? ` AND (${d}) >= ${Number(minDenominator)} AND (${d}) > 0` : ` AND ${n} IS NOT NULL`;
    const dir = order === "ASC" ? "ASC" : "DESC";
    const ranked = await this.ds.query(
      `SELECT t.* FROM (
         SELECT a.id AS id, a.name AS name, a.kind AS kind, a.regionCode AS regionCode, a.parentId AS parentId,
           ${n} AS num, ${d ?? "NULL"} AS den, ${valueExpr} AS value,
           DENSE_RANK() OVER (ORDER BY ${valueExpr} ${dir}) AS rnk,
           COUNT(*) OVER () AS ranked
         ${base}${eligible}
       ) t ORDER BY t.rnk, t.id LIMIT ${Math.max(1, Math.min(first, 100))}`,
      params,
    );
    const small = d
      ? await this.ds.query(
        `SELECT a.id AS id, a.name AS name, a.kind AS kind, a.regionCode AS regionCode, a.parentId AS parentId, ${n} AS num, ${d} AS den
         ${base} AND (${d}) < ${Number(minDenominator)} AND (${d}) > 0 ORDER BY a.id LIMIT 100`, params)
      : [];
    const averages = await this.ds.query(
      `SELECT a.kind AS kind, SUM(${n}) AS num, ${d ? `SUM(${d})` : "COUNT(*)"} AS den ${base}${d ? ` AND (${d}) > 0` : ` AND ${n} IS NOT NULL`} GROUP BY a.kind`,
      params,
    );
    const byKind = new Map<string, Ratio>();
    let tn = 0;
    let td = 0;
    for (const a of averages) {
      const an = Number(a.num);
      const ad = Number(a.den);
      tn += an;
      td += ad;
      byKind.set(a.kind, { numerator: an, denominator: ad, value: ad > 0 ? an / ad : null });
    }
    const money = m.kind === "cell" && m.cells[0].kind === "money" ? m.cells[0].scale : 1;
    const scaleRatio = (r: Ratio): Ratio => (money === 1 || r.numerator == null ? r : { numerator: r.numerator / money, denominator: r.denominator, value: r.value == null ? null : r.value / money });
    const agency = (r: any) => ({ id: Number(r.id), name: r.name, kind: r.kind, regionCode: r.regionCode, parentId: num(r.parentId) });
    return {
      rankedCount: Number(ranked[0]?.ranked ?? 0),
      entries: ranked.map((r: any) => ({
        rank: Number(r.rnk),
        agency: agency(r),
        value: scaleRatio({ numerator: num(r.num), denominator: d ? num(r.den) : null, value: d ? Number(r.num) / Number(r.den) : num(r.value) }),
        regionAverage: scaleRatio({ numerator: tn, denominator: td, value: td > 0 ? tn / td : null }),
        kindAverage: scaleRatio(byKind.get(r.kind) ?? { numerator: null, denominator: null, value: null }),
      })),
      smallSamples: small.map((r: any) => ({ agency: agency(r), value: { numerator: num(r.num), denominator: num(r.den), value: Number(r.den) > 0 ? Number(r.num) / Number(r.den) : null } })),
      regionAverage: scaleRatio({ numerator: tn, denominator: td, value: td > 0 ? tn / td : null }),
    };
  }

  /** One point per year for a region (from stat_summary) or an agency (from its reports). */
  async trend(m: Measure, fromYear: number, toYear: number, scope: { regionCode?: string | null; agencyId?: number | null; agencyKinds?: string[] | null }) {
    if (toYear < fromYear || toYear - fromYear > 50) throw badInput("toYear", "must be from fromYear to fromYear + 50");
    const years = Array.from({ length: toYear - fromYear + 1 }, (_, i) => fromYear + i);
    if (scope.agencyId != null) {
      const rows = await this.agencyYearValues([scope.agencyId], years, [m]);
      return years.map((year) => {
        const row = rows.find((r) => r.year === year);
        return { year, reportCount: row ? 1 : 0, formats: row ? [row.format] : [], value: row ? StatisticsService.valueOf(m, [row]) : { numerator: null, denominator: null, value: null } };
      });
    }
    if (!scope.regionCode) throw badInput("regionCode", "give regionCode or agencyId");
    const region = regionWhere("s.regionCode", scope.regionCode, true);
    const kinds = inList("s.agencyKind", scope.agencyKinds);
    const needed = measureColumns(m).map((c) => `SUM(s.${c}) AS ${c}`).join(", ");
    const rows = await this.ds.query(
      `SELECT s.year AS year, s.format AS format, SUM(s.reportCount) AS reportCount, ${needed}
       FROM stat_summary s WHERE s.year BETWEEN ? AND ?${region.sql}${kinds.sql} GROUP BY s.year, s.format`,
      [fromYear, toYear, ...region.params, ...kinds.params],
    );
    return years.map((year) => {
      const parts = rows.filter((r: any) => Number(r.year) === year).map((r: any) => ({ format: r.format as Template, values: r }));
      return {
        year,
        reportCount: parts.reduce((s: number, p: any) => s + Number(p.values.reportCount), 0),
        formats: parts.map((p: any) => p.format),
        value: parts.length ? StatisticsService.valueOf(m, parts) : { numerator: null, denominator: null, value: null },
      };
    });
  }

  /**
   * Sums per group: from stat_summary unless the groups are agencies. Ordered by the first path's sum
   * (or orderBy's) and limited, in SQL.
   */
  async aggregate(paths: string[], groupBy: string[], filter: { regionCode?: string | null; years?: number[] | null; agencyKinds?: string[] | null; template?: string | null }, orderBy: { path?: string | null; direction: "ASC" | "DESC" }, first: number, regionLevel?: string | null) {
    if (!paths.length || paths.length > 50) throw badInput("paths", "give 1 to 50 cell paths");
    const cells = paths.map((p) => {
      const matches = CELLS.filter((c) => c.path === p && (!filter.template || c.scope === "both" || c.scope === filter.template));
      if (!matches.length) throw badInput("paths", `"${p}" is not a cell path`);
      if (matches.length > 1) throw badInput("paths", `"${p}" exists in both templates with different meanings; give filter.template`);
      return matches[0];
    });
    const byAgency = groupBy.includes("AGENCY");
    const src = byAgency
      ? { from: "FROM report r JOIN agency a ON a.id = r.agencyId JOIN report_figures s ON s.reportId = r.id", where: "WHERE r.isCurrent = 1 AND r.isAggregate = 0", year: "r.year", region: "r.regionCode", kind: "a.kind", format: "r.format", count: "COUNT(*)" }
      : { from: "FROM stat_summary s", where: "WHERE 1 = 1", year: "s.year", region: "s.regionCode", kind: "s.agencyKind", format: "s.format", count: "SUM(s.reportCount)" };
    const regionKey = regionLevel === "PROVINCE" ? `SUBSTR(${src.region}, 1, 2)` : regionLevel === "PREFECTURE" ? `SUBSTR(${src.region}, 1, 4)` : src.region;
    const keys: Array<[string, string]> = [];
    if (groupBy.includes("YEAR")) keys.push(["year", src.year]);
    if (groupBy.includes("REGION")) keys.push(["region", regionKey]);
    if (groupBy.includes("AGENCY_KIND")) keys.push(["agencyKind", src.kind]);
    if (byAgency) keys.push(["agencyId", "a.id"], ["agencyName", "a.name"]);
    const region = regionWhere(src.region, filter.regionCode, true);
    const years = inList(src.year, filter.years);
    const kinds = inList(src.kind, filter.agencyKinds);
    const fmt = inList(src.format, filter.template ? [filter.template] : null);
    const orderCell = orderBy.path ? cells[paths.indexOf(orderBy.path)] : cells[0];
    if (orderBy.path && !orderCell) throw badInput("orderBy", `"${orderBy.path}" must be one of the requested paths`);
    const select = [...keys.map(([k, e]) => `${e} AS ${k}`), `${src.count} AS reportCount`, ...cells.map((c, i) => `SUM(s.${c.column}) AS v${i}`)].join(", ");
    const sql = `SELECT ${select} ${src.from} ${src.where}${region.sql}${years.sql}${kinds.sql}${fmt.sql}
      ${keys.length ? `GROUP BY ${keys.map(([, e]) => e).join(", ")}` : ""}
      ORDER BY v${cells.indexOf(orderCell)} ${orderBy.direction === "ASC" ? "ASC" : "DESC"}${keys.length ? ", " + keys.map(([, e]) => e).join(", ") : ""}
      LIMIT ${Math.max(1, Math.min(first, 100))}`;
    const rows = await this.ds.query(sql, [...region.params, ...years.params, ...kinds.params, ...fmt.params]);
    return rows.map((r: any) => ({
      year: r.year == null ? null : Number(r.year),
      regionCode: r.region == null ? null : regionLevel === "PROVINCE" ? `${r.region}0000` : regionLevel === "PREFECTURE" ? `${r.region}00` : r.region,
      agencyKind: r.agencyKind ?? null,
      agency: r.agencyId == null ? null : { id: Number(r.agencyId), name: r.agencyName },
      reportCount: Number(r.reportCount),
      values: cells.map((c, i) => ({ path: c.path, value: r[`v${i}`] == null ? null : c.kind === "money" ? Number(r[`v${i}`]) / c.scale : Number(r[`v${i}`]), exact: r[`v${i}`] == null ? null : c.kind === "money" ? formatMoney(c, BigInt(String(r[`v${i}`]).split(".")[0])) : String(r[`v${i}`]) })),
    }));
  }
}

