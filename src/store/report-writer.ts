/**
 * Stores one canonical report in one transaction: agency (found by current or former name, or
 * created), report revision, verbatim source, figures, findings, the summary ledger's deltas, the
 * cross-year findings (X1–X3) against the neighbouring years when a checker is given, and an event
 * in the audit trail. Importing the same input twice changes nothing; a different input for the same
 * agency and year becomes a new current revision — unless it looks like a damaged copy of the
 * current one (store/suspicion.ts): then it is stored but held back (status `held`, with the reason)
 * until imported again with `force`.
 *
 * Concurrent writers: the agency's `nameKey` and the current revision's `currentKey` are unique, so
 * a writer that lost a race fails instead of duplicating; the whole transaction then runs again and
 * finds the winner's rows (`retryTransient`).
 */
import { DataSource, EntityManager } from "typeorm";
import type { Template } from "../domain/cells";
import type { CanonicalReport, Diagnostic, NarrativeSection } from "../domain/report-json";
import { copyDiagnostics, DEFAULT_COPY_THRESHOLD } from "../domain/similarity";
import { ReportEntity, ReportRow } from "../modules/report/report.entity";
import { findOrCreateAgency } from "./agency-writer";
import type { AgencyRow } from "../modules/agency/agency.entity";
import { CrossYearChecker, refreshCrossYearFindings, storedCanonical } from "./cross-year";
import { recordEvents } from "./events";
import { currentKeyOf, retryTransient } from "./keys";
import { assertStorable, checksumOf, figuresRow, findingRows, NewReportRow, reportRow, SourceInput, sourceRow } from "./rows";
import { insertRow, insertRows, storedDate } from "./sql";
import { COPY_RULE, indexNarratives, unindexNarratives } from "./narrative-index";
import { suspicionOf } from "./suspicion";
import { SummaryLedger } from "./summary-ledger";
import { refreshReadModel } from "./metric-index";

/** What the writers read of a report's agency. */
export type StoreAgency = Pick<AgencyRow, "id" | "kind" | "regionCode">;

export type PersistOutcome =
  | { status: "imported" | "revised" | "unchanged"; report: ReportRow }
  | { status: "held"; report: ReportRow; reason: string };

export interface PersistOptions {
  /** The cross-year rules; without them no X1–X3 findings are written. */
  crossYear?: CrossYearChecker;
  /** N1 (narrative copied from the previous report) fires at or above this similarity (default 0.9). */
  copyThreshold?: number;
  /** Make the input current even when it looks like a damaged copy of the current revision. */
  force?: boolean;
}

/** Takes the current revision out of the statistics: its ledger contribution subtracted, its current key cleared. */
export async function retire(em: EntityManager, current: Pick<ReportRow, "id">): Promise<void> {
  const ledger = new SummaryLedger(em);
  const old = await ledger.contributionOf(current.id);
  if (old) await ledger.add(old, -1);
  await em.getRepository(ReportEntity).update(current.id, { isCurrent: false, currentKey: null });
}

/** Makes a stored revision current: its key set, its figures added to the ledger, X1–X3 refreshed around it. */
export async function promote(em: EntityManager, row: Pick<ReportRow, "id" | "agencyId" | "year">, crossYear?: CrossYearChecker): Promise<void> {
  await em.getRepository(ReportEntity).update(row.id, { isCurrent: true, currentKey: currentKeyOf(row.agencyId, row.year) });
  const ledger = new SummaryLedger(em);
  const c = await ledger.contributionOf(row.id);
  if (c) await ledger.add(c, 1);
  if (crossYear) await refreshCrossYearFindings(em, [{ agencyId: row.agencyId, year: row.year }], crossYear);
  // Every report of the agency: N1 follows the next report after this year, whatever its year.
  await refreshReadModel(em, [{ agencyId: row.agencyId }]);
}

/**
 * What the writer reads of the agency's stored reports, in one statement: every revision of the
 * year being stored (unchanged input? revision number? the current one?) and the current report of
 * every other year (the cross-year and N1 neighbours).
 */
interface Stored {
  id: number;
  year: number;
  revision: number;
  isCurrent: boolean;
  checksum: string;
  format: Template;
  extra: Record<string, unknown>;
  printedAgencyName: string;
}

