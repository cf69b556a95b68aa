import DataLoader from "dataloader";
import { DataSource, In } from "typeorm";
import { byKey, groupByKey } from "../../shared/batch";
import { figuresToTree, FiguresTree } from "../../domain/figures";
import { FiguresEntity, FiguresRow, ReportEntity, ReportRow } from "./report.entity";
import { REPORT_LIST_COLUMNS, REPORT_SELECT } from "./report.columns";
import { columnsOf, hydrated, selectList } from "../../db/hydrate";

/** Reports (alias `r` in `from`, the rest of the statement) with the API's columns, in one plain SELECT (db/hydrate.ts). */
async function reportRows(ds: DataSource, from: string, params: unknown[]): Promise<ReportRow[]> {
  const columns = columnsOf(ds, ReportEntity, REPORT_LIST_COLUMNS);
  const rows: Array<Record<string, unknown>> = await ds.query(`SELECT ${selectList(columns, "r")} FROM ${from}`, params);
  return rows.map((r) => hydrated<ReportRow>(ds, columns, r));
}

/** Reports by id with the API's columns, in one plain SELECT. */
export async function reportsById(ds: DataSource, ids: readonly number[]): Promise<ReportRow[]> {
  return ids.length ? reportRows(ds, `report r WHERE r.id IN (${ids.map(() => "?").join(", ")})`, [...ids]) : [];
}

/** Per-request loaders of reports, their revisions, figures and sources. */
export function reportLoaders(ds: DataSource) {
  const reports = ds.getRepository(ReportEntity);
  const figures = new DataLoader<number, FiguresRow | null>(async (ids) =>
    byKey(ids, await ds.getRepository(FiguresEntity).findBy({ reportId: In([...ids]) }), (r) => r.reportId));
  const report = new DataLoader<number, ReportRow | null>(async (ids) => byKey(ids, await reportsById(ds, ids), (r) => r.id));
  return {
    source: new DataLoader<number, { reportId: number; content: string } | null>(async (ids) =>
      byKey(ids, await ds.getRepository<{ reportId: number; content: string }>("ReportSource").findBy({ reportId: In([...ids]) }), (r) => r.reportId)),
    /** Current revision of every report of an agency, newest year first. */
    currentReportsByAgency: new DataLoader<number, ReportRow[]>(async (ids) =>
      groupByKey(ids, await reports.find({ select: REPORT_SELECT, where: { agencyId: In([...ids]), isCurrent: true }, order: { year: "DESC" } }), (r) => r.agencyId)),
    /** Every revision of an agency-year, keyed "agencyId:year", oldest first. */
    revisions: new DataLoader<string, ReportRow[]>(async (keys) => {
      const agencyIds = [...new Set(keys.map((k) => Number(k.split(":")[0])))];
      const years = [...new Set(keys.map((k) => Number(k.split(":")[1])))];
      const rows = await reports.find({ select: REPORT_SELECT, where: { agencyId: In(agencyIds), year: In(years) }, order: { revision: "ASC" } });
      return groupByKey(keys, rows, (r) => `${r.agencyId}:${r.year}`);
    }),
    report,
    /**
     * A region-year's aggregate reports (aggregate_key, `key` from domain/regions.ts keyFor), at most
     * `limit`, with the API's columns in one statement; each is primed in `report` for other fields.
     */
    async aggregateReports(key: { scope: string; regionKey: string }, year: number, limit: number): Promise<ReportRow[]> {
      const found = await reportRows(ds, `aggregate_key k JOIN report r ON r.id = k.reportId
         WHERE k.scope = ? AND k.regionKey = ? AND k.year = ? ORDER BY k.reportId LIMIT ${Math.max(1, Math.trunc(limit))}`,
        [key.scope, key.regionKey, year]);
      for (const r of found) report.prime(r.id, r);
      return found;
    },
    figures,
    /**
     * A report's figures tree, built once per request: proactive, applications and reviewLitigation
     * each read it. Keyed by the report object the resolvers share.
     */
    figuresTree: new DataLoader<Pick<ReportRow, "id" | "format" | "extra">, FiguresTree>(async (keys) => {
      const rows = await figures.loadMany(keys.map((r) => r.id));
      return keys.map((r, i) => {
        const row = rows[i];
        if (row instanceof Error) return row;
        return figuresToTree(r.format, row ?? undefined, r.extra ?? {});
      });
    }),
  };
}
