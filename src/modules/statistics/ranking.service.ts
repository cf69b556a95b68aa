import { DataSource } from "typeorm";
import { keyFor } from "../../domain/regions";
import type { Ratio } from "../../domain/metrics";
import { Measure, moneyScale, templatesOf } from "../../domain/measures";
import { NARROW_ROWS, plainQuery, preparedQuery } from "../../db/prepared";
import { speaksSqlite, unionOfOrdered } from "../../db/union";
import { checkRegionCode, MAX_PAGE, pageLimit } from "../common/args";
import { METRIC_COUNT_CAP, METRICS, SAMPLE_TIERS, tiersFrom } from "../../domain/metrics";
import { agencyOf, inList, levelOf, measureSql, num, regionWhere } from "./statistics.sql";

/** Metrics with precomputed per-report values (report_metric, kept by store/metric-index.ts). */
const INDEXED = new Set(METRICS.map((m) => m.id));
const indexed = (m: Measure) => m.kind === "metric" && INDEXED.has(m.metric.id);

/** Up to this many denominators below the threshold, small samples are read one denominator range each. */
const SMALL_RANGES = 30;

/** What a ranking's smallSamples field needs to run its query when asked for. */
export interface SmallSampleArgs {
  m: Measure;
  year: number;
  regionCode: string | null;
  agencyKind: string | null;
  minDenominator: number;
  template: string | null;
}

/** Agencies ranked by a measure in one year, those under the sample threshold, and the averages they are held against. */
export class RankingService {
  constructor(private readonly ds: DataSource) {}

  /** The ranking of agencies by `m` with region and same-kind averages (a metric: three statements at once — page, count, averages). */
  async rank(m: Measure, measure: string, year: number, regionCode: string | null, agencyKind: string | null, order: "DESC" | "ASC", first: number, minDenominator: number, template: string | null) {
    minDenominator = Math.max(1, minDenominator);
    const [result, averages] = await Promise.all([
      this.ranking(m, year, regionCode, agencyKind, order, first, minDenominator, template),
      this.averages(m, year, regionCode, agencyKind, template),
    ]);
    const none = { numerator: null, denominator: null, value: null };
    return {
      measure,
      rankedCount: result.rankedCount,
      regionAverage: averages.region,
      entries: result.entries.map((e) => Object.assign(e, { regionAverage: averages.region, kindAverage: averages.byKind.get(e.agency.kind) ?? none })),
      smallSampleArgs: this.smallSampleArgs(m, year, regionCode, agencyKind, minDenominator, template),
    };
  }

  /** What the small samples of a ranking with these arguments read (the threshold at least 1, as the ranking's). */
  smallSampleArgs(m: Measure, year: number, regionCode: string | null, agencyKind: string | null, minDenominator: number, template: string | null): SmallSampleArgs {
    return { m, year, regionCode, agencyKind, minDenominator: Math.max(1, minDenominator), template };
  }

  private rankingBase(m: Measure, year: number, regionCode: string | null | undefined, agencyKind: string | null | undefined, template?: string | null) {
    const region = regionWhere("r.regionCode", regionCode, true);
    const kind = agencyKind ? { sql: " AND a.kind = ?", params: [agencyKind] } : { sql: "", params: [] as unknown[] };
    const fmt = inList("r.format", templatesOf(m, template));
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
    const money = moneyScale(m);
    const nn = num(numer);
    const dd = num(denom);
    if (m.kind === "cell") return { numerator: nn == null ? null : nn / money, denominator: null, value: nn == null ? null : nn / money };
    return { numerator: nn, denominator: dd, value: nn != null && dd ? nn / dd : null };
  }

