/**
 * Import: one file (a published report, or canonical report JSON) → parse → check → persist in one
 * transaction → cross-year rules against the neighbouring stored years. The CLI and the GraphQL
 * mutation both call this; neither has an implementation of its own.
 */
import { DataSource, In } from "typeorm";
import type { CanonicalReport, Diagnostic } from "../domain/report-json";
import { emptyReport, toStoredInteger } from "../domain/report-json";
import { cellsOf } from "../domain/cells";
import { parseInput, ParseError, ParseOptions } from "./parse";
import { checkAgainstPreviousYear, checkReport } from "./rules";
import { persistReport, PersistOutcome } from "./persist";
import { FiguresEntity, ReportEntity, ReportRow } from "../modules/report/report.entity";
import { FindingEntity } from "../modules/findings/finding.entity";
import { findingRows } from "../modules/findings/finding.mapper";
import { figuresToTree } from "../domain/figures";

export type ImportStatus = "imported" | "unchanged" | "revised" | "rejected";

export interface ImportResult {
  file: string;
  status: ImportStatus;
  report?: ReportRow;
  canonical?: CanonicalReport;
  /** Why a rejected file was rejected. */
  reason?: string;
  diagnostics: Diagnostic[];
}

export interface ImportOptions extends ParseOptions {
  importedBy?: string;
  /** How to parse a non-JSON file; default parseInput. The API passes the bounded sandbox (src/ingestion/sandbox). */
  parse?: typeof parseInput;
}

/** Reads canonical report JSON (as `parse --json` prints it), re-running the rules on its figures. */
export function canonicalFromJson(text: string, file: string, options: ParseOptions = {}): CanonicalReport {
  let data: any;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ParseError(file, `not valid JSON (${(e as Error).message})`);
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) throw new ParseError(file, "expected one report object");
  const format = data.format;
  if (format !== "2019" && format !== "2021" && format !== "legacy") throw new ParseError(file, `"format" must be "2019", "2021" or "legacy", got ${JSON.stringify(format)}`);
  const report = emptyReport(format);
  Object.assign(report, {
    agency: options.agency ?? data.agency ?? null,
    year: options.year ?? (data.year == null ? null : Number(data.year)),
    isAggregate: !!data.isAggregate,
    source: options.source ?? data.source ?? null,
    regionCode: options.regionCode ?? data.regionCode ?? null,
    publishedAt: data.publishedAt ?? null,
    proactive: data.proactive ?? report.proactive,
    applications: data.applications ?? report.applications,
    reviewLitigation: data.reviewLitigation ?? report.reviewLitigation,
    sections: Array.isArray(data.sections) ? data.sections : [],
    blankCells: Array.isArray(data.blankCells) ? data.blankCells : [],
    ambiguousCells: data.ambiguousCells && typeof data.ambiguousCells === "object" ? data.ambiguousCells : {},
  });
  for (const cell of cellsOf(format)) {
    const v = cell.path.split(".").reduce<any>((o, k) => (o == null ? undefined : o[k]), report);
    if (v === undefined) throw new ParseError(file, `missing cell ${cell.path}`);
    if (v !== null && (typeof v !== "number" || !Number.isFinite(v))) throw new ParseError(file, `cell ${cell.path} must be a number or null, got ${JSON.stringify(v)}`);
    if (v !== null && cell.kind !== "money" && !Number.isInteger(v)) throw new ParseError(file, `cell ${cell.path} must be an integer, got ${v}`);
    if (v !== null && cell.kind === "money") {
      try {
        toStoredInteger(cell, v);
      } catch (e) {
        throw new ParseError(file, (e as Error).message);
      }
    }
  }
  report.diagnostics = checkReport(report);
  return report;
}

export class ImportService {
  constructor(private readonly ds: DataSource) {}

  async importContent(content: Buffer | string, options: ImportOptions): Promise<ImportResult> {
    const file = options.fileName ?? "<input>";
    let canonical: CanonicalReport;
    try {
      if (/\.json$/i.test(file) || options.contentType === "application/json") {
        canonical = canonicalFromJson(typeof content === "string" ? content : content.toString("utf8"), file, options);
      } else {
        canonical = (await (options.parse ?? parseInput)(content, options)).report;
      }
      if (!canonical.agency) throw new ParseError(file, "the agency could not be read from the title; give it with --agency");
      if (canonical.year == null) throw new ParseError(file, "the report year could not be read from the title; give it with --year");
    } catch (e) {
      if (e instanceof ParseError) return { file, status: "rejected", reason: e.problem, diagnostics: e.diagnostics };
      throw e;
    }
    let outcome: PersistOutcome;
    try {
      outcome = await persistReport(this.ds, canonical, {
        content, contentType: options.contentType ?? guessType(file), fileName: options.fileName ?? null, importedBy: options.importedBy ?? "cli",
      });
    } catch (e) {
      return { file, status: "rejected", reason: `could not be stored: ${(e as Error).message}`, diagnostics: canonical.diagnostics };
    }
    if (outcome.status !== "unchanged") await this.crossYear(outcome.report);
    return { file, status: outcome.status, report: outcome.report, canonical, diagnostics: canonical.diagnostics };
  }

  /** Re-runs X1–X3 for this report against year − 1, and for year + 1 against this one. */
  async crossYear(report: ReportRow): Promise<void> {
    const reports = this.ds.getRepository(ReportEntity);
    const neighbours = await reports.find({ where: { agencyId: report.agencyId, year: In([report.year - 1, report.year, report.year + 1]), isCurrent: true } });
    const byYear = new Map(neighbours.map((r) => [r.year, r]));
    const figures = await this.ds.getRepository(FiguresEntity).findBy({ reportId: In(neighbours.map((r) => r.id)) });
    const figuresOf = new Map(figures.map((f) => [f.reportId, f]));
    const canonical = (r: ReportRow): CanonicalReport => {
      const tree = figuresToTree(r.format, figuresOf.get(r.id), r.extra, true);
      return { ...emptyReport(r.format), ...tree, year: r.year, agency: r.printedAgencyName };
    };
    for (const [later, earlier] of [[report.year, report.year - 1], [report.year + 1, report.year]]) {
      const cur = byYear.get(later);
      const prev = byYear.get(earlier);
      if (!cur) continue;
      await this.ds.transaction(async (em) => {
        const findings = em.getRepository(FindingEntity);
        await findings.createQueryBuilder().delete().where("reportId = :id AND rule IN (:...rules)", { id: cur.id, rules: ["X1", "X2", "X3"] }).execute();
        if (!prev) return;
        const diags = checkAgainstPreviousYear(canonical(cur), canonical(prev));
        if (!diags.length) return;
        await findings.insert(findingRows(cur.id, cur.format, diags));
      });
    }
  }
}

export function guessType(file: string): string {
  if (/\.html?$/i.test(file)) return "text/html";
  if (/\.docx$/i.test(file)) return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  if (/\.pdf$/i.test(file)) return "application/pdf";
  if (/\.json$/i.test(file)) return "application/json";
  return "text/plain";
}
