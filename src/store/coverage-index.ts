/**
 * The coverage read model: which registered agencies of a region did not report a year, kept by the
 * write side in the same transaction as the write it follows (called from refreshReadModel and from
 * the agency writer), so that "the first N unreported agencies" and their count cost N, not the
 * region's size.
 *
 * - `coverage_key`: one row per (region level, year, agency) for each agency *without* a current
 *   report that year — `scope`/`regionKey` as in the summary ledger (domain/regions summaryKeys:
 *   own, prov, pref, cnty, town), `status` 0 when it reported the year before, 1 when not. Primary
 *   key (scope, regionKey, year, status, agencyId): a coverage list (those that reported the year
 *   before first, then by id) is one index range read in order up to LIMIT N; the index
 *   (scope, regionKey, year, agencyKind, status, agencyId) serves the same per agency kind.
 *   Year 0 holds every registered agency (status 1): the answer for a year that no report touches.
 * - `coverage_year`: the years materialized: 0 and the contiguous range from the first year of a
 *   current report to the year after the last. A year outside it has no current report, nor has the
 *   year before, so every registered agency is missing and none reported the year before: year 0.
 * - `coverage_count`: how many rows per (scope, regionKey, year, agencyKind, status): totals
 *   without counting rows.
 *
 * Agencies without a region code are in no region's list (as before). `refreshCoverage` recomputes
 * the rows of the given agency-years (and the year after each) and writes only those that differ;
 * `rebuildCoverage` recomputes everything. Both produce the same rows
 * (test/integration/read-model.test.ts).
 */
import type { EntityManager } from "typeorm";
import { summaryKeys, summaryKeySql } from "../domain/regions";
import { insertRows, placeholders } from "./sql";
import { addCounts, addDelta, CountDeltas } from "./counts";

type Queryable = Pick<EntityManager, "query">;

export interface CoverageChange {
  agencyId: number;
  /** Years whose current report changed (the year after follows); absent: the agency's every row (new agency, kind or region changed). */
  years?: number[];
}

interface Row {
  scope: string;
  regionKey: string;
  year: number;
  agencyKind: string;
  status: number;
  agencyId: number;
}

const rowKey = (r: Row) => `${r.scope}|${r.regionKey}|${r.year}|${r.status}|${r.agencyId}`;
const countKey = (r: Row) => [r.scope, r.regionKey, r.year, r.agencyKind, r.status];

/**
 * SELECT of the coverage rows of every agency × materialized year matching `yearCondition` (over
 * coverage_year y): one SELECT per region level, UNION ALL. Parameters of the condition repeat per level.
 */
function coverageSelect(yearCondition: string): string {
  return summaryKeySql("a.regionCode").map(([scope, key]) => `
    SELECT '${scope}' AS scope, ${key} AS regionKey, y.year AS year, a.kind AS agencyKind,
      CASE WHEN y.year > 0 AND EXISTS (SELECT 1 FROM report p WHERE p.agencyId = a.id AND p.year = y.year - 1 AND p.isCurrent = 1) THEN 0 ELSE 1 END AS status,
      a.id AS agencyId
    FROM agency a JOIN coverage_year y ON ${yearCondition}
    WHERE a.regionCode IS NOT NULL AND a.regionCode <> '' AND ${key} IS NOT NULL
      AND (y.year = 0 OR NOT EXISTS (SELECT 1 FROM report r WHERE r.agencyId = a.id AND r.year = y.year AND r.isCurrent = 1))`).join(" UNION ALL ");
}

const ROW_COLUMNS = "scope, regionKey, year, agencyKind, status, agencyId";
const LEVELS = summaryKeySql("a.regionCode").length;

const COUNT_KEY = ["scope", "regionKey", "year", "agencyKind", "status"];

/** Materializes `year` for every agency (the first report of a year not yet covered): two statements over the agencies. */
async function materializeYear(em: Queryable, year: number): Promise<void> {
  await em.query("INSERT INTO coverage_year (year) VALUES (?)", [year]);
  const params = Array.from({ length: LEVELS }, () => year);
  await em.query(`INSERT INTO coverage_key (${ROW_COLUMNS}) ${coverageSelect("y.year = ?")}`, params);
  await em.query(`INSERT INTO coverage_count (scope, regionKey, year, agencyKind, status, n)
    SELECT t.scope, t.regionKey, t.year, t.agencyKind, t.status, COUNT(*) FROM (${coverageSelect("y.year = ?")}) t
    GROUP BY t.scope, t.regionKey, t.year, t.agencyKind, t.status`, params);
}

