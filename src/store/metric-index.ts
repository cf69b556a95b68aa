/**
 * The read model for short answers over large scopes, kept by the write side beside the summary
 * ledger (store/summary-ledger.ts), in the same transaction as the write it follows:
 *
 * - `report_metric`: one row per current, non-aggregate report and headline metric (domain/metrics
 *   METRICS) with a positive denominator — numerator, denominator, value, agency, kind, template and
 *   the region prefix of each level (`prov` 2 digits, `pref` 4, `cnty` 6), and the denominator's
 *   sample tier (domain/metrics SAMPLE_TIERS). Indexes (metric, year, <level>, tier, value, agencyId,
 *   denominator) serve a ranking's `ORDER BY value LIMIT N` per tier, and
 *   (metric, year, <level>, denominator) its small samples and ranked count.
 * - `finding_key`: each finding of a current report once per region level it lies in (`regionKey`:
 *   '' for the whole country, then the 2-, 4-, 6- and 12-digit prefixes), keyed (regionKey, findingId)
 *   and (regionKey, rule, findingId): the first N findings of a region after a cursor are one index range.
 * - `finding_region`: how many findings per (region level key, rule or '' for all, region code): a
 *   region's largest region codes by findings are one index range (regionKey, rule, n, regionCode).
 * - `metric_count`: report_metric rows per (metric, year, level key, kind, template, denominator capped
 *   at METRIC_COUNT_CAP): a ranking's ranked count is a sum over a few hundred rows.
 * - `finding_count`: how many findings per (scope, regionKey, rule, severity, year) — scope `all`,
 *   `in` (the region and all below) or `own` (exactly that region code): totals without counting rows.
 * - `aggregate_key`: each current aggregate (汇总) report once per summary key of its region (the
 *   ledger's scopes): a region's excluded aggregates, first N by id and their count, are one key range.
 * - `data_version`: one row whose number every write transaction increases (the response cache's key).
 *
 * `refreshReadModel` recomputes the rows of the reports of the given agency-years (and the following
 * year's, whose cross-year findings follow) from the stored reports; `rebuildReadModel` recomputes
 * everything. Both produce the same rows (test/integration/read-model.test.ts).
 */
import type { EntityManager } from "typeorm";
import { METRIC_COUNT_CAP, METRICS, tierSql } from "../domain/metrics";
import { termsSql } from "../domain/metrics";
import { summaryKeys, summaryKeySql } from "../domain/regions";
import { KnownAgencies, rebuildCoverage, refreshCoverage } from "./coverage-index";
import { addCounts, addDelta, CountDeltas } from "./counts";

type Queryable = Pick<EntityManager, "query">;

const PROV = "SUBSTR(r.regionCode, 1, 2)";
const PREF = "CASE WHEN SUBSTR(r.regionCode, 3, 4) <> '0000' THEN SUBSTR(r.regionCode, 1, 4) END";
const CNTY = "CASE WHEN LENGTH(r.regionCode) > 6 OR SUBSTR(r.regionCode, 5, 2) <> '00' THEN SUBSTR(r.regionCode, 1, 6) END";

/** The roll-up keys of finding_key a report in `regionCode` appears under ('' for the country). */
export function rollupKeys(regionCode: string | null): string[] {
  if (!regionCode) return [""];
  return ["", ...summaryKeys(regionCode).filter((k) => k.scope !== "own").map((k) => k.regionKey)];
}

const METRIC_COLUMNS = "metric, reportId, agencyId, year, format, agencyKind, regionCode, prov, pref, cnty, numerator, denominator, value";

/**
 * INSERT … SELECT of the metric rows of the current reports matching `where` (over report r), with
 * their sample tier — except for migration 1796270000000, which runs before the column exists (the
 * tier migration then sets it).
 */
function metricInsert(where: string, withTier = true): string {
  const selects = METRICS.map((m) => {
    const n = termsSql(m.numerator);
    const d = termsSql(m.denominator);
    // 1e0 makes the division DOUBLE on MySQL too, as the ranking's own SQL did.
    return `SELECT '${m.id}', r.id, r.agencyId, r.year, r.format, a.kind, r.regionCode, ${PROV}, ${PREF}, ${CNTY}, ${n}, ${d}, (${n}) * 1e0 / (${d})${withTier ? `, ${tierSql(`(${d})`)}` : ""}
      FROM report r JOIN agency a ON a.id = r.agencyId JOIN report_figures f ON f.reportId = r.id
      WHERE r.isCurrent = 1 AND r.isAggregate = 0 AND r.format IN ('2019', '2021') AND (${d}) > 0${where}`;
  });
  return `INSERT INTO report_metric (${METRIC_COLUMNS}${withTier ? ", tier" : ""}) ${selects.join(" UNION ALL ")}`;
}

