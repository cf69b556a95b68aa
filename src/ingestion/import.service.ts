/**
 * Import: one file (a published report, or canonical report JSON) → parse → check → store in one
 * transaction with the cross-year rules against the neighbouring stored years (store/report-writer).
 * The CLI and the GraphQL mutation both call this; neither has an implementation of its own.
 */
import { randomUUID } from "node:crypto";
import type { DataSource } from "typeorm";
import type { CanonicalReport, Diagnostic } from "../domain/report-json";
import { emptyReport, toStoredInteger, unreadableCells } from "../domain/report-json";
import { cellsOf } from "../domain/cells";
import { parseInput, ParseError, ParseOptions } from "./parse";
import { checkAgainstPreviousYear, checkReport, CROSS_YEAR_RULES } from "./rules";
import type { ReportRow } from "../modules/report/report.entity";
import { persistReport, PersistOutcome } from "../store/report-writer";
import { persistReports } from "../store/batch-writer";
import type { CrossYearChecker } from "../store/cross-year";
import { checksumOf, SourceInput } from "../store/rows";
import { storedEvidence } from "../store/stored-evidence";

export type ImportStatus = "imported" | "unchanged" | "revised" | "held" | "rejected";

/**
 * Why a file was rejected, from a closed set: UNREADABLE (the parser's problem, naming the file and
 * what could not be read) or STORAGE_FAILED (the database refused; its message goes to the server
 * log under `importId`, never to the client).
 */
export type RejectionCode = "UNREADABLE" | "STORAGE_FAILED";

export interface ImportResult {
  file: string;
  status: ImportStatus;
  report?: ReportRow;
  canonical?: CanonicalReport;
  /** Why a rejected file was rejected, or why a held revision was not made current (safe to show a client). */
  reason?: string;
  code?: RejectionCode;
  /** Set on STORAGE_FAILED: the id the server log line carries. */
  importId?: string;
  diagnostics: Diagnostic[];
}

/** The cross-year rules as the store runs them. */
export const CROSS_YEAR_CHECKER: CrossYearChecker = { ruleIds: CROSS_YEAR_RULES.map((r) => r.id), check: checkAgainstPreviousYear };

export interface ImportOptions extends ParseOptions {
  importedBy?: string;
  /** N1 threshold (Config.narrativeCopyThreshold); default 0.9. */
  copyThreshold?: number;
  /** How to parse a non-JSON file; default parseInput. The API passes the bounded sandbox (src/ingestion/sandbox). */
  parse?: (content: Buffer | string, options: ParseOptions) => Promise<{ report: CanonicalReport }>;
  /** Make the input current even when it looks like a damaged copy of the current revision (see store/suspicion.ts). */
  force?: boolean;
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
    publishedAt: options.publishedAt ?? data.publishedAt ?? null,
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

/** A file read and checked, ready to be stored (ImportService.read). */
export interface ReadReport {
  file: string;
  canonical: CanonicalReport;
  source: SourceInput;
}

/** How reports are stored (the same for every report of an import). */
export interface StoreOptions {
  /** N1 threshold (Config.narrativeCopyThreshold); default 0.9. */
  copyThreshold?: number;
  force?: boolean;
}

export class ImportService {
  constructor(private readonly ds: DataSource) {}

  async importContent(content: Buffer | string, options: ImportOptions): Promise<ImportResult> {
    const read = await this.read(content, options);
    if ("status" in read) return read;
    return (await this.store([read], options))[0];
  }

  /**
   * Reads one file into a checked canonical report, or its rejection. `beforeDatabase` runs before the
   * reader consults the stored reports for evidence, with the first reading (a caller holding reports
   * not yet stored of the same agency stores them first, so the file is read as it would be one by one).
   */
  async read(content: Buffer | string, options: ImportOptions, beforeDatabase?: (first: CanonicalReport) => Promise<void>): Promise<ReadReport | ImportResult> {
    const file = options.fileName ?? "<input>";
    let canonical: CanonicalReport;
    try {
      if (isCanonicalJson(options)) {
        canonical = canonicalFromJson(typeof content === "string" ? content : content.toString("utf8"), file, options);
      } else {
        canonical = await this.parseWithEvidence(content, options, beforeDatabase);
      }
      if (!canonical.agency) throw new ParseError(file, "the agency could not be read from the title; give it with --agency");
      if (canonical.year == null) throw new ParseError(file, "the report year could not be read from the title; give it with --year");
    } catch (e) {
      if (e instanceof ParseError) return { file, status: "rejected", code: "UNREADABLE", reason: e.problem, diagnostics: e.diagnostics };
      throw e;
    }
    const source = { content, contentType: options.contentType ?? guessType(file), fileName: options.fileName ?? null, importedBy: options.importedBy ?? "cli" };
    return { file, canonical, source };
  }

