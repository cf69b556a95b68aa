import { DataSource } from "typeorm";
import { keyFor } from "../../domain/regions";
import { CELLS, Template } from "../../domain/cells";
import { figuresToTree } from "../../domain/figures";
import { SectionTrees, summedTree } from "../../domain/summed-tree";
import { MetricSet, metricsOf } from "../../domain/metric-set";
import { AggregateDifference, aggregateDifferences } from "../../domain/aggregate-check";
import { NARROW_ROWS, plainQuery, preparedQuery } from "../../db/prepared";
import { speaksSqlite } from "../../db/union";
import { checkRegionCode, pageLimit } from "../common/args";
import { agencyOf, inList, num } from "./statistics.sql";

export type FormatSums = { format: Template; reportCount: number; incompleteCount: number; values: Record<string, number | null> };

/** What a region-year's statistics were computed over, for the fields resolved only when asked for. */
export interface RegionScope {
  regionCode: string;
  year: number;
  includeSubregions: boolean;
  agencyKinds: string[] | null;
  parts: FormatSums[];
}

/** Section 二 summed within each template (its figures mean something else in each). */
export function proactiveByTemplate(parts: FormatSums[]) {
  return parts.filter((p) => p.format !== "legacy").map((p) => {
    const proactive = figuresToTree(p.format, p.values).proactive;
    return { template: p.format, reportCount: p.reportCount, proactive2019: p.format === "2019" ? proactive : null, proactive2021: p.format === "2021" ? proactive : null };
  });
}

const ALL_COLUMNS = CELLS.map((c) => c.column);
const SUM_COLUMNS = ALL_COLUMNS.map((c) => `SUM(s.${c}) AS ${c}`).join(", ");

/** The most columns summed as a subset; more are summed with all the others (regionSums). */
export const SUBSET_LIMIT = 60;

/** A region-year's sums (from stat_summary), who they cover and the aggregate reports they leave out. */
export class RegionStatisticsService {
  constructor(private readonly ds: DataSource) {}

  /** Sections 三 and 四 of a region-year summed across templates, their metrics, and the scope for coverage and X4. */
  async totals(regionCode: string, year: number, includeSubregions: boolean, agencyKinds: string[] | null, columns: string[] | null = null): Promise<{ tree: SectionTrees; metrics: MetricSet; scope: RegionScope }> {
    const parts = await this.regionSums(regionCode, year, includeSubregions, agencyKinds, columns);
    return { tree: summedTree(parts, columns && columns.length <= SUBSET_LIMIT ? columns : null), metrics: metricsOf(parts), scope: { regionCode, year, includeSubregions, agencyKinds, parts } };
  }

  /** X4: the region's own aggregate report against the computed sum, or null when it has none. */
  async aggregateComparison(scope: RegionScope): Promise<{ reportId: number; differences: AggregateDifference[] } | null> {
    const own = (await this.aggregateReports(scope.regionCode, scope.year, false))[0];
    if (!own) return null;
    const reported = figuresToTree(own.format, await this.figuresOf(own.id));
    return { reportId: own.id, differences: aggregateDifferences(reported, summedTree(scope.parts)) };
  }

  /**
   * Summed figures of a region-year per template, from stat_summary (one statement): of `columns`
   * only when given (region-columns.ts; the others are left out of `values`), else of every cell.
   * Every cell: a prepared statement (one text, so each connection's statement cache keeps one). A
   * few: a plain query, since each selection makes another text and prepared statements are a
   * server-wide resource (max_prepared_stmt_count) no request may fill. Decoding the text protocol's
   * sums costs more a column than the binary one's, so past SUBSET_LIMIT columns every cell is summed
   * by the prepared statement instead (MariaDB: 63 columns as text 0.37 ms, 110 0.52 ms, all 229
   * prepared 0.54 ms).
   */
  async regionSums(regionCode: string, year: number, includeSubregions: boolean, agencyKinds?: string[] | null, columns: string[] | null = null): Promise<FormatSums[]> {
    if (columns && columns.length > SUBSET_LIMIT) columns = null;
    checkRegionCode(regionCode);
    const key = keyFor(regionCode, includeSubregions);
    const kinds = inList("s.agencyKind", agencyKinds);
    const summed = columns ? columns.map((c) => `, SUM(s.${c}) AS ${c}`).join("") : `, ${SUM_COLUMNS}`;
    const sql = `SELECT s.format AS format, SUM(s.reportCount) AS reportCount, SUM(s.incompleteCount) AS incompleteCount${summed}
       FROM stat_summary s WHERE s.scope = ? AND s.regionKey = ? AND s.year = ?${kinds.sql} GROUP BY s.format ORDER BY s.format`;
    const params = [key.scope, key.regionKey, year, ...kinds.params];
    const rows = columns ? await plainQuery(this.ds, sql, params) : await preparedQuery(this.ds, sql, params);
    const read = columns ?? ALL_COLUMNS;
    return rows.map((r: any) => {
      const values: Record<string, number | null> = {};
      for (const c of read) values[c] = num(r[c]);
      return { format: r.format, reportCount: Number(r.reportCount), incompleteCount: Number(r.incompleteCount), values };
    });
  }

