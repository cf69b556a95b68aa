/**
 * Stores one canonical report in one transaction: agency (found by current or former name, or
 * created), report revision, verbatim source, figures and findings. Importing the same input twice
 * changes nothing; a different input for the same agency and year becomes a new current revision.
 */
import { createHash } from "node:crypto";
import { DataSource } from "typeorm";
import { unreadableCells, type CanonicalReport } from "../domain/report-json";
import { AgencyService } from "../modules/agency/agency.service";
import { FiguresEntity, ReportEntity, ReportRow } from "../modules/report/report.entity";
import { FindingEntity } from "../modules/findings/finding.entity";
import { reportToFigures } from "../domain/figures";
import { findingRows } from "../modules/findings/finding.mapper";
import { SummaryService } from "../modules/statistics/summary.service";

export const PARSER_VERSION = "0.1.0";

export interface SourceInput {
  /** The original bytes or text. */
  content: Buffer | string;
  contentType: string;
  fileName?: string | null;
  importedBy: string;
}

export type PersistOutcome =
  | { status: "imported" | "revised"; report: ReportRow }
  | { status: "unchanged"; report: ReportRow };

export function checksumOf(content: Buffer | string): string {
  return createHash("sha256").update(content).digest("hex");
}

function isText(content: Buffer | string): content is string {
  return typeof content === "string";
}

export async function persistReport(ds: DataSource, report: CanonicalReport, source: SourceInput): Promise<PersistOutcome> {
  if (!report.agency) throw new Error("the report names no agency (give one with --agency)");
  if (report.year == null) throw new Error("the report names no year (give one with --year)");
  const checksum = checksumOf(source.content);
  return ds.transaction(async (em) => {
    const agency = await new AgencyService(ds).findOrCreate(em, report.agency!, report.regionCode ?? null, report.year);
    const reports = em.getRepository(ReportEntity);
    const existing = await reports.find({ where: { agencyId: agency.id, year: report.year! }, order: { revision: "DESC" } });
    const same = existing.find((r) => r.checksum === checksum);
    if (same) return { status: "unchanged" as const, report: same };
    const summaries = new SummaryService(em);
    const superseded = existing.find((r) => r.isCurrent);
    if (superseded) {
      const old = await summaries.contributionOf(superseded.id);
      if (old) await summaries.add(old, -1);
    }
    if (existing.length) await reports.update({ agencyId: agency.id, year: report.year! }, { isCurrent: false });
    const extra: Record<string, unknown> = {};
    const procurementRaw = (report.proactive as any)?.procurement?.totalAmountRaw;
    if (procurementRaw != null) extra.totalAmountRaw = procurementRaw;
    if (report.format === "legacy") extra.legacy = { proactive: report.proactive, applications: report.applications };
    const saved = await reports.save({
      agencyId: agency.id,
      year: report.year!,
      format: report.format,
      isAggregate: report.isAggregate,
      revision: (existing[0]?.revision ?? 0) + 1,
      isCurrent: true,
      regionCode: agency.regionCode ?? report.regionCode ?? null,
      printedAgencyName: report.agency!,
      sourceUrl: report.source ?? null,
      publishedAt: report.publishedAt ?? null,
      fileName: source.fileName ?? null,
      contentType: source.contentType,
      checksum,
      parserVersion: PARSER_VERSION,
      importedBy: source.importedBy,
      sections: report.sections,
      blankCells: report.blankCells,
      ambiguousCells: report.ambiguousCells,
      extra,
      hasUnreadableCells: unreadableCells(report).some((p) => !p.startsWith("proactive.")),
    });
    await em.getRepository("ReportSource").insert({
      reportId: saved.id,
      encoding: isText(source.content) ? "utf8" : "base64",
      content: isText(source.content) ? source.content : source.content.toString("base64"),
    });
    const figures = report.format === "legacy" ? null : reportToFigures(report, saved.id);
    if (figures) await em.getRepository(FiguresEntity).insert(figures);
    const findings = findingRows(saved.id, report.format, report.diagnostics);
    if (findings.length) await em.getRepository(FindingEntity).insert(findings);
    if (!saved.isAggregate && figures) {
      await summaries.add({
        regionCode: saved.regionCode, year: saved.year, format: report.format, agencyKind: agency.kind,
        incomplete: saved.hasUnreadableCells, figures,
      }, 1);
    }
    return { status: existing.length ? ("revised" as const) : ("imported" as const), report: saved };
  });
}
