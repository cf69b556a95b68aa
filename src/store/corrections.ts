/**
 * The correction loop's write side: a person fills or fixes cells of a stored report. The
 * corrected report becomes a new current revision built by the same row builders as an import
 * (store/rows.ts) — same source, the changed cells, their reading notes (`ambiguousCells`,
 * `blankCells`, `hasUnreadableCells`, `unreadableCount`) updated — and the summary ledger, the
 * report's own findings (R*, T1) and the cross-year findings (X1–X3) of this and the next year follow
 * it in the same transaction. The previous revision stays stored and readable; the audit trail
 * (report_event) records who, when, why and each cell's value before and after.
 */
import type { DataSource } from "typeorm";
import { cellFor, CellDef } from "../domain/cells";
import { figuresToTree } from "../domain/figures";
import { CanonicalReport, Diagnostic, formatMoney, setPath, Tree } from "../domain/report-json";
import { ReportEntity, ReportRow } from "../modules/report/report.entity";
import type { CrossYearChecker } from "./cross-year";
import { recordEvents } from "./events";
import { retryTransient } from "./keys";
import { promote, retire } from "./report-writer";
import { figuresRow, findingRows, reportRow } from "./rows";
import { insertRows } from "./sql";

/** One cell to set: its canonical path and its value as decimal text (money in the unit the template prints), or null to clear it. */
export interface CellCorrection {
  path: string;
  value: string | null;
}

export interface CorrectionOptions {
  /** Who corrects (the CLI user, the API token's name). */
  actor: string;
  /** Why: shown in the audit trail. */
  reason: string;
  /** The report's own rules (R1–R6, T1), handed in because store/ sits below ingestion/rules. */
  checkReport: (report: CanonicalReport) => Diagnostic[];
  /** The cross-year rules (X1–X3). */
  crossYear?: CrossYearChecker;
}

export interface CellChange {
  path: string;
  /** Value before and after, as decimal text (null: unreadable or cleared). */
  from: string | null;
  to: string | null;
}

export interface CorrectionResult {
  report: ReportRow;
  previous: ReportRow;
  changes: CellChange[];
}

/** A correction that cannot be applied; `argument` names the offending argument (reportId, cells, reason). */
export class CorrectionError extends Error {
  constructor(readonly argument: "reportId" | "cells" | "reason", message: string) {
    super(message);
  }
}

export const MAX_CORRECTED_CELLS = 500;

/**
 * A cell value as the stored integer (money in 分), or null. Decimal text only: counts are
 * whole numbers (signed ones may be negative), money has at most the precision of 分, and every
 * value fits a 53-bit integer.
 */
export function parseCellValue(cell: CellDef, text: string | null): number | null {
  if (text === null) return null;
  const t = text.trim();
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(t);
  if (!m) throw new CorrectionError("cells", `${cell.path}: "${text}" is not a number (write digits, e.g. 7 or 12.5, or null to clear)`);
  const [, sign, whole, frac = ""] = m;
  if (sign && cell.kind !== "signed") throw new CorrectionError("cells", `${cell.path}: must not be negative, got ${t}`);
  const digits = cell.kind === "money" ? String(cell.scale).length - 1 : 0;
  const trimmed = frac.replace(/0+$/, "");
  if (trimmed.length > digits) {
    throw new CorrectionError("cells", cell.kind === "money" ? `${cell.path}: ${t} has more precision than 0.01 元` : `${cell.path}: must be a whole number, got ${t}`);
  }
  const stored = BigInt(whole + trimmed.padEnd(digits, "0")) * (sign ? -1n : 1n);
  if (stored > BigInt(Number.MAX_SAFE_INTEGER) || stored < -BigInt(Number.MAX_SAFE_INTEGER)) throw new CorrectionError("cells", `${cell.path}: ${t} is too large to store exactly`);
  return Number(stored);
}

/** A stored value (money in 分) as decimal text in the template's unit. */
const shown = (cell: CellDef, stored: unknown): string | null => (stored == null ? null : cell.kind === "money" ? formatMoney(cell, Number(stored)) : String(Number(stored)));