  /**
   * The filters of report_metric rows for a metric's ranking: metric, year, the region level's key
   * column, kind and template — the leading columns of an index ordered by value (or denominator).
   */
  private metricBase(m: Measure, year: number, regionCode: string | null | undefined, agencyKind: string | null | undefined, template?: string | null) {
    const id = m.kind === "metric" ? m.metric.id : "";
    const level = regionCode ? levelOf(regionCode) : null;
    const region = level ? { sql: ` AND m.${level.column} = ?`, params: [level.key] } : { sql: "", params: [] as unknown[] };
    const kind = agencyKind ? { sql: " AND m.agencyKind = ?", params: [agencyKind] } : { sql: "", params: [] as unknown[] };
    const fmt = inList("m.format", templatesOf(m, template));
    const countKind = agencyKind ? " AND c.agencyKind = ?" : "";
    const countFmt = inList("c.format", templatesOf(m, template));
    const where = `WHERE m.metric = ? AND m.year = ?${region.sql}${kind.sql}${fmt.sql}`;
    return {
      from: `FROM report_metric m JOIN agency a ON a.id = m.agencyId ${where}`,
      count: `FROM report_metric m ${where}`,
      /** The same rows from the level's value or denominator index, named (see `indexHint`). */
      ranged: (order: "value" | "den") => `FROM report_metric m${this.indexHint(order, level?.column ?? null)} ${where}`,
      params: [id, year, ...region.params, ...kind.params, ...fmt.params],
      /** metric_count rows of the same filters (the region level's key, '' for the country). */
      counted: `FROM metric_count c WHERE c.metric = ? AND c.year = ? AND c.regionKey = ?${countKind}${countFmt.sql}`,
      countParams: [id, year, level?.key ?? "", ...kind.params, ...countFmt.params],
    };
  }

  /**
   * MySQL/MariaDB/TiDB: the index an ordered range of report_metric reads, named. Left to choose,
   * MariaDB's optimizer weighed each of report_metric's ten indexes for every range of a page (five
   * sample tiers, four small denominators) with index dives whose cost grows with the table: the
   * ranking page at 1M took 5.98 ms, 2.68 with the index named; the small samples 4.94 → 2.02 (the
   * same rows; 10k: 3.58 → 1.86). SQLite's planner is cheap and is left alone. Towns have no
   * denominator index.
   */
  private indexHint(order: "value" | "den", level: "prov" | "pref" | "cnty" | "regionCode" | null): string {
    if (speaksSqlite(this.ds)) return "";
    if (level === "regionCode") return order === "value" ? " FORCE INDEX (IDX_report_metric_town)" : "";
    return ` FORCE INDEX (IDX_report_metric_${level ? `${level}_` : ""}${order})`;
  }

  /** Ordered index ranges merged and cut to `limit` by `order` (unqualified column names), for a derived table. */
  private merged(ranges: string[], order: string, limit: number): string {
    return unionOfOrdered(speaksSqlite(this.ds), ranges, `ORDER BY ${order} LIMIT ${limit}`);
  }

