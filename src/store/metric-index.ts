/**
 * The read model for short answers over large scopes, kept by the write side beside the summary
 * ledger (store/summary-ledger.ts), in the same transaction as the write it follows:
 *
 * - `report_metric`: one row per current, non-aggregate report and headline metric (domain/metrics
 *   METRICS) with a positive denominator — numerator, denominator, value, agency, kind, template and
 *   the region prefix of each level (`prov` 2 digits, `pref` 4, `cnty` 6). Indexes
 *   (metric, year, <level>, value, agencyId) serve a ranking's `ORDER BY value LIMIT N`, and
 *   (metric, year, <level>, denominator) its small samples and ranked count.
 * - `finding_key`: each finding of a current report once per region level it lies in (`regionKey`:
 *   '' for the whole country, then the 2-, 4-, 6- and 12-digit prefixes), keyed (regionKey, findingId)
 *   and (regionKey, rule, findingId): the first N findings of a region after a cursor are one index range.
 * - `finding_count`: how many findings per (scope, regionKey, rule, severity, year) — scope `all`,
 *   `in` (the region and all below) or `own` (exactly that region code): totals without counting rows.
 * - `data_version`: one row whose number every write transaction increases (the response cache's key).
 *
 * `refreshReadModel` recomputes the rows of the reports of the given agency-years (and the following
 * year's, whose cross-year findings follow) from the stored reports; `rebuildReadModel` recomputes
 * everything. Both produce the same rows (test/integration/read-model.test.ts).
 */
import type { EntityManager } from "typeorm";
import { METRICS } from "../domain/metrics";
import { termsSql } from "../domain/metrics";
import { summaryKeys } from "../domain/regions";
import { rebuildCoverage, refreshCoverage } from "./coverage-index";

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

/** INSERT … SELECT of the metric rows of the current reports matching `where` (over report r). */
function metricInsert(where: string): string {
  const selects = METRICS.map((m) => {
    const n = termsSql(m.numerator);
    const d = termsSql(m.denominator);
    // 1e0 makes the division DOUBLE on MySQL too, as the ranking's own SQL did.
    return `SELECT '${m.id}', r.id, r.agencyId, r.year, r.format, a.kind, r.regionCode, ${PROV}, ${PREF}, ${CNTY}, ${n}, ${d}, (${n}) * 1e0 / (${d})
      FROM report r JOIN agency a ON a.id = r.agencyId JOIN report_figures f ON f.reportId = r.id
      WHERE r.isCurrent = 1 AND r.isAggregate = 0 AND r.format IN ('2019', '2021') AND (${d}) > 0${where}`;
  });
  return `INSERT INTO report_metric (${METRIC_COLUMNS}) ${selects.join(" UNION ALL ")}`;
}

const FINDING_LEVELS = ["''", PROV, PREF, CNTY, "CASE WHEN LENGTH(r.regionCode) > 6 THEN r.regionCode END"];

