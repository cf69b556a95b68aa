/**
 * Bulk loader for generated provinces: regions, agencies, reports, figures and findings written in
 * batches (no per-row saves), then the statistics summaries rebuilt in one statement. Ids are
 * assigned here (after the current maximum) so batches need no round trips.
 */
import type { DataSource } from "typeorm";
import { createHash } from "node:crypto";
import { RegionEntity } from "../src/modules/region/region.entity";
import { AgencyEntity, AgencyNameEntity } from "../src/modules/agency/agency.entity";
import { reportToFigures } from "../src/domain/figures";
import { checkReport } from "../src/ingestion/rules";
import { findingRows } from "../src/modules/findings/finding.mapper";
import { SummaryService } from "../src/modules/statistics/summary.service";
import type { Province } from "./generate";

const BATCH = 100;

/** One multi-row INSERT with bound parameters (portable: `?` placeholders on SQLite and MySQL). */
async function bulkInsert(em: { query(sql: string, params?: unknown[]): Promise<unknown> }, table: string, rows: Array<Record<string, unknown>>): Promise<void> {
  if (!rows.length) return;
  // The union of the rows' keys: figures rows of the two templates carry different cells.
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const tuple = `(${columns.map(() => "?").join(", ")})`;
  const params: unknown[] = [];
  for (const row of rows) {
    for (const c of columns) {
      const v = row[c];
      params.push(typeof v === "boolean" ? (v ? 1 : 0) : v !== null && typeof v === "object" ? JSON.stringify(v) : v ?? null);
    }
  }
  await em.query(`INSERT INTO ${table} (${columns.join(", ")}) VALUES ${rows.map(() => tuple).join(", ")}`, params);
}

async function maxId(ds: DataSource, table: string): Promise<number> {
  const rows = await ds.query(`SELECT MAX(id) AS m FROM ${table}`);
  return Number(rows[0].m ?? 0);
}

export interface LoadStats {
  regions: number;
  agencies: number;
  reports: number;
  findings: number;
  seconds: number;
}

export async function loadProvince(ds: DataSource, province: Province, onProgress?: (reports: number) => void): Promise<LoadStats> {
  const started = Date.now();
  const existing = new Set((await ds.getRepository(RegionEntity).find({ select: { code: true } })).map((r) => r.code));
  const regions = province.regions.filter((r) => !existing.has(r.code));
  for (let i = 0; i < regions.length; i += 500) await ds.getRepository(RegionEntity).insert(regions.slice(i, i + 500));
  const agencyOffset = await maxId(ds, "agency");
  const agencies = province.agencies.map((a) => ({ id: a.key + agencyOffset, name: a.name, kind: a.kind, regionCode: a.regionCode, parentId: a.parentKey == null ? null : a.parentKey + agencyOffset }));
  for (let i = 0; i < agencies.length; i += 500) {
    await ds.transaction(async (em) => {
      await em.getRepository(AgencyEntity).insert(agencies.slice(i, i + 500));
      await em.getRepository(AgencyNameEntity).insert(agencies.slice(i, i + 500).map((a) => ({ agencyId: a.id, name: a.name, fromYear: null, toYear: null })));
    });
  }
  let reportId = await maxId(ds, "report");
  let count = 0;
  let findingsCount = 0;
  let batch: Array<{ report: any; figures: any; findings: any[] }> = [];
  const flush = async () => {
    if (!batch.length) return;
    const rows = batch;
    batch = [];
    await ds.transaction(async (em) => {
      await bulkInsert(em, "report", rows.map((b) => b.report));
      await bulkInsert(em, "report_figures", rows.map((b) => b.figures));
      await bulkInsert(em, "finding", rows.flatMap((b) => b.findings));
    });
  };
  for (const g of province.reports()) {
    const id = ++reportId;
    const agency = agencies[g.agencyKey - 1];
    const findings = g.report.isAggregate ? [] : findingRows(id, g.report.format, checkReport(g.report));
    findingsCount += findings.length;
    batch.push({
      report: {
        id, agencyId: agency.id, year: g.year, format: g.report.format, isAggregate: g.report.isAggregate, revision: 1, isCurrent: true,
        regionCode: agency.regionCode, printedAgencyName: agency.name, sourceUrl: g.report.source ?? null, publishedAt: null, fileName: null,
        contentType: "application/json", checksum: createHash("sha256").update(`${agency.id}:${g.year}`).digest("hex"), parserVersion: "generated",
        importedBy: "generator", sections: g.report.sections, blankCells: [], ambiguousCells: {}, extra: {}, hasUnreadableCells: false,
      },
      figures: reportToFigures(g.report, id),
      findings,
    });
    count++;
    if (batch.length >= BATCH) {
      await flush();
      onProgress?.(count);
    }
  }
  await flush();
  onProgress?.(count);
  await ds.transaction((em) => new SummaryService(em).rebuild());
  return { regions: regions.length, agencies: agencies.length, reports: count, findings: findingsCount, seconds: (Date.now() - started) / 1000 };
}