/** Extends the materialized years to cover `needed` (a contiguous range; year 0 always). Returns the range. */
async function coverYears(em: Queryable, needed: number[]): Promise<Set<number>> {
  const have = new Set<number>((await em.query("SELECT year FROM coverage_year")).map((r: any) => Number(r.year)));
  if (!have.has(0)) {
    await em.query("INSERT INTO coverage_year (year) VALUES (0)");
    have.add(0);
  }
  const years = [...have, ...needed].filter((y) => y > 0);
  if (!years.length) return have;
  const from = Math.min(...years);
  const to = Math.max(...years);
  for (let y = from; y <= to; y++) {
    if (!have.has(y)) {
      await materializeYear(em, y);
      have.add(y);
    }
  }
  return have;
}

/**
 * Recomputes the coverage rows of the given agencies: for an agency with `years`, the rows of those
 * years and the year after each; otherwise (and for an agency without rows yet) every row. Writes
 * only the agency-years whose rows differ, and their counts. Call it after the reports and the
 * agency are written, in the same transaction.
 */
export async function refreshCoverage(em: EntityManager, changed: CoverageChange[], known?: KnownAgencies): Promise<void> {
  const byAgency = new Map<number, Set<number> | null>();
  for (const c of changed) {
    const prev = byAgency.get(c.agencyId);
    if (prev === null) continue;
    if (!c.years) byAgency.set(c.agencyId, null);
    else byAgency.set(c.agencyId, new Set([...(prev ?? []), ...c.years.flatMap((y) => [y, y + 1])]));
  }
  const ids = [...byAgency.keys()];
  for (let i = 0; i < ids.length; i += 500) await refreshChunk(em, ids.slice(i, i + 500), byAgency, known);
}

/**
 * What the caller already knows of the agencies, as stored in its transaction at the time of the
 * call: kind and region, and the years of their current reports. Given for every agency of a
 * refresh (the report writer's one agency), it spares reading them again.
 */
export type KnownAgencies = ReadonlyMap<number, { kind: string; regionCode: string | null; currentYears: readonly number[] }>;