/** The finding_key rows of the current reports matching `where` (its parameters repeat once per region level). */
function findingKeyInsert(where: string): string {
  return `INSERT INTO finding_key (regionKey, findingId, reportId, rule, severity, year, regionCode) ${FINDING_LEVELS.map((key) => `
    SELECT ${key}, fi.id, fi.reportId, fi.rule, fi.severity, r.year, r.regionCode FROM finding fi JOIN report r ON r.id = fi.reportId
    WHERE r.isCurrent = 1 AND ${key} IS NOT NULL${where}`).join(" UNION ALL ")}`;
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

async function findingGroups(em: Queryable, ids: number[]): Promise<CountRow[]> {
  const rows: any[] = await em.query(
    `SELECT k.regionCode AS regionCode, k.year AS year, k.rule AS rule, k.severity AS severity, COUNT(*) AS n
     FROM finding_key k WHERE k.regionKey = '' AND k.reportId IN (${ids.map(() => "?").join(", ")})
     GROUP BY k.regionCode, k.year, k.rule, k.severity`, ids);
  return rows.map((r) => ({ regionCode: r.regionCode ?? null, year: Number(r.year), rule: r.rule, severity: r.severity, n: Number(r.n) }));
}

/** Adds signed counts to finding_count: one upsert statement per 500 keys. */
async function addCounts(em: EntityManager, deltas: Map<string, number>): Promise<void> {
  const entries = [...deltas].filter(([, n]) => n !== 0);
  const mysql = em.connection.driver.options.type !== "better-sqlite3";
  for (let i = 0; i < entries.length; i += 500) {
    const chunk = entries.slice(i, i + 500);
    const params = chunk.flatMap(([key, n]) => [...JSON.parse(key), n]);
    const values = chunk.map(() => "(?, ?, ?, ?, ?, ?)").join(", ");
    await em.query(`INSERT INTO finding_count (scope, regionKey, rule, severity, year, n) VALUES ${values} ${mysql
      ? "ON DUPLICATE KEY UPDATE n = n + VALUES(n)"
      : "ON CONFLICT (scope, regionKey, rule, severity, year) DO UPDATE SET n = n + excluded.n"}`, params);
  }
  // Only the keys that went down can have reached 0: deleted by primary key, never by a scan.
  const lowered = entries.filter(([, n]) => n < 0).map(([key]) => JSON.parse(key) as unknown[]);
  for (let i = 0; i < lowered.length; i += 500) {
    const chunk = lowered.slice(i, i + 500);
    await em.query(`DELETE FROM finding_count WHERE n = 0 AND (${chunk.map(() => "(scope = ? AND regionKey = ? AND rule = ? AND severity = ? AND year = ?)").join(" OR ")})`, chunk.flat());
  }
}

function tally(into: Map<string, number>, groups: CountRow[], sign: 1 | -1): void {
  for (const g of groups) {
    for (const [scope, key] of countKeys(g.regionCode)) {
      const k = JSON.stringify([scope, key, g.rule, g.severity, g.year]);
      into.set(k, (into.get(k) ?? 0) + sign * g.n);
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
 * findings, cross-year findings and agency changes are written.
 */
export async function refreshReadModel(em: EntityManager, changed: AgencyYears[]): Promise<void> {
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
  await refreshCoverage(em, changed);
}

/** Recomputes the read model of the given reports (current ones get rows, the others lose theirs). */
export async function refreshReports(em: EntityManager, ids: number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const list = chunk.map(() => "?").join(", ");
    const deltas = new Map<string, number>();
    tally(deltas, await findingGroups(em, chunk), -1);
    await em.query(`DELETE FROM finding_key WHERE reportId IN (${list})`, chunk);
    await em.query(`DELETE FROM report_metric WHERE reportId IN (${list})`, chunk);
    await em.query(metricInsert(` AND r.id IN (${list})`), METRICS.flatMap(() => chunk));
    await em.query(findingKeyInsert(` AND r.id IN (${list})`), FINDING_LEVELS.flatMap(() => chunk));
    tally(deltas, await findingGroups(em, chunk), 1);
    await addCounts(em, deltas);
  }
}

/** Recomputes the whole read model, the coverage lists included (store/coverage-index.ts), from the stored agencies and reports. */
export async function rebuildReadModels(em: EntityManager): Promise<void> {
  await rebuildReadModel(em);
  await rebuildCoverage(em);
}

/**
 * Recomputes report_metric, finding_key and finding_count from the stored reports (migration
 * 1796270000000 calls it before the coverage tables exist; everything else calls rebuildReadModels).
 */
export async function rebuildReadModel(em: EntityManager): Promise<void> {
  await em.query("DELETE FROM report_metric");
  await em.query("DELETE FROM finding_key");
  await em.query("DELETE FROM finding_count");
  await em.query(metricInsert(""));
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
