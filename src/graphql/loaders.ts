/**
 * Per-request DataLoaders: every field resolver that would run once per node goes through one of
 * these, so a page of 100 agencies with their reports and figures costs a fixed number of queries.
 */
import DataLoader from "dataloader";
import { DataSource, In } from "typeorm";
import { byKey, groupByKey } from "../shared/batch";
import { RegionEntity, RegionRow } from "../modules/region/region.entity";
import { AgencyEntity, AgencyNameEntity, AgencyNameRow, AgencyRow } from "../modules/agency/agency.entity";
import { FiguresEntity, FiguresRow, ReportEntity, ReportRow } from "../modules/report/report.entity";
import { FindingEntity, FindingRow } from "../modules/findings/finding.entity";

/** Report columns the API reads (never the verbatim source). */
export { REPORT_SELECT };
export const REPORT_LIST_COLUMNS: Array<keyof ReportRow> = [
  "id", "agencyId", "year", "format", "isAggregate", "revision", "isCurrent", "regionCode", "printedAgencyName", "sourceUrl",
  "publishedAt", "fileName", "contentType", "checksum", "parserVersion", "importedAt", "importedBy", "sections", "blankCells",
  "ambiguousCells", "extra",
];
const REPORT_SELECT = Object.fromEntries(REPORT_LIST_COLUMNS.map((c) => [c, true])) as Record<keyof ReportRow, true>;

/**
 * Regions are reference data: rows are only ever added (seeding the national table, generating a
 * demo province), never changed, so every instance may keep the ones it has read. Misses always go
 * to the database.
 */
const regionCache = new Map<string, RegionRow>();
const REGION_CACHE_LIMIT = 100_000;
function rememberRegion(r: RegionRow): void {
  if (regionCache.size < REGION_CACHE_LIMIT) regionCache.set(r.code, r);
}

export function createLoaders(ds: DataSource) {
  const reports = ds.getRepository(ReportEntity);
  return {
    region: new DataLoader<string, RegionRow | null>(async (codes) => {
      const missing = codes.filter((c) => !regionCache.has(c));
      if (missing.length) for (const r of await ds.getRepository(RegionEntity).findBy({ code: In(missing) })) rememberRegion(r);
      return codes.map((c) => regionCache.get(c) ?? null);
    }),
    regionChildren: new DataLoader<string, RegionRow[]>(async (codes) =>
      groupByKey(codes, await ds.getRepository(RegionEntity).find({ where: { parentCode: In([...codes]) }, order: { code: "ASC" } }), (r) => r.parentCode!)),
    source: new DataLoader<number, { reportId: number; content: string } | null>(async (ids) =>
      byKey(ids, await ds.getRepository<{ reportId: number; content: string }>("ReportSource").findBy({ reportId: In([...ids]) }), (r) => r.reportId)),
    agency: new DataLoader<number, AgencyRow | null>(async (ids) =>
      byKey(ids, await ds.getRepository(AgencyEntity).findBy({ id: In([...ids]) }), (r) => r.id)),
    agencyNames: new DataLoader<number, AgencyNameRow[]>(async (ids) =>
      groupByKey(ids, await ds.getRepository(AgencyNameEntity).find({ where: { agencyId: In([...ids]) }, order: { fromYear: "ASC", id: "ASC" } }), (r) => r.agencyId)),
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
    report: new DataLoader<number, ReportRow | null>(async (ids) =>
      byKey(ids, await reports.find({ select: REPORT_SELECT, where: { id: In([...ids]) } }), (r) => r.id)),
    figures: new DataLoader<number, FiguresRow | null>(async (ids) =>
      byKey(ids, await ds.getRepository(FiguresEntity).findBy({ reportId: In([...ids]) }), (r) => r.reportId)),
    findings: new DataLoader<number, FindingRow[]>(async (ids) =>
      groupByKey(ids, await ds.getRepository(FindingEntity).find({ where: { reportId: In([...ids]) }, order: { id: "ASC" } }), (r) => r.reportId)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
