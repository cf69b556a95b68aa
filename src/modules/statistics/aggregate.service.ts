import { DataSource } from "typeorm";
import { keyFor, ROLLUP_SCOPES } from "../../domain/regions";
import { CELLS } from "../../domain/cells";
import { formatMoney } from "../../domain/report-json";
import { badInput, checkRegionCode, pageLimit } from "../common/args";
import { inList, regionWhere } from "./statistics.sql";
import { plainQuery } from "../../db/prepared";

/** Sums of cell paths per group (year, region, agency kind, agency), ordered and limited in SQL. */
export class AggregateService {
  constructor(private readonly ds: DataSource) {}

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
      LIMIT ${pageLimit(first)}`;
    // On the pool directly (db/prepared.ts), not through a TypeORM query runner per statement.
    const rows = await plainQuery(this.ds, sql, [...region.params, ...years.params, ...kinds.params, ...fmt.params]);
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