const json = <T>(v: unknown): T => (typeof v === "string" ? JSON.parse(v) : v) as T;

async function storedOf(em: EntityManager, agencyId: number, year: number): Promise<Stored[]> {
  const rows: Array<Record<string, unknown>> = await em.query(
    "SELECT id, year, revision, isCurrent, checksum, format, extra, printedAgencyName FROM report WHERE agencyId = ? AND (year = ? OR isCurrent = 1)",
    [agencyId, year],
  );
  return rows.map((r) => ({
    id: Number(r.id), year: Number(r.year), revision: Number(r.revision), isCurrent: Number(r.isCurrent) === 1, checksum: String(r.checksum),
    format: r.format as Template, extra: json<Record<string, unknown>>(r.extra) ?? {}, printedAgencyName: String(r.printedAgencyName),
  }));
}

/** The figures rows and narrative sections of stored reports, one statement (`report_figures` is absent for a legacy report). */
export async function neighbourData(em: EntityManager, ids: number[]): Promise<Map<number, { figures: Record<string, unknown> | undefined; sections: NarrativeSection[] }>> {
  if (!ids.length) return new Map();
  const rows: Array<Record<string, unknown>> = await em.query(
    `SELECT r.id AS storedId, r.sections AS storedSections, f.* FROM report r LEFT JOIN report_figures f ON f.reportId = r.id WHERE r.id IN (${ids.map(() => "?").join(", ")})`, ids);
  return new Map(rows.map((r) => {
    const { storedId, storedSections, ...figures } = r;
    return [Number(storedId), { figures: figures.reportId == null ? undefined : figures, sections: json<NarrativeSection[]>(storedSections) ?? [] }];
  }));
}

export async function persistReport(ds: DataSource, report: CanonicalReport, source: SourceInput, options: PersistOptions = {}): Promise<PersistOutcome> {
  assertStorable(report);
  return retryTransient(() => ds.transaction((em) => storeReport(em, report, source, options)));
}

/**
 * The body of persistReport's transaction, for a caller that holds the transaction (the batch
 * writer, store/batch-writer.ts, for a report that is not a new agency-year); `agency` when the
 * caller has found it already.
 */
