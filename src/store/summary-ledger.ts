import type { Sink } from "./pipe";
import { cellsOf, Template } from "../domain/cells";
import { insertIgnore, isSqlite, placeholders } from "./sql";
import { compareKeys } from "./counts";
import { summaryKeys, summaryKeySql } from "../domain/regions";

/** The templates summed (legacy reports have no catalogue cells and are never summed). */
const TEMPLATES: Template[] = ["2019", "2021"];

export interface Contribution {
  regionCode: string | null;
  year: number;
  format: Template;
  agencyKind: string;
  incomplete: boolean;
  /** Stored figures (column → value); null cells count as 0 (see `rebuild` for the one rule both paths follow). */
  figures: Record<string, unknown>;
}

/**
 * Keeps stat_summary equal to the sums of the current, non-aggregate reports. Imports apply deltas
 * (the new revision added, the superseded one subtracted) to the handful of rows the report counts
 * in, with atomic `col = col + ?` updates, inside the importing transaction; `rebuild` recomputes
 * every row from the reports. Only the write side (store/) changes stat_summary.
 */
export class SummaryLedger {
  constructor(private readonly em: Sink) {}

  async add(c: Contribution, sign: 1 | -1): Promise<void> {
    if (!c.regionCode || c.format === "legacy") return;
    const cells = cellsOf(c.format);
    const keys = summaryKeys(c.regionCode);
    // All of the report's rows (one per region level) in one statement each: create the missing
    // ones, add the deltas to all, and on a subtraction remove those no report counts in any more.
    const where = `year = ? AND format = ? AND agencyKind = ? AND (${keys.map(() => "(scope = ? AND regionKey = ?)").join(" OR ")})`;
    const whereParams = [c.year, c.format, c.agencyKind, ...keys.flatMap((k) => [k.scope, k.regionKey])];
    await this.em.query(
      `${insertIgnore(this.em)} INTO stat_summary (scope, regionKey, year, format, agencyKind, reportCount, incompleteCount) VALUES ${keys.map(() => "(?, ?, ?, ?, ?, 0, 0)").join(", ")}`,
      keys.flatMap((k) => [k.scope, k.regionKey, c.year, c.format, c.agencyKind]),
    );
    const sets = ["reportCount = reportCount + ?", "incompleteCount = incompleteCount + ?", ...cells.map((cell) => `${cell.column} = COALESCE(${cell.column}, 0) + ?`)];
    const deltas = [sign, c.incomplete ? sign : 0, ...cells.map((cell) => sign * Number(c.figures[cell.column] ?? 0))];
    await this.em.query(`UPDATE stat_summary SET ${sets.join(", ")} WHERE ${where}`, [...deltas, ...whereParams]);
    // A row no report counts in any more goes, so the table stays what a rebuild would make.
    if (sign < 0) await this.em.query(`DELETE FROM stat_summary WHERE ${where} AND reportCount = 0`, whereParams);
  }

  /**
   * Adds many reports (the batch writer's new reports): their deltas summed per summary row, then one
   * upsert per few hundred rows — a new row starts at the deltas, an existing one adds them, as `add`
   * leaves it.
   */
  async addAll(contributions: readonly Contribution[]): Promise<void> {
    const rows = new Map<string, { key: unknown[]; format: Template; values: number[] }>();
    for (const c of contributions) {
      if (!c.regionCode || c.format === "legacy") continue;
      const cells = cellsOf(c.format);
      for (const k of summaryKeys(c.regionCode)) {
        const id = JSON.stringify([k.scope, k.regionKey, c.year, c.format, c.agencyKind]);
        const row = rows.get(id) ?? rows.set(id, { key: [k.scope, k.regionKey, c.year, c.format, c.agencyKind], format: c.format, values: new Array(cells.length + 2).fill(0) }).get(id)!;
        row.values[0] += 1;
        row.values[1] += c.incomplete ? 1 : 0;
        cells.forEach((cell, i) => (row.values[i + 2] += Number(c.figures[cell.column] ?? 0)));
      }
    }
    const mysql = !isSqlite(this.em);
    for (const format of TEMPLATES) {
      const columns = ["reportCount", "incompleteCount", ...cellsOf(format).map((c) => c.column)];
      // In key order: two writers upserting the same rows take their locks in the same order.
      const all = [...rows.values()].filter((r) => r.format === format).sort((a, b) => compareKeys(a.key, b.key));
      const tuple = `(${placeholders(5 + columns.length)})`;
      const update = columns.map((c) => (mysql ? `${c} = COALESCE(${c}, 0) + VALUES(${c})` : `${c} = COALESCE(${c}, 0) + excluded.${c}`)).join(", ");
      const per = Math.max(1, Math.floor(20_000 / (5 + columns.length)));
      for (let i = 0; i < all.length; i += per) {
        const chunk = all.slice(i, i + per);
        await this.em.query(
          `INSERT INTO stat_summary (scope, regionKey, year, format, agencyKind, ${columns.join(", ")}) VALUES ${chunk.map(() => tuple).join(", ")} ${mysql
            ? "ON DUPLICATE KEY UPDATE"
            : "ON CONFLICT (scope, regionKey, year, format, agencyKind) DO UPDATE SET"} ${update}`,
          chunk.flatMap((r) => [...r.key, ...r.values]));
      }
    }
  }

  /** The contribution of a stored report (for subtracting it when it is superseded). */
  async contributionOf(reportId: number): Promise<Contribution | null> {
    const rows = await this.em.query(
      `SELECT r.regionCode AS regionCode, r.year AS year, r.format AS format, a.kind AS kind, r.hasUnreadableCells AS incomplete, r.isAggregate AS isAggregate, r.isCurrent AS isCurrent, f.*
       FROM report r JOIN agency a ON a.id = r.agencyId JOIN report_figures f ON f.reportId = r.id WHERE r.id = ?`,
      [reportId],
    );
    const r = rows[0];
    if (!r || Number(r.isAggregate) === 1 || Number(r.isCurrent) !== 1) return null;
    return { regionCode: r.regionCode, year: Number(r.year), format: r.format, agencyKind: r.kind, incomplete: Number(r.incomplete) === 1, figures: r };
  }

  /**
   * Recomputes every summary row (after a bulk load, or to repair a database). It stores what the
   * deltas store: a cell of the row's template holds the sum of the readable values, 0 when none is
   * readable (incompleteCount says how many reports had unreadable cells); a cell the template does
   * not have stays NULL.
   */
  async rebuild(): Promise<void> {
    await this.em.query("DELETE FROM stat_summary");
    for (const format of TEMPLATES) {
      const columns = cellsOf(format).map((c) => c.column);
      for (const [scope, key] of summaryKeySql("r.regionCode")) {
        await this.em.query(`INSERT INTO stat_summary (scope, regionKey, year, format, agencyKind, reportCount, incompleteCount, ${columns.join(", ")})
          SELECT '${scope}', ${key} AS rkey, r.year AS y, r.format AS fmt, a.kind AS kind, COUNT(*), SUM(CASE WHEN r.hasUnreadableCells = 1 THEN 1 ELSE 0 END),
            ${columns.map((c) => `COALESCE(SUM(f.${c}), 0)`).join(", ")}
          FROM report r JOIN agency a ON a.id = r.agencyId JOIN report_figures f ON f.reportId = r.id
          WHERE r.isCurrent = 1 AND r.isAggregate = 0 AND r.regionCode IS NOT NULL AND r.format = ? AND ${key} IS NOT NULL
          GROUP BY rkey, y, fmt, kind`, [format]);
      }
    }
  }
}