  /**
   * A headline metric's ranking from report_metric: the first N rows in (value, agency id) order in
   * the ranking's direction (N per sample tier, one index range each, merged) — ties too follow the
   * agency id in that direction, so the index order is the page's and no second look at the N-th
   * value's ties is needed — and the count of ranked agencies: two statements, their cost set by N rather than by the scope:
   * the count sums metric_count's rows per denominator (capped at METRIC_COUNT_CAP), a count of the
   * index range only for a threshold above the cap.
   * Dense ranks follow from the rows read: every larger value comes earlier in the order.
   */
  private async metricRanking(m: Measure, year: number, regionCode: string | null | undefined, agencyKind: string | null | undefined, order: "DESC" | "ASC", first: number, minDenominator: number, template?: string | null) {
    const base = this.metricBase(m, year, regionCode, agencyKind, template);
    const limit = pageLimit(first);
    const dir = order === "ASC" ? "ASC" : "DESC";
    const min = Math.max(1, Math.trunc(minDenominator));
    // Small samples gather at the extremes (1 of 1 granted is 100 %): read in value order they would
    // be skipped in numbers that grow with the scope. The page is the first N of each sample tier
    // from the threshold's up (one range of the value index each, keys only: the index holds value,
    // agencyId and denominator), merged and cut to N; then only those N rows and their agencies by
    // primary key (joining before the cut would read N per tier).
    const tiers = tiersFrom(min);
    // The value index named only when the threshold is a tier's own bound, so that each range is a
    // whole tier: a threshold inside a tier (7, or 5,000 in the top one) leaves rows of its tier
    // below it, which the named value index would read in value order until the page fills — the
    // optimizer, left to choose, takes the denominator index for those.
    const valueRange = SAMPLE_TIERS.includes(min) ? base.ranged("value") : base.count;
    const page = `SELECT a.id AS id, a.name AS name, a.kind AS kind, a.regionCode AS regionCode, a.parentId AS parentId,
        m.numerator AS num, m.denominator AS den, m.value AS v
      FROM (${this.merged(tiers.map(() => `SELECT m.reportId AS reportId, m.metric AS metric, m.value AS value, m.agencyId AS agencyId
        ${valueRange} AND m.tier = ? AND m.denominator >= ? ORDER BY m.value ${dir}, m.agencyId ${dir} LIMIT ${limit}`), `value ${dir}, agencyId ${dir}`, limit)}) t
      JOIN report_metric m ON m.reportId = t.reportId AND m.metric = t.metric JOIN agency a ON a.id = m.agencyId`;
    const params = tiers.flatMap((tier) => [...base.params, tier, min]);
    const [top, count] = await Promise.all([
      plainQuery(this.ds, page, params, NARROW_ROWS),
      min <= METRIC_COUNT_CAP
        ? plainQuery(this.ds, `SELECT SUM(c.n) AS n ${base.counted} AND c.denominator >= ?`, [...base.countParams, min])
        : plainQuery(this.ds, `SELECT COUNT(*) AS n ${base.count} AND m.denominator >= ?`, [...base.params, min]),
    ]);
    // The joins keep no order: (value, agency id) in the ranking's direction.
    const sign = dir === "DESC" ? -1 : 1;
    const rows = [...top].sort((x: any, y: any) => sign * (Number(x.v) - Number(y.v)) || sign * (Number(x.id) - Number(y.id))).slice(0, limit);
    let rank = 0;
    let previous: number | null = null;
    const entries = rows.map((r) => {
      const v = Number(r.v);
      if (previous === null || v !== previous) rank++;
      previous = v;
      return { rank, agency: agencyOf(r), value: this.ratio(m, r.num, r.den) };
    });
    return { rankedCount: Number(count[0]?.n ?? 0), entries };
  }

  /**
   * Dense ranking of agencies by a measure in one year and scope: one statement, the same scan and
   * window function a hand-written query needs, plus the count of ranked agencies. Ties by agency id
   * in the ranking's direction, as the indexed path.
   */
  async ranking(m: Measure, year: number, regionCode: string | null | undefined, agencyKind: string | null | undefined, order: "DESC" | "ASC", first: number, minDenominator: number, template?: string | null) {
    if (indexed(m)) return this.metricRanking(m, year, regionCode, agencyKind, order, first, minDenominator, template);
    const base = this.rankingBase(m, year, regionCode, agencyKind, template);
    const { n, d } = base;
    // 1e0 makes the division DOUBLE on MySQL too (its DECIMAL division keeps only 4 more digits, which would tie unequal ratios).
    const value = d ? `(${n}) * 1e0 / (${d})` : n;
    const eligible = d ? ` AND (${d}) >= ${Number(minDenominator)} AND (${d}) > 0` : ` AND ${n} IS NOT NULL`;
    const rows: any[] = await this.ds.query(
      `SELECT a.id AS id, a.name AS name, a.kind AS kind, a.regionCode AS regionCode, a.parentId AS parentId, ${n} AS num, ${d ?? "NULL"} AS den,
         DENSE_RANK() OVER (ORDER BY ${value} ${order === "ASC" ? "ASC" : "DESC"}) AS rnk, COUNT(*) OVER () AS cnt
       ${base.from}${eligible} ORDER BY rnk, a.id ${order === "ASC" ? "ASC" : "DESC"} LIMIT ${pageLimit(first)}`,
      base.params,
    );
    return {
      rankedCount: Number(rows[0]?.cnt ?? 0),
      entries: rows.map((r) => ({ rank: Number(r.rnk), agency: agencyOf(r), value: this.ratio(m, r.num, r.den) })),
    };
  }