  /**
   * Agencies of a region without a current report for the year, those that reported the year before
   * first, then by id; and how many. Read from the coverage read model (store/coverage-index.ts): the
   * first `limit` rows of one index range (one per agency kind when kinds are given) and the count
   * from coverage_count — two statements whose cost depends on `limit`, not on the region's size
   * (one with `limit` 0: the count alone).
   */
  async missingAgencies(regionCode: string, year: number, includeSubregions: boolean, agencyKinds: string[] | null | undefined, limit: number) {
    checkRegionCode(regionCode);
    const key = keyFor(regionCode, includeSubregions);
    const n = limit > 0 ? pageLimit(limit) : 0;
    const kinds = agencyKinds?.length ? [...new Set(agencyKinds)] : null;
    const countKinds = inList("c.agencyKind", kinds);
    const counted = (y: string) => `(SELECT COALESCE(SUM(c.n), 0) FROM coverage_count c WHERE c.scope = ? AND c.regionKey = ? AND c.year = ${y}${countKinds.sql})`;
    const list = (y: number) => {
      const columns = "a.id AS id, a.name AS name, a.kind AS kind, a.regionCode AS regionCode, a.parentId AS parentId, k.status AS status";
      if (!kinds) {
        // The primary key (scope, regionKey, year, status, agencyId) is the page's order: read its
        // first rows. MariaDB left to choose took the (…, agencyKind, status, agencyId) index at 1M
        // and sorted the region-year's every row (2,793 for the province in 2023: 1.48 ms a statement
        // against 0.37 at 10k), so the index is named there; SQLite's planner is left alone.
        const k = speaksSqlite(this.ds) ? "coverage_key k" : "coverage_key k FORCE INDEX (PRIMARY)";
        return plainQuery(this.ds, `SELECT ${columns} FROM ${k} JOIN agency a ON a.id = k.agencyId
          WHERE k.scope = ? AND k.regionKey = ? AND k.year = ? ORDER BY k.status, k.agencyId LIMIT ${n}`, [key.scope, key.regionKey, y], NARROW_ROWS);
      }
      // One ordered range per kind (index scope, regionKey, year, agencyKind, status, agencyId), merged.
      const ranges = kinds.map(() => `SELECT * FROM (SELECT k.agencyId AS agencyId, k.status AS status FROM coverage_key k
        WHERE k.scope = ? AND k.regionKey = ? AND k.year = ? AND k.agencyKind = ? ORDER BY k.status, k.agencyId LIMIT ${n}) t`);
      return plainQuery(this.ds, `SELECT ${columns} FROM (${ranges.join(" UNION ALL ")}) k JOIN agency a ON a.id = k.agencyId ORDER BY k.status, k.agencyId LIMIT ${n}`,
        kinds.flatMap((kind) => [key.scope, key.regionKey, y, kind]), NARROW_ROWS);
    };
    const [[counts], rows] = await Promise.all([
      plainQuery(this.ds, `SELECT (SELECT COUNT(*) FROM coverage_year WHERE year = ?) AS covered, ${counted("?")} AS missing, ${counted("0")} AS registered`,
        [year, key.scope, key.regionKey, year, ...countKinds.params, key.scope, key.regionKey, ...countKinds.params]),
      n > 0 ? list(year) : [],
    ]);
    // A year outside the materialized range: no agency reported it or the year before (year 0: all registered).
    const covered = year > 0 && Number(counts.covered) > 0;
    const agencies: any[] = covered || n === 0 ? rows : await list(0);
    return {
      total: Number(covered ? counts.missing : counts.registered),
      agencies: agencies.map((r: any) => ({ agency: agencyOf(r), reportedPreviousYear: covered && Number(r.status) === 0 })),
    };
  }

  /**
   * Aggregate (汇总) reports of the region-year, which sums leave out, by id. One range of
   * aggregate_key (scope, regionKey, year, reportId), the read model's row per summary key of each
   * current aggregate report (store/metric-index.ts). The API's list of them, with their columns, is
   * the report loaders' `aggregateReports`.
   */
  async aggregateReports(regionCode: string, year: number, includeSubregions: boolean): Promise<Array<{ id: number; regionCode: string | null; format: Template }>> {
    checkRegionCode(regionCode);
    const key = keyFor(regionCode, includeSubregions);
    const rows = await this.ds.query(
      `SELECT r.id AS id, r.regionCode AS regionCode, r.format AS format FROM aggregate_key k JOIN report r ON r.id = k.reportId
       WHERE k.scope = ? AND k.regionKey = ? AND k.year = ? ORDER BY k.reportId`,
      [key.scope, key.regionKey, year],
    );
    return rows.map((r: any) => ({ id: Number(r.id), regionCode: r.regionCode, format: r.format }));
  }

  /** How many aggregate reports the region-year has (a count of one aggregate_key range, index only). */
  async aggregateCount(regionCode: string, year: number, includeSubregions: boolean): Promise<number> {
    checkRegionCode(regionCode);
    const key = keyFor(regionCode, includeSubregions);
    const rows = await preparedQuery(this.ds, "SELECT COUNT(*) AS n FROM aggregate_key k WHERE k.scope = ? AND k.regionKey = ? AND k.year = ?", [key.scope, key.regionKey, year]);
    return Number(rows[0].n);
  }

  async figuresOf(reportId: number): Promise<Record<string, number | null>> {
    const rows = await this.ds.query(`SELECT * FROM report_figures WHERE reportId = ?`, [reportId]);
    return Object.fromEntries(CELLS.map((c) => [c.column, num(rows[0]?.[c.column])]));
  }
}
