import { DataSource } from "typeorm";
import { keyFor } from "../../domain/regions";
import type { Template } from "../../domain/cells";
import { Measure, measureColumns, measureValue } from "../../domain/measures";
import { comparableWithPrevious } from "../../domain/year-changes";
import { preparedQuery } from "../../db/prepared";
import { badInput, checkRegionCode } from "../common/args";
import { inList } from "./statistics.sql";
import { ComparisonService } from "./comparison.service";

/** A measure year by year for a region (summed) or one agency. */
export class TrendService {
  constructor(private readonly ds: DataSource) {}

  /** One point per year for a region or an agency, each saying whether it means the same as the one before. */
  async trend(m: Measure, fromYear: number, toYear: number, scope: { regionCode?: string | null; agencyId?: number | null; agencyKinds?: string[] | null }) {
    const points = await this.yearly(m, fromYear, toYear, scope);
    return points.map((p, i) => ({ year: p.year, value: p.value, reportCount: p.reportCount, templates: p.formats, comparableWithPrevious: comparableWithPrevious(m, points[i - 1], p) }));
  }

  /** One point per year for a region (from stat_summary) or an agency (from its reports). */
  private async yearly(m: Measure, fromYear: number, toYear: number, scope: { regionCode?: string | null; agencyId?: number | null; agencyKinds?: string[] | null }) {
    if (toYear < fromYear || toYear - fromYear > 50) throw badInput("toYear", "must be from fromYear to fromYear + 50");
    const years = Array.from({ length: toYear - fromYear + 1 }, (_, i) => fromYear + i);
    if (scope.agencyId != null) {
      const rows = await new ComparisonService(this.ds).agencyYearValues([scope.agencyId], years, [m]);
      return years.map((year) => {
        const row = rows.find((r) => r.year === year);
        return { year, reportCount: row ? 1 : 0, formats: row ? [row.format] : [], value: row ? measureValue(m, [row]) : { numerator: null, denominator: null, value: null } };
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
        value: parts.length ? measureValue(m, parts) : { numerator: null, denominator: null, value: null },
      };
    });
  }
}