/** Applies `cells` to report `reportId` (the current revision of its agency-year) as a new revision. */
export async function correctCells(ds: DataSource, reportId: number, cells: CellCorrection[], options: CorrectionOptions): Promise<CorrectionResult> {
  const reason = options.reason.trim();
  if (!reason) throw new CorrectionError("reason", "say why the cells are corrected");
  if (reason.length > 1000) throw new CorrectionError("reason", "at most 1000 characters");
  if (!cells.length) throw new CorrectionError("cells", "name at least one cell");
  if (cells.length > MAX_CORRECTED_CELLS) throw new CorrectionError("cells", `at most ${MAX_CORRECTED_CELLS} cells at once`);
  const paths = new Set<string>();
  for (const c of cells) {
    if (paths.has(c.path)) throw new CorrectionError("cells", `${c.path} is named twice`);
    paths.add(c.path);
  }
  return retryTransient(() => ds.transaction(async (em) => {
    const reports = em.getRepository(ReportEntity);
    const old = await reports.findOneBy({ id: reportId });
    if (!old) throw new CorrectionError("reportId", `no report ${reportId}`);
    if (!old.isCurrent) throw new CorrectionError("reportId", `report ${reportId} is not the current revision of its agency and year (see Report.revisions)`);
    if (old.format === "legacy") throw new CorrectionError("reportId", `report ${reportId} follows no national template and has no cells to correct`);
    // The canonical report as stored, the corrections applied.
    const figures = (await em.query("SELECT * FROM report_figures WHERE reportId = ?", [old.id]))[0] as Record<string, unknown> | undefined;
    const tree = figuresToTree(old.format, figures, old.extra, true);
    const report: CanonicalReport = {
      agency: old.printedAgencyName, year: old.year, format: old.format, isAggregate: old.isAggregate, source: old.sourceUrl,
      regionCode: old.regionCode, publishedAt: old.publishedAt, ...tree,
      sections: old.sections, blankCells: [...old.blankCells], ambiguousCells: { ...old.ambiguousCells }, diagnostics: [],
    };
    const changes: CellChange[] = [];
    for (const c of cells) {
      const cell = cellFor(c.path, old.format);
      if (!cell) throw new CorrectionError("cells", `${c.path} is not a cell of the ${old.format} template`);
      const stored = parseCellValue(cell, c.value);
      const value = stored == null ? null : cell.kind === "money" ? stored / cell.scale : stored;
      changes.push({ path: c.path, from: shown(cell, figures?.[cell.column]), to: shown(cell, stored) });
      setPath(report as unknown as Tree, c.path, value);
      if (c.path === "proactive.procurement.totalAmount") setPath(report as unknown as Tree, "proactive.procurement.totalAmountRaw", value == null ? "" : String(value));
      report.blankCells = report.blankCells.filter((p) => p !== c.path);
      if (value == null) report.ambiguousCells[c.path] = `cleared by ${options.actor}: ${reason}`.slice(0, 500);
      else delete report.ambiguousCells[c.path];
    }
    report.diagnostics = options.checkReport(report);

    const top = await em.query("SELECT MAX(revision) AS m FROM report WHERE agencyId = ? AND year = ?", [old.agencyId, old.year]);
    const row = reportRow(report, { id: old.agencyId, regionCode: old.regionCode },
      { content: "", contentType: old.contentType, fileName: old.fileName, importedBy: options.actor.slice(0, 100), parserVersion: old.parserVersion },
      Number(top[0].m) + 1);
    // The same source: a re-import of the original file finds this revision and changes nothing.
    row.checksum = old.checksum;
    row.extra = { ...old.extra, ...row.extra };
    await retire(em, old);
    const saved = await reports.save(row);
    await em.query("INSERT INTO report_source (reportId, encoding, content) SELECT ?, encoding, content FROM report_source WHERE reportId = ?", [saved.id, old.id]);
    const newFigures = figuresRow(report, saved.id);
    if (newFigures) await insertRows(em, "report_figures", [newFigures]);
    await insertRows(em, "finding", findingRows(saved.id, report.format, report.diagnostics));
    await promote(em, saved, options.crossYear);
    await recordEvents(em, [{
      reportId: saved.id, agencyId: saved.agencyId, year: saved.year, revision: saved.revision, kind: "correction",
      actor: options.actor, reason, detail: { previousReportId: old.id, cells: changes },
    }]);
    return { report: saved, previous: { ...old, isCurrent: false, currentKey: null }, changes };
  }));
}