const FINDING_LEVELS = ["''", PROV, PREF, CNTY, "CASE WHEN LENGTH(r.regionCode) > 6 THEN r.regionCode END"];

/** The finding_key rows of the current reports matching `where` (its parameters repeat once per region level). */
function findingKeyInsert(where: string): string {
  return `INSERT INTO finding_key (regionKey, findingId, reportId, rule, severity, year, regionCode) ${FINDING_LEVELS.map((key) => `
    SELECT ${key}, fi.id, fi.reportId, fi.rule, fi.severity, r.year, r.regionCode FROM finding fi JOIN report r ON r.id = fi.reportId
    WHERE r.isCurrent = 1 AND ${key} IS NOT NULL${where}`).join(" UNION ALL ")}`;
}

const AGGREGATE_KEYS = summaryKeySql("r.regionCode");

/** The aggregate_key rows of the current aggregate reports matching `where` (its parameters repeat once per key). */
function aggregateKeyInsert(where: string): string {
  return `INSERT INTO aggregate_key (scope, regionKey, year, reportId) ${AGGREGATE_KEYS.map(([scope, key]) => `
    SELECT '${scope}', ${key}, r.year, r.id FROM report r
    WHERE r.isCurrent = 1 AND r.isAggregate = 1 AND r.regionCode IS NOT NULL AND ${key} IS NOT NULL${where}`).join(" UNION ALL ")}`;
}

interface CountRow {
  regionCode: string | null;
  year: number;
  rule: string;
  severity: string;
  n: number;
}

/** finding_count keys a group of findings counts in. */
function countKeys(regionCode: string | null): Array<[string, string]> {
  const keys: Array<[string, string]> = [["all", ""], ["own", regionCode ?? ""]];
  for (const k of rollupKeys(regionCode)) if (k) keys.push(["in", k]);
  return keys;
}

/**
 * The given reports' finding groups (finding_key's country-level rows by region code, year, rule and
 * severity) and report_metric groups (by metric_count's key parts), in one statement (`src` tells
 * them apart); with `aggregates`, also how many aggregate_key rows they have.
 */
async function countGroups(em: Queryable, ids: number[], aggregates = false): Promise<{ findings: CountRow[]; metrics: MetricGroup[]; aggregateKeys: number }> {
  const list = ids.map(() => "?").join(", ");
  const rows: any[] = await em.query(
    `SELECT 'f' AS src, NULL AS metric, k.year AS year, NULL AS prov, NULL AS pref, NULL AS cnty, k.regionCode AS regionCode, NULL AS agencyKind,
       NULL AS format, k.rule AS rule, k.severity AS severity, NULL AS d, COUNT(*) AS n
     FROM finding_key k WHERE k.regionKey = '' AND k.reportId IN (${list})
     GROUP BY k.regionCode, k.year, k.rule, k.severity
     UNION ALL
     SELECT 'm', metric, year, prov, pref, cnty, regionCode, agencyKind, format, NULL, NULL, ${CAPPED} AS d, COUNT(*) FROM report_metric
     WHERE reportId IN (${list}) GROUP BY metric, year, prov, pref, cnty, regionCode, agencyKind, format, d${aggregates ? `
     UNION ALL
     SELECT 'a', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, COUNT(*) FROM aggregate_key WHERE reportId IN (${list})` : ""}`,
    aggregates ? [...ids, ...ids, ...ids] : [...ids, ...ids]);
  const findings: CountRow[] = [];
  const metrics: MetricGroup[] = [];
  let aggregateKeys = 0;
  for (const r of rows) {
    if (r.src === "f") findings.push({ regionCode: r.regionCode ?? null, year: Number(r.year), rule: r.rule, severity: r.severity, n: Number(r.n) });
    else if (r.src === "m") metrics.push(r);
    else aggregateKeys += Number(r.n);
  }
  return { findings, metrics, aggregateKeys };
}

