/**
 * Pure row builders: a canonical report, the agency it belongs to and its source → the exact
 * report, report_source, report_figures and finding rows. The single import (report-writer) and the
 * batch writer both build their rows here, so the two paths store byte-identical rows.
 */
import { createHash } from "node:crypto";
import { cellFor, Template } from "../domain/cells";
import { CanonicalReport, cellValues, Diagnostic, toStoredInteger, unreadableCells } from "../domain/report-json";
import { currentKeyOf } from "./keys";
import { reportToFigures, FiguresRow } from "../domain/figures";
import { isFindingRule } from "../domain/rule-ids";
import type { ReportRow, ReportSourceRow } from "../modules/report/report.entity";
import type { FindingRow } from "../modules/findings/finding.entity";

export const PARSER_VERSION = "0.1.0";

export interface SourceInput {
  /** The original bytes or text. */
  content: Buffer | string;
  contentType: string;
  fileName?: string | null;
  importedBy: string;
  /** Defaults to PARSER_VERSION; generated demo data says "generated". */
  parserVersion?: string;
}

/** What a report row needs to know of its agency. */
export interface AgencyRef {
  id: number;
  regionCode: string | null;
}

/** A report row as written (the database sets importedAt). */
export type NewReportRow = Omit<ReportRow, "id" | "importedAt">;

export function checksumOf(content: Buffer | string): string {
  return createHash("sha256").update(content).digest("hex");
}

/** A report that can be stored: it names its agency and year. */
export function assertStorable(report: CanonicalReport): asserts report is CanonicalReport & { agency: string; year: number } {
  if (!report.agency) throw new Error("the report names no agency (give one with --agency)");
  if (report.year == null) throw new Error("the report names no year (give one with --year)");
}

export function reportRow(report: CanonicalReport, agency: AgencyRef, source: SourceInput, revision: number): NewReportRow {
  assertStorable(report);
  const extra: Record<string, unknown> = {};
  const procurementRaw = (report.proactive as any)?.procurement?.totalAmountRaw;
  if (procurementRaw != null) extra.totalAmountRaw = procurementRaw;
  if (report.format === "legacy") extra.legacy = { proactive: report.proactive, applications: report.applications };
  return {
    agencyId: agency.id,
    year: report.year,
    format: report.format,
    isAggregate: report.isAggregate,
    revision,
    isCurrent: true,
    regionCode: agency.regionCode ?? report.regionCode ?? null,
    printedAgencyName: report.agency,
    sourceUrl: report.source ?? null,
    publishedAt: report.publishedAt ?? null,
    fileName: source.fileName ?? null,
    contentType: source.contentType,
    checksum: checksumOf(source.content),
    parserVersion: source.parserVersion ?? PARSER_VERSION,
    importedBy: source.importedBy,
    sections: report.sections,
    blankCells: report.blankCells,
    ambiguousCells: report.ambiguousCells,
    extra,
    hasUnreadableCells: unreadableCells(report).some((p) => !p.startsWith("proactive.")),
    unreadableCount: cellValues(report).filter((c) => c.value == null).length,
    currentKey: currentKeyOf(agency.id, report.year),
  };
}

/** The verbatim input: text as is, bytes as base64. */
export function sourceRow(reportId: number, source: SourceInput): ReportSourceRow {
  const text = typeof source.content === "string";
  return {
    reportId,
    encoding: text ? "utf8" : "base64",
    content: typeof source.content === "string" ? source.content : source.content.toString("base64"),
  };
}

/** The figures row (null for a legacy report, which has no catalogue cells). */
export function figuresRow(report: CanonicalReport, reportId: number): FiguresRow | null {
  return report.format === "legacy" ? null : reportToFigures(report, reportId);
}

/** The finding rows of a report's rule diagnostics; values are stored like the cell they name (money in 分). */
export function findingRows(reportId: number, format: Template, diagnostics: Diagnostic[]): Array<Omit<FindingRow, "id">> {
  return diagnostics.filter((d) => isFindingRule(d.rule)).map((d) => {
    const cell = d.path ? cellFor(d.path, format) : undefined;
    const stored = (v: number | null | undefined) => (v == null ? null : cell ? toStoredInteger(cell, v) : Math.round(v));
    return {
      reportId, rule: d.rule, severity: d.severity, path: d.path ?? null,
      paths: d.paths ?? (d.path ? [d.path] : []), printed: stored(d.printed), computed: stored(d.computed),
      message: d.message.slice(0, 1000),
    };
  });
}
