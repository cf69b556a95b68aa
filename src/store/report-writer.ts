/**
 * Stores one canonical report in one transaction: agency (found by current or former name, or
 * created), report revision, verbatim source, figures, findings, the summary ledger's deltas and,
 * when a checker is given, the cross-year findings (X1–X3) against the neighbouring years.
 * Importing the same input twice changes nothing; a different input for the same agency and year
 * becomes a new current revision.
 */
import { DataSource } from "typeorm";
import type { CanonicalReport } from "../domain/report-json";
import { ReportEntity, ReportRow } from "../modules/report/report.entity";
import { findOrCreateAgency } from "./agency-writer";
import { CrossYearChecker, refreshCrossYearFindings } from "./cross-year";
import { assertStorable, checksumOf, figuresRow, findingRows, reportRow, SourceInput, sourceRow } from "./rows";
import { insertRows } from "./sql";
import { SummaryLedger } from "./summary-ledger";

export type PersistOutcome =
  | { status: "imported" | "revised"; report: ReportRow }
  | { status: "unchanged"; report: ReportRow };

export interface PersistOptions {
  /** The cross-year rules; without them no X1–X3 findings are written. */
  crossYear?: CrossYearChecker;
}

export async function persistReport(ds: DataSource, report: CanonicalReport, source: SourceInput, options: PersistOptions = {}): Promise<PersistOutcome> {
  assertStorable(report);
  const checksum = checksumOf(source.content);
  return ds.transaction(async (em) => {
    const agency = await findOrCreateAgency(em, report.agency, report.regionCode ?? null, report.year);
    const reports = em.getRepository(ReportEntity);
    const existing = await reports.find({ where: { agencyId: agency.id, year: report.year }, order: { revision: "DESC" } });
    const same = existing.find((r) => r.checksum === checksum);
    if (same) return { status: "unchanged" as const, report: same };
    const ledger = new SummaryLedger(em);
    const superseded = existing.find((r) => r.isCurrent);
    if (superseded) {
      const old = await ledger.contributionOf(superseded.id);
      if (old) await ledger.add(old, -1);
    }
    if (existing.length) await reports.update({ agencyId: agency.id, year: report.year }, { isCurrent: false });
    const saved = await reports.save(reportRow(report, agency, source, (existing[0]?.revision ?? 0) + 1));
    await insertRows(em, "report_source", [sourceRow(saved.id, source)]);
    const figures = figuresRow(report, saved.id);
    if (figures) await insertRows(em, "report_figures", [figures]);
    await insertRows(em, "finding", findingRows(saved.id, report.format, report.diagnostics));
    if (!saved.isAggregate && figures) {
      await ledger.add({
        regionCode: saved.regionCode, year: saved.year, format: report.format, agencyKind: agency.kind,
        incomplete: saved.hasUnreadableCells, figures,
      }, 1);
    }
    if (options.crossYear) await refreshCrossYearFindings(em, [{ agencyId: agency.id, year: saved.year }], options.crossYear);
    return { status: existing.length ? ("revised" as const) : ("imported" as const), report: saved };
  });
}
