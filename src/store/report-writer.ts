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
import type { CanonicalReport } from "../domain/report-json";
import { ReportEntity, ReportRow } from "../modules/report/report.entity";
import { findOrCreateAgency } from "./agency-writer";
import { CrossYearChecker, refreshCrossYearFindings } from "./cross-year";
import { recordEvents } from "./events";
import { currentKeyOf, retryTransient } from "./keys";
import { assertStorable, checksumOf, figuresRow, findingRows, reportRow, SourceInput, sourceRow } from "./rows";
import { insertRows } from "./sql";
import { storeNarratives } from "./narrative-index";
import { suspicionOf } from "./suspicion";
import { SummaryLedger } from "./summary-ledger";
import { refreshReadModel } from "./metric-index";

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

export async function persistReport(ds: DataSource, report: CanonicalReport, source: SourceInput, options: PersistOptions = {}): Promise<PersistOutcome> {
  assertStorable(report);
  const checksum = checksumOf(source.content);
  return retryTransient(() => ds.transaction(async (em): Promise<PersistOutcome> => {
    const agency = await findOrCreateAgency(em, report.agency, report.regionCode ?? null, report.year);
    const reports = em.getRepository(ReportEntity);
    const existing = await reports.find({ where: { agencyId: agency.id, year: report.year }, order: { revision: "DESC" } });
    const current = existing.find((r) => r.isCurrent);
    const event = { agencyId: agency.id, year: report.year, actor: source.importedBy };
    const same = existing.find((r) => r.checksum === checksum);
    if (same && (same.isCurrent || !options.force)) return { status: "unchanged", report: same };
    if (same) {
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
    const saved = await reports.save(row);
    await insertRows(em, "report_source", [sourceRow(saved.id, source)]);
    const figures = figuresRow(report, saved.id);
    if (figures) await insertRows(em, "report_figures", [figures]);
    await insertRows(em, "finding", findingRows(saved.id, report.format, report.diagnostics));
    if (held) {
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
    if (options.crossYear) await refreshCrossYearFindings(em, [{ agencyId: agency.id, year: saved.year }], options.crossYear);
    await storeNarratives(em, saved, existing.map((r) => r.id), { copyThreshold: options.copyThreshold });
    await refreshReadModel(em, [{ agencyId: agency.id }]);
    const kind = !existing.length ? "import" : suspicion ? "forced" : "revision";
    await recordEvents(em, [{ ...event, reportId: saved.id, revision: saved.revision, kind, reason: suspicion ? `made current on purpose (force), although ${suspicion}` : null }]);
    return { status: existing.length ? "revised" : "imported", report: saved };
  }));
}
