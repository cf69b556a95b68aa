/**
 * Statistics across agencies and years. Every answer is one SQL aggregation (or a small fixed number
 * of them) over indexed columns: region sums read stat_summary, rankings and comparisons read
 * report + report_figures with window functions. Nothing loops over agencies in JavaScript.
 */
import { isRegionCode, regionPrefix } from "../../domain/regions";
import { DataSource } from "typeorm";
import { GraphQLError } from "graphql";
import { CELLS, cellFor, CellDef, cellsOf, Template } from "../../domain/cells";
import { evaluate, METRIC_BY_ID, MetricDef, Ratio, termsSql } from "../../domain/metrics";
import { formatMoney } from "../../domain/report-json";
import { keyFor, ROLLUP_SCOPES } from "../../domain/regions";
import { preparedQuery } from "../../db/prepared";

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

function checkRegionCode(regionCode: string): void {
  if (!isRegionCode(regionCode)) throw badInput("regionCode", `"${regionCode}" is not a GB/T 2260 code`);
}

function regionWhere(column: string, regionCode: string | null | undefined, includeSubregions = true): { sql: string; params: unknown[] } {
  if (!regionCode) return { sql: "", params: [] };
  checkRegionCode(regionCode);
  return includeSubregions
    ? { sql: ` AND ${column} LIKE ?`, params: [`${regionPrefix(regionCode)}%`] }
    : { sql: ` AND ${column} = ?`, params: [regionCode] };
}

function inList(column: string, values: unknown[] | null | undefined): { sql: string; params: unknown[] } {
  if (!values || !values.length) return { sql: "", params: [] };
  return { sql: ` AND ${column} IN (${values.map(() => "?").join(", ")})`, params: [...values] };
}

const agencyOf = (r: any) => ({ id: Number(r.id), name: r.name, kind: r.kind, regionCode: r.regionCode, parentId: num(r.parentId) });

const SUM_COLUMNS = CELLS.map((c) => `SUM(s.${c.column}) AS ${c.column}`).join(", ");

export class StatisticsService {
  constructor(private readonly ds: DataSource) {}

