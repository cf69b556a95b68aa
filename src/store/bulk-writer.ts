/**
 * Many reports at once (generated provinces, benchmarks): batched multi-row INSERTs with ids
 * assigned here (after the current maximum), built by the same row builders as a single import
 * (store/rows.ts) — report, report_source, report_figures and finding rows, and the cross-year
 * findings (X1–X3) across the batch — then the summary ledger rebuilt in one pass.
 *
 * Each report is a new agency-year (revision 1): a report for a stored agency-year fails the unique
 * index and rolls back its batch. Revisions go through the single import (report-writer.ts).
 */
import type { DataSource } from "typeorm";
import type { CanonicalReport } from "../domain/report-json";
import { RegionEntity, RegionRow } from "../modules/region/region.entity";
import { CrossYearChecker, refreshCrossYearFindings } from "./cross-year";
import { AgencyRef, rowsOf, SourceInput, ReportRows } from "./rows";
import { insertRows, maxId } from "./sql";
import { indexNarratives } from "./narrative-index";
import { recordEvents } from "./events";
import { SummaryLedger } from "./summary-ledger";
import { refreshReadModel } from "./metric-index";

export { insertAgencies } from "./agency-writer";
export { maxId } from "./sql";

export interface BulkReport {
  report: CanonicalReport;
  agency: AgencyRef;
  source: SourceInput;
}

export interface BulkOptions {
  /** Reports per transaction (default 100). */
  batchSize?: number;
  /** The cross-year rules; without them no X1–X3 findings are written. */
  crossYear?: CrossYearChecker;
  onProgress?: (reports: number) => void;
}

export interface BulkStats {
  reports: number;
  findings: number;
}

/** Regions not yet stored, in batches of 500. */
export async function insertRegions(ds: DataSource, regions: RegionRow[]): Promise<number> {
  const existing = new Set((await ds.getRepository(RegionEntity).find({ select: { code: true } })).map((r) => r.code));
  const fresh = regions.filter((r) => !existing.has(r.code));
  for (let i = 0; i < fresh.length; i += 500) await ds.getRepository(RegionEntity).insert(fresh.slice(i, i + 500));
  return fresh.length;
}

export async function writeReports(ds: DataSource, items: Iterable<BulkReport>, options: BulkOptions = {}): Promise<BulkStats> {
  const size = options.batchSize ?? 100;
  let id = await maxId(ds, "report");
  let count = 0;
  let findings = 0;
  let batch: ReportRows[] = [];
  const flush = async (rows: ReportRows[], written: number) => {
    await ds.transaction(async (em) => {
      await insertRows(em, "report", rows.map((r) => r.report));
      await insertRows(em, "report_source", rows.map((r) => r.source));
      await insertRows(em, "report_figures", rows.flatMap((r) => (r.figures ? [r.figures] : [])));
      await insertRows(em, "finding", rows.flatMap((r) => r.findings));
      await indexNarratives(em, rows.map((r) => r.report));
      await recordEvents(em, rows.map(({ report: r }) => ({ reportId: r.id, agencyId: r.agencyId, year: r.year, revision: r.revision, kind: "import" as const, actor: r.importedBy })));
      findings += rows.reduce((n, r) => n + r.findings.length, 0);
      if (options.crossYear) {
        findings += await refreshCrossYearFindings(em, rows.map((r) => ({ agencyId: r.report.agencyId, year: r.report.year })), options.crossYear);
      }
      await refreshReadModel(em, rows.map((r) => ({ agencyId: r.report.agencyId, years: [r.report.year] })));
    });
    options.onProgress?.(written);
  };
  // One batch is written while the next is built: the database and this process work at the same
  // time. Building yields to the event loop every few reports so the write's statements go out
  // promptly; batches still commit one after the other, in order (the cross-year rules of a batch
  // read the batches before it).
  let writing: Promise<void> | null = null;
  const settle = async () => {
    if (writing) await writing;
    writing = null;
  };
  try {
    for (const item of items) {
      batch.push(rowsOf(item.report, item.agency, item.source, ++id));
      count++;
      if (batch.length >= size) {
        await settle();
        writing = flush(batch, count);
        // Marked handled here; its failure is thrown by the next settle().
        writing.catch(() => undefined);
        batch = [];
      } else if (writing && count % 8 === 0) {
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    await settle();
    if (batch.length) await flush(batch, count);
  } finally {
    // A failed build (the generator threw) still waits for the batch being written.
    await writing?.catch(() => undefined);
  }
  await ds.transaction((em) => new SummaryLedger(em).rebuild());
  return { reports: count, findings };
}