/** Adds the groups' counts to finding_count deltas (`into`) and finding_region deltas (`regions`). */
function tally(into: CountDeltas, regions: CountDeltas, groups: CountRow[], sign: 1 | -1): void {
  for (const g of groups) {
    for (const [scope, key] of countKeys(g.regionCode)) addDelta(into, [scope, key, g.rule, g.severity, g.year], sign * g.n);
    for (const key of rollupKeys(g.regionCode)) {
      for (const rule of [g.rule, ""]) addDelta(regions, [key, rule, g.regionCode ?? ""], sign * g.n);
    }
  }
}

const FINDING_COUNT_KEY = ["scope", "regionKey", "rule", "severity", "year"];
const FINDING_REGION_KEY = ["regionKey", "rule", "regionCode"];
const METRIC_COUNT_KEY = ["metric", "year", "regionKey", "agencyKind", "format", "denominator"];


/** The region-level keys of metric_count a report_metric row counts under (its own columns; a town's 12-digit code). */
const METRIC_KEYS = ["''", "prov", "pref", "cnty", "CASE WHEN LENGTH(regionCode) > 6 THEN regionCode END"];
const CAPPED = `CASE WHEN denominator > ${METRIC_COUNT_CAP} THEN ${METRIC_COUNT_CAP} ELSE denominator END`;

/** A group of report_metric rows as `countGroups` reads it. */
interface MetricGroup {
  metric: string;
  year: unknown;
  prov: string | null;
  pref: string | null;
  cnty: string | null;
  regionCode: string | null;
  agencyKind: string;
  format: string;
  d: unknown;
  n: unknown;
}

/** Tallies report_metric groups into metric_count deltas. */
function tallyMetrics(groups: MetricGroup[], into: CountDeltas, sign: 1 | -1): void {
  for (const r of groups) {
    const town = r.regionCode != null && String(r.regionCode).length > 6 ? String(r.regionCode) : null;
    for (const key of ["", r.prov, r.pref, r.cnty, town]) {
      if (key != null) addDelta(into, [r.metric, Number(r.year), key, r.agencyKind, r.format, Number(r.d)], sign * Number(r.n));
    }
  }
}

/** Increases the data version (inside the caller's write transaction). */
export async function bumpDataVersion(em: Queryable): Promise<void> {
  await em.query("UPDATE data_version SET version = version + 1 WHERE id = 1");
}

export interface AgencyYears {
  agencyId: number;
  /** The years changed; the following year's reports are refreshed too (cross-year findings). Absent: every year. */
  years?: number[];
}

/**
 * Recomputes the read model of every report (each revision) of the given agency-years and the year
 * after each, and bumps the data version. Call it last in the write transaction, after the reports,
 * findings, cross-year findings and agency changes are written. `known`: the agencies' kind, region
 * and current years as they now stand, when the caller has them (store/coverage-index.ts).
 */
export async function refreshReadModel(em: EntityManager, changed: AgencyYears[], known?: KnownAgencies): Promise<void> {
  await bumpDataVersion(em);
  if (!changed.length) return;
  const clauses = changed.map((c) => {
    if (!c.years) return { sql: "agencyId = ?", params: [c.agencyId] as unknown[] };
    const years = [...new Set(c.years.flatMap((y) => [y, y + 1]))];
    return { sql: `(agencyId = ? AND year IN (${years.map(() => "?").join(", ")}))`, params: [c.agencyId, ...years] };
  });
  const ids: number[] = [];
  for (let i = 0; i < clauses.length; i += 200) {
    const chunk = clauses.slice(i, i + 200);
    const rows: any[] = await em.query(`SELECT id FROM report WHERE ${chunk.map((c) => c.sql).join(" OR ")}`, chunk.flatMap((c) => c.params));
    ids.push(...rows.map((r) => Number(r.id)));
  }
  await refreshReports(em, ids);
  await refreshCoverage(em, changed, known);
}