async function refreshChunk(em: EntityManager, ids: number[], byAgency: Map<number, Set<number> | null>, known?: KnownAgencies): Promise<void> {
  const list = placeholders(ids.length);
  const knownAll = !!known && ids.every((id) => known.has(id));
  const agencies: any[] = knownAll
    ? ids.map((id) => ({ id, kind: known.get(id)!.kind, regionCode: known.get(id)!.regionCode }))
    : await em.query(`SELECT id, kind, regionCode FROM agency WHERE id IN (${list})`, ids);
  const reported = new Set<string>();
  const reportYears: number[] = [];
  const current: any[] = knownAll
    ? ids.flatMap((id) => known.get(id)!.currentYears.map((year) => ({ agencyId: id, year })))
    : await em.query(`SELECT agencyId, year FROM report WHERE isCurrent = 1 AND agencyId IN (${list})`, ids);
  for (const r of current) {
    reported.add(`${Number(r.agencyId)}:${Number(r.year)}`);
    reportYears.push(Number(r.year), Number(r.year) + 1);
  }
  const covered = await coverYears(em, reportYears);
  // The years each agency's rows are recomputed for: year 0 only when all of them are.
  const partial = ids.filter((id) => byAgency.get(id));
  const asked = [...new Set(partial.flatMap((id) => [...byAgency.get(id)!]))].filter((y) => covered.has(y));
  const rowsOf = async (of: number[], years: number[] | null): Promise<Row[]> => (await em.query(
    `SELECT ${ROW_COLUMNS} FROM coverage_key WHERE agencyId IN (${placeholders(of.length)})${years ? ` AND year IN (${placeholders(years.length)})` : ""}`,
    years ? [...of, ...years] : of,
  )).map((r: any) => ({ scope: r.scope, regionKey: r.regionKey, year: Number(r.year), agencyKind: r.agencyKind, status: Number(r.status), agencyId: Number(r.agencyId) }));
  let oldRows = await rowsOf(ids, ids.length === partial.length ? [0, ...asked] : null);
  const hasRows = new Set(oldRows.filter((r) => r.year === 0).map((r) => r.agencyId));
  // A new agency (no year-0 rows) gets every row, those of years materialized since it was written
  // included: its rows of every year are read (only its own).
  const fresh = ids.length === partial.length ? ids.filter((id) => !hasRows.has(id)) : [];
  if (fresh.length) oldRows = [...oldRows.filter((r) => !fresh.includes(r.agencyId)), ...await rowsOf(fresh, null)];
  const yearsOf = new Map<number, number[]>();
  for (const id of ids) {
    const years = byAgency.get(id);
    // An agency without its year-0 rows is new here (or had no region): all of its rows.
    yearsOf.set(id, years && hasRows.has(id) ? [...years].filter((y) => y > 0 && covered.has(y)) : [...covered]);
  }
  const newRows: Row[] = [];
  for (const a of agencies) {
    const id = Number(a.id);
    if (!a.regionCode) continue;
    const keys = summaryKeys(a.regionCode);
    for (const year of yearsOf.get(id) ?? []) {
      if (year > 0 && reported.has(`${id}:${year}`)) continue;
      const status = year > 0 && reported.has(`${id}:${year - 1}`) ? 0 : 1;
      for (const k of keys) newRows.push({ scope: k.scope, regionKey: k.regionKey, year, agencyKind: a.kind, status, agencyId: id });
    }
  }
  // Only the agency-years whose rows differ are deleted and written again.
  const inScope = (r: Row) => yearsOf.get(r.agencyId)?.includes(r.year) ?? false;
  const before = new Map<string, Row[]>();
  const after = new Map<string, Row[]>();
  for (const r of oldRows.filter(inScope)) before.set(`${r.agencyId}:${r.year}`, [...(before.get(`${r.agencyId}:${r.year}`) ?? []), r]);
  for (const r of newRows) after.set(`${r.agencyId}:${r.year}`, [...(after.get(`${r.agencyId}:${r.year}`) ?? []), r]);
  const signature = (rows: Row[] | undefined) => (rows ?? []).map((r) => `${rowKey(r)}|${r.agencyKind}`).sort().join(";");
  const changedPairs = [...new Set([...before.keys(), ...after.keys()])].filter((k) => signature(before.get(k)) !== signature(after.get(k)));
  if (!changedPairs.length) return;
  const deltas: CountDeltas = new Map();
  const pairs = changedPairs.map((k) => k.split(":").map(Number) as [number, number]);
  for (let i = 0; i < pairs.length; i += 500) {
    const chunk = pairs.slice(i, i + 500);
    await em.query(`DELETE FROM coverage_key WHERE ${chunk.map(() => "(agencyId = ? AND year = ?)").join(" OR ")}`, chunk.flat());
  }
  const written: Row[] = [];
  for (const k of changedPairs) {
    for (const r of before.get(k) ?? []) addDelta(deltas, countKey(r), -1);
    for (const r of after.get(k) ?? []) {
      addDelta(deltas, countKey(r), 1);
      written.push(r);
    }
  }
  await insertRows(em, "coverage_key", written);
  await addCounts(em, "coverage_count", COUNT_KEY, deltas);
}

/** Recomputes the whole coverage model from the agencies and their current reports. */
export async function rebuildCoverage(em: Queryable): Promise<void> {
  await em.query("DELETE FROM coverage_key");
  await em.query("DELETE FROM coverage_count");
  await em.query("DELETE FROM coverage_year");
  await em.query("INSERT INTO coverage_year (year) VALUES (0)");
  const [range] = await em.query("SELECT MIN(year) AS first, MAX(year) AS last FROM report WHERE isCurrent = 1");
  if (range?.first != null) {
    const years: number[] = [];
    for (let y = Number(range.first); y <= Number(range.last) + 1; y++) years.push(y);
    for (let i = 0; i < years.length; i += 500) {
      const chunk = years.slice(i, i + 500);
      await em.query(`INSERT INTO coverage_year (year) VALUES ${chunk.map(() => "(?)").join(", ")}`, chunk);
    }
  }
  await em.query(`INSERT INTO coverage_key (${ROW_COLUMNS}) ${coverageSelect("1 = 1")}`);
  await em.query(`INSERT INTO coverage_count (scope, regionKey, year, agencyKind, status, n)
    SELECT scope, regionKey, year, agencyKind, status, COUNT(*) FROM coverage_key GROUP BY scope, regionKey, year, agencyKind, status`);
}