  /**
   * Stores reports read by `read`, in order: several in one transaction (store/batch-writer.ts); when
   * that transaction fails, each again in its own, so one report the database refuses is rejected
   * alone (STORAGE_FAILED) and the others are stored.
   */
  async store(reads: readonly ReadReport[], options: StoreOptions = {}): Promise<ImportResult[]> {
    const persist = { crossYear: CROSS_YEAR_CHECKER, copyThreshold: options.copyThreshold, force: options.force };
    if (reads.length > 1) {
      try {
        const outcomes = await persistReports(this.ds, reads.map((r) => ({ report: r.canonical, source: r.source })), persist);
        return reads.map((r, k) => resultOf(r, outcomes[k]));
      } catch (e) {
        // Stored one by one below: the report the database refuses is named alone.
        console.error(`[gongkai] a batch of ${reads.length} reports could not be stored together (${(e as Error).message}); storing them one by one`);
      }
    }
    const results: ImportResult[] = [];
    for (const r of reads) {
      try {
        results.push(resultOf(r, await persistReport(this.ds, r.canonical, r.source, persist)));
      } catch (e) {
        // The database's message may name tables, columns or values: it goes to the server log only.
        const importId = randomUUID();
        console.error(`[gongkai] import ${importId}: ${r.file} could not be stored: ${(e as Error).message}`);
        results.push({ file: r.file, status: "rejected", code: "STORAGE_FAILED", importId, reason: `could not be stored (see server log, id ${importId})`, diagnostics: r.canonical.diagnostics });
      }
    }
    return results;
  }

  /**
   * Parses; when cells stay open and the database knows the report's neighbours (the same agency's
   * year before and after, other renderings of the same agency-year), parses again with them as
   * evidence (domain/evidence.ts), so that a cell they settle carries its `resolvedBy`.
   */
  private async parseWithEvidence(content: Buffer | string, options: ImportOptions, beforeDatabase?: (first: CanonicalReport) => Promise<void>): Promise<CanonicalReport> {
    const parse = options.parse ?? parseInput;
    const first = (await parse(content, options)).report;
    if (first.format === "legacy" || !first.agency || first.year == null || !Object.keys(first.ambiguousCells).length) return first;
    await beforeDatabase?.(first);
    const evidence = await storedEvidence(this.ds, { agency: first.agency, regionCode: first.regionCode ?? null, year: first.year, checksum: checksumOf(content) });
    if (!evidence.previousYear && !evidence.nextYear && !evidence.otherRenderings?.length) return first;
    // The first reading stands when the second fails on the file (a reader's memory limit, a crash) or
    // reads another agency or year: its open cells stay null with their reasons, and the file is
    // stored, not rejected. A reading stopped from outside (the request cancelled, the time limit
    // passed) rejects the file as before: nothing is stored, and importing it again reads it again.
    const unsettled = (why: string): CanonicalReport => {
      console.error(`[gongkai] ${first.agency} ${first.year}: the stored reports' evidence could not be applied (${why}); stored as first read`);
      return {
        ...first,
        diagnostics: [...first.diagnostics, { rule: "PARSE", severity: "warning", paths: unreadableCells(first), message: `the stored reports' evidence could not be applied (${why}); the open cells stay null` }],
      };
    };
    let second: CanonicalReport;
    try {
      second = (await parse(content, { ...options, evidence })).report;
    } catch (e) {
      if (!(e instanceof ParseError) || e.interrupted) throw e;
      return unsettled(e.problem);
    }
    if (second.agency !== first.agency || second.year !== first.year) return unsettled(`the reading with evidence gave ${second.agency ?? "no agency"} ${second.year ?? "no year"}`);
    return second;
  }
}

function resultOf(r: ReadReport, outcome: PersistOutcome): ImportResult {
  return { file: r.file, status: outcome.status, report: outcome.report, canonical: r.canonical, diagnostics: r.canonical.diagnostics, ...(outcome.status === "held" ? { reason: outcome.reason } : {}) };
}

/** Whether an input is canonical report JSON (read as it is, never by the parser). */
export function isCanonicalJson(options: Pick<ParseOptions, "fileName" | "contentType">): boolean {
  return /\.json$/i.test(options.fileName ?? "") || options.contentType === "application/json";
}

export function guessType(file: string): string {
  if (/\.html?$/i.test(file)) return "text/html";
  if (/\.docx$/i.test(file)) return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  if (/\.pdf$/i.test(file)) return "application/pdf";
  if (/\.json$/i.test(file)) return "application/json";
  return "text/plain";
}