  /** Agencies whose denominator is under minDenominator, by agency id: listed apart, not ranked (the first `first`, up to MAX_PAGE). */
  async smallSamples({ m, year, regionCode, agencyKind, minDenominator, template }: SmallSampleArgs, first = MAX_PAGE) {
    if (indexed(m)) {
      const b = this.metricBase(m, year, regionCode, agencyKind, template);
      const cols = "SELECT a.id AS id, a.name AS name, a.kind AS kind, a.regionCode AS regionCode, a.parentId AS parentId, m.numerator AS num, m.denominator AS den";
      const below = Math.trunc(minDenominator);
      const limit = pageLimit(first);
      let rows: any[];
      if (below - 1 <= SMALL_RANGES) {
        // Denominators are counts (≥ 1 in report_metric): one ordered range of the index
        // (metric, year, level key, denominator, agencyId) per denominator below the threshold, each
        // cut at the page size, merged — the cost follows the page, not the region's small samples.
        // Keys only from each range (the index holds agencyId; the primary key reportId, metric), then
        // the merged page (cut before the joins) and its agencies by primary key.
        const ranges = Array.from({ length: Math.max(0, below - 1) }, () => `SELECT m.reportId AS reportId, m.metric AS metric, m.agencyId AS agencyId
          ${b.ranged("den")} AND m.denominator = ? ORDER BY m.agencyId LIMIT ${limit}`);
        rows = ranges.length ? await plainQuery(this.ds, `${cols} FROM (${this.merged(ranges, "agencyId", limit)}) k
          JOIN report_metric m ON m.reportId = k.reportId AND m.metric = k.metric JOIN agency a ON a.id = m.agencyId ORDER BY k.agencyId`,
          Array.from({ length: ranges.length }, (_, i) => [...b.params, i + 1]).flat(), NARROW_ROWS) : [];
      } else {
        rows = await plainQuery(this.ds, `${cols} ${b.from} AND m.denominator < ? ORDER BY m.agencyId LIMIT ${limit}`, [...b.params, below], NARROW_ROWS);
      }
      return rows.map((r) => ({ agency: agencyOf(r), value: this.ratio(m, r.num, r.den) }));
    }
    const base = this.rankingBase(m, year, regionCode, agencyKind, template);
    if (!base.d) return [];
    const rows: any[] = await this.ds.query(
      `SELECT a.id AS id, a.name AS name, a.kind AS kind, a.regionCode AS regionCode, a.parentId AS parentId, ${base.n} AS num, ${base.d} AS den
       ${base.from} AND (${base.d}) < ${Number(minDenominator)} AND (${base.d}) > 0 ORDER BY a.id LIMIT ${pageLimit(first)}`,
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
    const fmt = inList("s.format", templatesOf(m, template));
    const kind = agencyKind ? { sql: " AND s.agencyKind = ?", params: [agencyKind] } : { sql: "", params: [] as unknown[] };
    const rows: any[] = await preparedQuery(this.ds,
      `SELECT s.agencyKind AS kind, SUM(${m.kind === "cell" ? `COALESCE(${n}, 0)` : n}) AS num, SUM(${d ?? "s.reportCount"}) AS den
       FROM stat_summary s WHERE s.scope = ?${key.regionKey ? " AND s.regionKey = ?" : ""} AND s.year = ?${fmt.sql}${kind.sql} GROUP BY s.agencyKind`,
      [key.scope, ...(key.regionKey ? [key.regionKey] : []), year, ...fmt.params, ...kind.params],
    );
    const money = moneyScale(m);
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
}