  /** Summed figures of a region-year per template, from stat_summary (one statement). */
  async regionSums(regionCode: string, year: number, includeSubregions: boolean, agencyKinds?: string[] | null): Promise<FormatSums[]> {
    checkRegionCode(regionCode);
    const key = keyFor(regionCode, includeSubregions);
    const kinds = inList("s.agencyKind", agencyKinds);
    const rows = await preparedQuery(this.ds,
      `SELECT s.format AS format, SUM(s.reportCount) AS reportCount, SUM(s.incompleteCount) AS incompleteCount, ${SUM_COLUMNS}
       FROM stat_summary s WHERE s.scope = ? AND s.regionKey = ? AND s.year = ?${kinds.sql} GROUP BY s.format ORDER BY s.format`,
      [key.scope, key.regionKey, year, ...kinds.params],
    );
    return rows.map((r: any) => {
      const values: Record<string, number | null> = {};
      for (const c of CELLS) values[c.column] = num(r[c.column]);
      return { format: r.format, reportCount: Number(r.reportCount), incompleteCount: Number(r.incompleteCount), values };
    });
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

  private rankingBase(m: Measure, year: number, regionCode: string | null | undefined, agencyKind: string | null | undefined, template?: string | null) {
    const region = regionWhere("r.regionCode", regionCode, true);
    const kind = agencyKind ? { sql: " AND a.kind = ?", params: [agencyKind] } : { sql: "", params: [] as unknown[] };
    const fmt = m.kind === "cell" && m.cells.every((c) => c.scope !== "both") ? inList("r.format", [...new Set(m.cells.map((c) => c.scope))]) : inList("r.format", template ? [template] : null);
    const { num: n, den: d } = measureSql(m);
    return {
      n, d,
      from: `FROM report r JOIN agency a ON a.id = r.agencyId JOIN report_figures f ON f.reportId = r.id
        WHERE r.year = ? AND r.isCurrent = 1 AND r.isAggregate = 0${region.sql}${kind.sql}${fmt.sql}`,
      params: [year, ...region.params, ...kind.params, ...fmt.params],
      formats: fmt.params as string[],
    };
  }

  private ratio(m: Measure, numer: unknown, denom: unknown): Ratio {
    const money = m.kind === "cell" && m.cells[0].kind === "money" ? m.cells[0].scale : 1;
    const nn = num(numer);
    const dd = num(denom);
    if (m.kind === "cell") return { numerator: nn == null ? null : nn / money, denominator: null, value: nn == null ? null : nn / money };
    return { numerator: nn, denominator: dd, value: nn != null && dd ? nn / dd : null };
  }

  /**
   * Dense ranking of agencies by a measure in one year and scope: one statement, the same scan and
   * window function a hand-written query needs, plus the count of ranked agencies.
   */
  async ranking(m: Measure, year: number, regionCode: string | null | undefined, agencyKind: string | null | undefined, order: "DESC" | "ASC", first: number, minDenominator: number, template?: string | null) {
    const base = this.rankingBase(m, year, regionCode, agencyKind, template);
    const { n, d } = base;
    // 1e0 makes the division DOUBLE on MySQL too (its DECIMAL division keeps only 4 more digits, which would tie unequal ratios).
    const value = d ? `(${n}) * 1e0 / (${d})` : n;
    const eligible = d ? ` AND (${d}) >= ${Number(minDenominator)} AND (${d}) > 0` : ` AND ${n} IS NOT NULL`;
    const rows: any[] = await this.ds.query(
      `SELECT a.id AS id, a.name AS name, a.kind AS kind, a.regionCode AS regionCode, a.parentId AS parentId, ${n} AS num, ${d ?? "NULL"} AS den,
         DENSE_RANK() OVER (ORDER BY ${value} ${order === "ASC" ? "ASC" : "DESC"}) AS rnk, COUNT(*) OVER () AS cnt
       ${base.from}${eligible} ORDER BY rnk, a.id LIMIT ${Math.max(1, Math.min(first, 100))}`,
      base.params,
    );
    return {
      rankedCount: Number(rows[0]?.cnt ?? 0),
      entries: rows.map((r) => ({ rank: Number(r.rnk), agency: agencyOf(r), value: this.ratio(m, r.num, r.den) })),
    };
  }

  /** Agencies whose denominator is under minDenominator: listed apart, not ranked (up to 100). */
  async smallSamples(m: Measure, year: number, regionCode: string | null | undefined, agencyKind: string | null | undefined, minDenominator: number, template?: string | null) {
    const base = this.rankingBase(m, year, regionCode, agencyKind, template);
    if (!base.d) return [];
    const rows: any[] = await this.ds.query(
      `SELECT a.id AS id, a.name AS name, a.kind AS kind, a.regionCode AS regionCode, a.parentId AS parentId, ${base.n} AS num, ${base.d} AS den
       ${base.from} AND (${base.d}) < ${Number(minDenominator)} AND (${base.d}) > 0 ORDER BY a.id LIMIT 100`,
      base.params,
    );
    return rows.map((r) => ({ agency: agencyOf(r), value: this.ratio(m, r.num, r.den) }));
  }

  /**
   * The region's value and each agency kind's, from summed parts (stat_summary; one small statement):
   * a metric is Σ numerator / Σ denominator, a cell its sum per reporting agency.
   */
  async averages(m: Measure, year: number, regionCode: string | null | undefined, agencyKind: string | null | undefined, template?: string | null): Promise<{ region: Ratio; byKind: Map<string, Ratio> }> {
    const key = regionCode ? (checkRegionCode(regionCode), keyFor(regionCode, true)) : { scope: "prov", regionKey: null };
    const { num: n, den: d } = measureSql(m, "s");
    const formats = m.kind === "cell" && m.cells.every((c) => c.scope !== "both") ? [...new Set(m.cells.map((c) => c.scope))] : template ? [template] : null;
    const fmt = inList("s.format", formats);
    const kind = agencyKind ? { sql: " AND s.agencyKind = ?", params: [agencyKind] } : { sql: "", params: [] as unknown[] };
    const rows: any[] = await preparedQuery(this.ds,
      `SELECT s.agencyKind AS kind, SUM(${m.kind === "cell" ? `COALESCE(${n}, 0)` : n}) AS num, SUM(${d ?? "s.reportCount"}) AS den
       FROM stat_summary s WHERE s.scope = ?${key.regionKey ? " AND s.regionKey = ?" : ""} AND s.year = ?${fmt.sql}${kind.sql} GROUP BY s.agencyKind`,
      [key.scope, ...(key.regionKey ? [key.regionKey] : []), year, ...fmt.params, ...kind.params],
    );
    const money = m.kind === "cell" && m.cells[0].kind === "money" ? m.cells[0].scale : 1;
    const ratioOf = (nn: number, dd: number): Ratio => ({ numerator: nn / money, denominator: dd, value: dd > 0 ? nn / money / dd : null });
    const byKind = new Map<string, Ratio>();
    let tn = 0;
    let td = 0;
    for (const r of rows) {
      tn += Number(r.num);
      td += Number(r.den);
      byKind.set(r.kind, ratioOf(Number(r.num), Number(r.den)));
    }
    return { region: ratioOf(tn, td), byKind };
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
    checkRegionCode(scope.regionCode);
    const key = keyFor(scope.regionCode, true);
    const kinds = inList("s.agencyKind", scope.agencyKinds);
    const needed = measureColumns(m).map((c) => `SUM(s.${c}) AS ${c}`).join(", ");
    const rows = await preparedQuery(this.ds,
      `SELECT s.year AS year, s.format AS format, SUM(s.reportCount) AS reportCount, ${needed}
       FROM stat_summary s WHERE s.scope = ? AND s.regionKey = ? AND s.year BETWEEN ? AND ?${kinds.sql} GROUP BY s.year, s.format`,
      [key.scope, key.regionKey, fromYear, toYear, ...kinds.params],
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
    const byRegion = groupBy.includes("REGION");
    const levelLength = regionLevel === "PROVINCE" ? 2 : regionLevel === "PREFECTURE" ? 4 : regionLevel === "COUNTY" ? 6 : null;
    // Agencies: from the reports. Otherwise from the summaries: a region filter reads its roll-up row,
    // REGION groups read the roll-ups of one level (or the agencies' own regions), no region reads the provinces.
    const src = byAgency
      ? { from: "FROM report r JOIN agency a ON a.id = r.agencyId JOIN report_figures s ON s.reportId = r.id", where: "WHERE r.isCurrent = 1 AND r.isAggregate = 0", year: "r.year", region: "r.regionCode", kind: "a.kind", format: "r.format", count: "COUNT(*)" }
      : { from: "FROM stat_summary s", where: "WHERE 1 = 1", year: "s.year", region: "s.regionKey", kind: "s.agencyKind", format: "s.format", count: "SUM(s.reportCount)" };
    let regionFilter: { sql: string; params: unknown[] };
    if (byAgency) regionFilter = regionWhere(src.region, filter.regionCode, true);
    else if (byRegion) {
      const inside = filter.regionCode ? regionWhere("s.regionKey", filter.regionCode, true) : { sql: "", params: [] };
      if (filter.regionCode && levelLength != null && levelLength < keyFor(filter.regionCode, true).regionKey.length) {
        throw badInput("regionLevel", `${regionLevel} is above the filtered region ${filter.regionCode}`);
      }
      const scope = regionLevel ? ROLLUP_SCOPES[regionLevel as keyof typeof ROLLUP_SCOPES] : "own";
      regionFilter = { sql: ` AND s.scope = '${scope}'${inside.sql}`, params: inside.params };
    } else if (filter.regionCode) {
      checkRegionCode(filter.regionCode);
      const key = keyFor(filter.regionCode, true);
      regionFilter = { sql: " AND s.scope = ? AND s.regionKey = ?", params: [key.scope, key.regionKey] };
    } else regionFilter = { sql: " AND s.scope = 'prov'", params: [] };
    const keys: Array<[string, string]> = [];
    if (groupBy.includes("YEAR")) keys.push(["year", src.year]);
    if (byRegion) keys.push(["region", src.region]);
    if (groupBy.includes("AGENCY_KIND")) keys.push(["agencyKind", src.kind]);
    if (byAgency) keys.push(["agencyId", "a.id"], ["agencyName", "a.name"]);
    const region = regionFilter;
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
      regionCode: r.region == null ? null : String(r.region).length < 6 ? String(r.region).padEnd(6, "0") : r.region,
      agencyKind: r.agencyKind ?? null,
      agency: r.agencyId == null ? null : { id: Number(r.agencyId), name: r.agencyName },
      reportCount: Number(r.reportCount),
      values: cells.map((c, i) => ({ path: c.path, value: r[`v${i}`] == null ? null : c.kind === "money" ? Number(r[`v${i}`]) / c.scale : Number(r[`v${i}`]), exact: r[`v${i}`] == null ? null : c.kind === "money" ? formatMoney(c, BigInt(String(r[`v${i}`]).split(".")[0])) : String(r[`v${i}`]) })),
    }));
  }
}

