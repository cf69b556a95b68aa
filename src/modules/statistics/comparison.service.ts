import { DataSource } from "typeorm";
import { CELLS, Template } from "../../domain/cells";
import { Measure, measureColumns, measureValue } from "../../domain/measures";
import { YearChange, yearChanges, YearValue } from "../../domain/year-changes";
import { plainQuery } from "../../db/prepared";
import { speaksSqlite } from "../../db/union";
import { num } from "./statistics.sql";

/** Agencies' measures across years, from their current reports (one statement). */
export class ComparisonService {
  constructor(private readonly ds: DataSource) {}

  /**
   * Each agency's measures over `years` (ascending): one value per year (null without a report) and
   * the change between consecutive years, with whether it is comparable. Keyed by agency id.
   * `names`: each value's printedAgencyName (null otherwise).
   */
  async series(agencyIds: number[], years: number[], measures: Array<{ name: string; measure: Measure }>, names = true) {
    const rows = await this.agencyYearValues(agencyIds, years, measures.map((m) => m.measure), names);
    const byAgency = new Map<number, Map<number, (typeof rows)[number]>>();
    for (const r of rows) {
      let years = byAgency.get(r.agencyId);
      if (!years) byAgency.set(r.agencyId, (years = new Map()));
      years.set(r.year, r);
    }
    const out = new Map<number, Array<{ measure: string; values: Array<YearValue & { printedAgencyName: string | null }>; changes: YearChange[] }>>();
    for (const id of agencyIds) {
      const rowOf = byAgency.get(id);
      out.set(id, measures.map(({ name, measure }) => {
        const values = years.map((year) => {
          const row = rowOf?.get(year);
          return { year, value: row ? measureValue(measure, [row]) : null, template: row?.format ?? null, printedAgencyName: row?.printedAgencyName ?? null };
        });
        return { measure: name, values, changes: yearChanges(measure, name, values) };
      }));
    }
    return out;
  }

  /**
   * Values of cells and metrics for agencies × years, from the current reports and their figures.
   * Returns one row per agency-year that has a report. `names`: also the name printed on each report
   * (read from the report row; without it the reports come from the index alone).
   */
  async agencyYearValues(agencyIds: number[], years: number[], measures?: Measure[], names = false): Promise<Array<{ agencyId: number; year: number; format: Template; printedAgencyName: string | null; values: Record<string, number | null> }>> {
    if (!agencyIds.length || !years.length) return [];
    // Only the columns the measures read: 240-column rows cost more to decode than to find.
    const columns = measures ? [...new Set(measures.flatMap(measureColumns))] : CELLS.map((c) => c.column);
    // One statement, the reports first: their ids and templates from the index (agencyId, isCurrent,
    // year, format), then each one's figures by primary key. The order is forced: MariaDB with
    // statistics from before a bulk load scanned every report_figures row instead (81 ms for 700
    // reports at 10k). SQLite spells a forced order CROSS JOIN. A report without a figures row has
    // no values (the join has no row for it).
    const sqlite = speaksSqlite(this.ds);
    const join = sqlite ? "CROSS JOIN" : "STRAIGHT_JOIN";
    // The index named on MySQL/MariaDB/TiDB: left to choose, MariaDB weighed report's other indexes
    // with dives into each for every agency's range (100 agencies at 1M: 5.00 → 4.31 ms a statement).
    const reports = sqlite ? "report r" : "report r FORCE INDEX (IDX_report_agency_years)";
    // Up to 3,000 rows (100 agencies × 30 years). With at most 16 columns they are parsed by generated
    // code (db/prepared.ts), which needs a shape that does not follow the request: mysql2 compiles a
    // parser per list of column names and types, and V8 spends 25 ms to a second of a core optimising
    // each (16 to 64 columns). So the figures come as v0, v1, … in 8 or 16 slots, the last ones
    // repeating the first column (every figures column is a nullable BIGINT): four parsers at most,
    // with and without names, whatever the measures asked for.
    const slots = columns.length <= 8 ? 8 : columns.length <= 16 ? 16 : columns.length;
    const read = Array.from({ length: slots }, (_, i) => columns[i] ?? columns[0]);
    // The years as one range of the index per agency (agencyId, 1, first…last): `year IN (…)` made
    // one dive per agency and year (700 for 100 × 7; at 100k reports 2.2 → 1.6 ms for the index
    // part). Years with gaps keep the range and drop the others after it (`year + 0`: a filter, not
    // 700 ranges again); an agency has one current report a year, so the range holds at most
    // last − first + 1 rows of it.
    const ys = [...new Set(years)].sort((a, b) => a - b);
    const [first, last] = [ys[0], ys[ys.length - 1]];
    const gaps = last - first + 1 !== ys.length;
    const rows: any[] = await plainQuery(this.ds,
      `SELECT r.agencyId AS agencyId, r.year AS year, r.format AS format${names ? ", r.printedAgencyName AS printedAgencyName" : ""}${read.map((c, i) => `, f.${c} AS v${i}`).join("")}
       FROM ${reports} ${join} report_figures f ON f.reportId = r.id
       WHERE r.isCurrent = 1 AND r.agencyId IN (${agencyIds.map(() => "?").join(", ")}) AND r.year BETWEEN ? AND ?${gaps ? ` AND r.year + 0 IN (${ys.map(() => "?").join(", ")})` : ""}`,
      [...agencyIds, first, last, ...(gaps ? ys : [])],
      { compiledRows: slots <= 16 },
    );
    const aliases = columns.map((_, i) => `v${i}`);
    return rows.map((r) => {
      const values: Record<string, number | null> = {};
      for (let i = 0; i < columns.length; i++) values[columns[i]] = num(r[aliases[i]]);
      return { agencyId: Number(r.agencyId), year: Number(r.year), format: r.format, printedAgencyName: names ? r.printedAgencyName : null, values };
    });
  }
}