/** Recomputes the read model of the given reports (current ones get rows, the others lose theirs). */
export async function refreshReports(em: EntityManager, ids: number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const list = chunk.map(() => "?").join(", ");
    const deltas: CountDeltas = new Map();
    const regionDeltas: CountDeltas = new Map();
    const metricDeltas: CountDeltas = new Map();
    const before = await countGroups(em, chunk, true);
    tally(deltas, regionDeltas, before.findings, -1);
    tallyMetrics(before.metrics, metricDeltas, -1);
    // Only tables that hold rows of these reports: a new report has none yet (every finding has its
    // country-level finding_key row, every report_metric row is in a group).
    if (before.findings.length) await em.query(`DELETE FROM finding_key WHERE reportId IN (${list})`, chunk);
    if (before.metrics.length) await em.query(`DELETE FROM report_metric WHERE reportId IN (${list})`, chunk);
    if (before.aggregateKeys) await em.query(`DELETE FROM aggregate_key WHERE reportId IN (${list})`, chunk);
    await em.query(metricInsert(` AND r.id IN (${list})`), METRICS.flatMap(() => chunk));
    await em.query(aggregateKeyInsert(` AND r.id IN (${list})`), AGGREGATE_KEYS.flatMap(() => chunk));
    await em.query(findingKeyInsert(` AND r.id IN (${list})`), FINDING_LEVELS.flatMap(() => chunk));
    const after = await countGroups(em, chunk);
    tally(deltas, regionDeltas, after.findings, 1);
    tallyMetrics(after.metrics, metricDeltas, 1);
    await addCounts(em, "finding_count", FINDING_COUNT_KEY, deltas);
    await addCounts(em, "metric_count", METRIC_COUNT_KEY, metricDeltas);
    await addCounts(em, "finding_region", FINDING_REGION_KEY, regionDeltas);
  }
}

/** Recomputes the whole read model, the coverage lists included (store/coverage-index.ts), from the stored agencies and reports. */
export async function rebuildReadModels(em: EntityManager): Promise<void> {
  await rebuildReadModel(em, true);
  await rebuildMetricCounts(em);
  await rebuildFindingRegions(em);
  await em.query("DELETE FROM aggregate_key");
  await em.query(aggregateKeyInsert(""));
  await rebuildCoverage(em);
}

/** Recomputes finding_region from finding_key's country-level rows (one per finding of a current report). */
async function rebuildFindingRegions(em: EntityManager): Promise<void> {
  await em.query("DELETE FROM finding_region");
  for (const level of FINDING_LEVELS) {
    for (const rule of ["r.rule", "''"]) {
      await em.query(`INSERT INTO finding_region (${FINDING_REGION_KEY.join(", ")}, n)
        SELECT ${level} AS rk, ${rule} AS ru, COALESCE(r.regionCode, '') AS rc, COUNT(*) FROM finding_key r
        WHERE r.regionKey = '' AND ${level} IS NOT NULL GROUP BY rk, ru, rc`);
    }
  }
}

/** Recomputes metric_count from report_metric. */
async function rebuildMetricCounts(em: EntityManager): Promise<void> {
  await em.query("DELETE FROM metric_count");
  for (const key of METRIC_KEYS) {
    await em.query(`INSERT INTO metric_count (${METRIC_COUNT_KEY.join(", ")}, n)
      SELECT metric, year, ${key} AS rk, agencyKind, format, ${CAPPED} AS d, COUNT(*) FROM report_metric
      WHERE ${key} IS NOT NULL GROUP BY metric, year, rk, agencyKind, format, d`);
  }
}

/**
 * Recomputes report_metric, finding_key and finding_count from the stored reports. For migration
 * 1796270000000 only, which calls it (without `withTier`) before the coverage, metric_count and
 * aggregate tables and the tier column exist; its rows get tier 1 until migration 1796320000000 sets
 * them. Everything else calls rebuildReadModels.
 */
export async function rebuildReadModel(em: EntityManager, withTier = false): Promise<void> {
  await em.query("DELETE FROM report_metric");
  await em.query("DELETE FROM finding_key");
  await em.query("DELETE FROM finding_count");
  await em.query(metricInsert("", withTier));
  await em.query(findingKeyInsert(""));
  const levels: Array<[string, string]> = [["all", "''"], ["own", "COALESCE(r.regionCode, '')"], ["in", PROV], ["in", PREF], ["in", CNTY], ["in", "CASE WHEN LENGTH(r.regionCode) > 6 THEN r.regionCode END"]];
  for (const [scope, key] of levels) {
    // finding_key's country-level rows (one per finding) carry each finding's region code and year.
    await em.query(`INSERT INTO finding_count (scope, regionKey, rule, severity, year, n)
      SELECT '${scope}', ${key} AS rk, r.rule, r.severity, r.year, COUNT(*) FROM finding_key r
      WHERE r.regionKey = '' AND ${key} IS NOT NULL GROUP BY rk, r.rule, r.severity, r.year`);
  }
  await bumpDataVersion(em);
}