export async function storeReport(em: EntityManager, report: CanonicalReport, source: SourceInput, options: PersistOptions = {}, found?: StoreAgency): Promise<PersistOutcome> {
  assertStorable(report);
  const checksum = checksumOf(source.content);
  const agency = found ?? await findOrCreateAgency(em, report.agency, report.regionCode ?? null, report.year);
  const stored = await storedOf(em, agency.id, report.year);
  const existing = stored.filter((r) => r.year === report.year).sort((a, b) => b.revision - a.revision);
  const current = existing.find((r) => r.isCurrent);
  const event = { agencyId: agency.id, year: report.year, actor: source.importedBy };
  const sameId = existing.find((r) => r.checksum === checksum)?.id;
  if (sameId != null) {
    const same = (await em.getRepository(ReportEntity).findOneByOrFail({ id: sameId }));
    if (same.isCurrent || !options.force) return { status: "unchanged", report: same };
    // The same input again with force: a held (or older) revision becomes current.
    if (current) await retire(em, current);
    await promote(em, same, options.crossYear);
    await recordEvents(em, [{ ...event, reportId: same.id, revision: same.revision, kind: "forced", reason: "made current on purpose (force)" }]);
    return { status: "revised", report: { ...same, isCurrent: true, currentKey: currentKeyOf(agency.id, report.year) } };
  }
  const suspicion = current ? suspicionOf({ format: current.format, figures: (await em.query("SELECT * FROM report_figures WHERE reportId = ?", [current.id]))[0] }, report) : null;
  const held = options.force ? null : suspicion;
  const row = reportRow(report, agency, source, (existing[0]?.revision ?? 0) + 1);
  if (held) Object.assign(row, { isCurrent: false, currentKey: null });
  else if (current) await retire(em, current);
  const saved = await insertReport(em, row);
  await insertRows(em, "report_source", [sourceRow(saved.id, source)]);
  const figures = figuresRow(report, saved.id);
  if (figures) await insertRows(em, "report_figures", [figures]);
  const findings = findingRows(saved.id, report.format, report.diagnostics);
  if (held) {
    await insertRows(em, "finding", findings);
    await refreshReadModel(em, []);
    await recordEvents(em, [{ ...event, reportId: saved.id, revision: saved.revision, kind: "held", reason: held }]);
    return { status: "held", report: saved, reason: held };
  }
  if (!saved.isAggregate && figures) {
    await new SummaryLedger(em).add({
      regionCode: saved.regionCode, year: saved.year, format: report.format, agencyKind: agency.kind,
      incomplete: saved.hasUnreadableCells, figures,
    }, 1);
  }
  // The neighbours: the current reports of the year before and after (X1–X3), and the latest
  // current report before and the first after (N1; reports are missing for some years).
  const others = stored.filter((r) => r.isCurrent && r.year !== report.year).sort((a, b) => a.year - b.year);
  const before = others.filter((r) => r.year < report.year).pop();
  const after = others.find((r) => r.year > report.year);
  const data = await neighbourData(em, [before, after].filter((r): r is Stored => !!r).map((r) => r.id));
  const self: Stored = { id: saved.id, year: saved.year, revision: saved.revision, isCurrent: true, checksum, format: saved.format, extra: saved.extra, printedAgencyName: saved.printedAgencyName };
  // In the order the findings were always written: the report's own rules, X1–X3 of it and of the
  // next year's report, then N1 of both.
  const rows = (r: Stored, diagnostics: Diagnostic[]) => findingRows(r.id, r.format, diagnostics);
  const canonical = (r: Stored) => storedCanonical(r, r.id === saved.id ? figures ?? undefined : data.get(r.id)?.figures);
  if (options.crossYear && before?.year === report.year - 1) findings.push(...rows(self, options.crossYear.check(canonical(self), canonical(before))));
  if (options.crossYear && after?.year === report.year + 1) findings.push(...rows(after, options.crossYear.check(canonical(after), canonical(self))));
  const threshold = options.copyThreshold ?? DEFAULT_COPY_THRESHOLD;
  if (before) findings.push(...rows(self, copyDiagnostics(saved.sections, data.get(before.id)!.sections, before.year, threshold)));
  if (after) {
    findings.push(...rows(after, copyDiagnostics(data.get(after.id)!.sections, saved.sections, saved.year, threshold)));
    // The next report's cross-year and N1 findings are now read against this one.
    const rules = [...(options.crossYear && after.year === report.year + 1 ? options.crossYear.ruleIds : []), COPY_RULE];
    await em.query(`DELETE FROM finding WHERE reportId = ? AND rule IN (${rules.map(() => "?").join(", ")})`, [after.id, ...rules]);
  }
  await insertRows(em, "finding", findings);
  await unindexNarratives(em, existing.map((r) => r.id));
  await indexNarratives(em, [saved], new Map([[agency.id, agency.kind]]));
  // Only these reports' rows change: this year's (the new current revision and the one it retired),
  // the year after's (its X1–X3 are read against this one; coverage's "reported the year before")
  // and the next report's (its N1), whatever its year. The agency's other years stay as they were.
  // The agency's current years as they now stand: the other years' current reports and this one.
  const currentYears = [...others.map((r) => r.year), report.year];
  await refreshReadModel(em, [{ agencyId: agency.id, years: after ? [report.year, after.year] : [report.year] }],
    new Map([[agency.id, { kind: agency.kind, regionCode: agency.regionCode, currentYears }]]));
  const kind = !existing.length ? "import" : suspicion ? "forced" : "revision";
  await recordEvents(em, [{ ...event, reportId: saved.id, revision: saved.revision, kind, reason: suspicion ? `made current on purpose (force), although ${suspicion}` : null }]);
  return { status: existing.length ? "revised" : "imported", report: saved };
}

/** Inserts a report row; returns it as stored, with its id and the database's importedAt. */
async function insertReport(em: EntityManager, row: NewReportRow): Promise<ReportRow> {
  const id = await insertRow(em, "report", row);
  const [{ importedAt }] = await em.query("SELECT importedAt FROM report WHERE id = ?", [id]);
  return { ...row, id, importedAt: storedDate(importedAt) };
}
