/**
 * Many imported reports in one transaction (`gongkai import` of a folder or a crawl): the rows that
 * storing them one by one with persistReport (store/report-writer.ts) leaves, in a few statements
 * per batch instead of ~28 per report.
 *
 * The reports are taken in input order. A run of reports that are each a new agency-year (nothing
 * stored for the agency and year, and not already earlier in the batch) is written together:
 * report, source, figures and finding rows as multi-row INSERTs; the summary ledger as one upsert of
 * the summed deltas; X1–X3 and N1 of each report against the agency's latest report before it —
 * stored or earlier in the run — and of the stored report after it; the narrative index, the read
 * model and the audit trail once for the run. Any other report (a revision, an unchanged input, a
 * held one) is stored by the single writer's own code (`storeReport`) inside the same transaction,
 * between the runs, so it sees exactly what it would have seen one by one.
 *
 * Within a run the single writer's steps are replayed in input order in memory: each report is read
 * against the agency's current reports at its turn, and the rows it replaces (X1–X3 and N1 of the
 * report after it) are dropped from the pending findings or deleted from the stored ones — so the
 * findings, in the order one-by-one imports insert them (the order their ids keep, which paging
 * follows), are written in one statement (test/integration/batch-writer.test.ts compares every table).
 */
import type { DataSource, EntityManager } from "typeorm";
import type { CanonicalReport, Diagnostic, NarrativeSection } from "../domain/report-json";
import { copyDiagnostics, DEFAULT_COPY_THRESHOLD } from "../domain/similarity";
import type { ReportRow } from "../modules/report/report.entity";
import { createAgencies, findAgencies, findOrCreateAgency } from "./agency-writer";
import { storedCanonical } from "./cross-year";
import { recordEvents } from "./events";
import { agencyNameKey, collationFold, retryTransient } from "./keys";
import { assertStorable, figuresRow, findingRows, reportRow, SourceInput, sourceRow } from "./rows";
import { insertRows, isSqlite, placeholders, storedDate } from "./sql";
import { COPY_RULE, narrativeIndexOf, writeNarrativeIndex } from "./narrative-index";
import { withPipe, yieldToDatabase } from "./pipe";
import { Contribution, SummaryLedger } from "./summary-ledger";
import { refreshReadModel } from "./metric-index";
import { neighbourData, PersistOptions, PersistOutcome, StoreAgency, storeReport } from "./report-writer";
import type { FiguresRow } from "../domain/figures";

export interface BatchItem {
  report: CanonicalReport;
  source: SourceInput;
  /**
   * The agency, when the caller has just stored it itself (a generated province, in a database of
   * generated data only); otherwise it is found by the report's name and region, or created.
   */
  agency?: StoreAgency;
}

/** Stores the items in one transaction, in order; one outcome per item. Throws when the batch cannot be stored (nothing of it is). */
export async function persistReports(ds: DataSource, items: readonly BatchItem[], options: PersistOptions = {}): Promise<PersistOutcome[]> {
  for (const item of items) assertStorable(item.report);
  return retryTransient(() => ds.transaction((em) => storeBatch(em, items, options)));
}

/** A stored revision as the batch reads it. */
interface StoredRow {
  id: number;
  agencyId: number;
  year: number;
  isCurrent: boolean;
  format: ReportRow["format"];
  extra: Record<string, unknown>;
  printedAgencyName: string;
}

const json = <T>(v: unknown): T => (typeof v === "string" ? JSON.parse(v) : v) as T;

async function storeBatch(em: EntityManager, items: readonly BatchItem[], options: PersistOptions): Promise<PersistOutcome[]> {
  // In input order, as one-by-one imports would find or create them. A name and region seen earlier
  // in the batch stand for the same agency: agencies created since have larger ids, and the lookup
  // takes the smallest match.
  // The stored ones are looked up together first: an agency created later in the loop has a larger
  // id than any of them, so it never beats a stored match. A name that found none is the agency of
  // none stored; it is a new agency unless one created earlier in the batch is its agency — which
  // needs a name or key the database may hold equal. A name whose coarse form (collationFold) differs
  // from every one created before it is created without asking (all of them in one INSERT); any other
  // — and every one after a name the form cannot speak for — is looked up again at its turn
  // (findOrCreateAgency), the ones before it created first.
  const slots: Array<{ agency?: StoreAgency }> = [];
  const seen = new Map<string, { agency?: StoreAgency }>();
  const keyOf = (report: CanonicalReport) => JSON.stringify([report.agency, report.regionCode ?? null]);
  const asked = [...new Map(items.filter((it) => !it.agency).map(({ report }) => [keyOf(report), { name: report.agency!, regionCode: report.regionCode ?? null }])).entries()];
  const stored = new Map<string, StoreAgency | null>();
  (await findAgencies(em, asked.map(([, lookup]) => lookup))).forEach((found, k) => stored.set(asked[k][0], found));
  const createdForms = new Set<string>();
  /** Set once a name the coarse form cannot speak for was created: any later name may be its agency. */
  let unspoken = false;
  const formsOf = (name: string, regionCode: string | null) => {
    const forms = [collationFold(name), collationFold(agencyNameKey(regionCode, name))];
    return forms.every((f) => f !== null) ? [`n:${forms[0]}`, `k:${forms[1]}`] : null;
  };
  let pending: Array<{ slot: { agency?: StoreAgency }; name: string; regionCode: string | null; year: number | null }> = [];
  const createPending = async () => {
    const created = await createAgencies(em, pending);
    created.forEach((a, k) => (pending[k].slot.agency = a));
    pending = [];
  };
  for (const { report, agency: given } of items) {
    const key = keyOf(report);
    let slot = seen.get(key);
    if (!slot) {
      const known = given ?? stored.get(key);
      const name = report.agency!;
      const regionCode = report.regionCode ?? null;
      slot = {};
      const forms = known ? [] : formsOf(name, regionCode);
      if (known) {
        slot.agency = known;
      } else if (unspoken || !forms || forms.some((f) => createdForms.has(f))) {
        await createPending();
        slot.agency = await findOrCreateAgency(em, name, regionCode, report.year);
        if (!forms) unspoken = true;
      } else {
        pending.push({ slot, name, regionCode, year: report.year });
      }
      for (const f of forms ?? []) createdForms.add(f);
    } else if (given) {
      slot = { agency: given };
    }
    seen.set(key, slot);
    slots.push(slot);
  }
  await createPending();
  const agencies = slots.map((s) => s.agency!);
  const outcomes: PersistOutcome[] = [];
  let i = 0;
  while (i < items.length) {
    const stored = await storedRows(em, agencies.slice(i).map((a) => a.id), items.slice(i).map((it) => it.report.year!));
    const taken = new Set(stored.map((r) => `${r.agencyId}:${r.year}`));
    const run: number[] = [];
    for (let j = i; j < items.length; j++) {
      const key = `${agencies[j].id}:${items[j].report.year}`;
      if (taken.has(key)) break;
      taken.add(key);
      run.push(j);
    }
    if (!run.length) {
      outcomes.push(await storeReport(em, items[i].report, items[i].source, options, agencies[i]));
      i++;
      continue;
    }
    outcomes.push(...(await storeNew(em, run.map((j) => ({ ...items[j], agency: agencies[j] })), stored.filter((r) => r.isCurrent), options)));
    i += run.length;
  }
  return outcomes;
}

/** The agencies' current reports and every revision of the given years (one statement). */
async function storedRows(em: EntityManager, agencyIds: number[], years: number[]): Promise<StoredRow[]> {
  const ids = [...new Set(agencyIds)];
  const ys = [...new Set(years)];
  const rows: Array<Record<string, unknown>> = await em.query(
    `SELECT id, agencyId, year, isCurrent, format, extra, printedAgencyName FROM report WHERE agencyId IN (${placeholders(ids.length)}) AND (isCurrent = 1 OR year IN (${placeholders(ys.length)}))`,
    [...ids, ...ys]);
  return rows.map((r) => ({
    id: Number(r.id), agencyId: Number(r.agencyId), year: Number(r.year), isCurrent: Number(r.isCurrent) === 1,
    format: r.format as ReportRow["format"], extra: json<Record<string, unknown>>(r.extra) ?? {}, printedAgencyName: String(r.printedAgencyName),
  }));
}

/** A report of the run or a stored current one, as the cross-year and N1 rules read it. */
interface Neighbour extends StoredRow {
  sections: NarrativeSection[];
  figures: Record<string, unknown> | undefined;
  stored: boolean;
}

/** Reports computed between two chances for the pipe's statements to go out (store/pipe.ts). */
const PIPE_SLICE = 8;
/** Postings a statement when the pipe overlaps them (about 8 generated reports' worth). */
const POSTINGS_SLICE = 1500;

/** A run of new agency-years (current revision 1 each), `stored`: the agencies' stored current reports. */
async function storeNew(em: EntityManager, run: Array<BatchItem & { agency: StoreAgency }>, stored: StoredRow[], options: PersistOptions): Promise<PersistOutcome[]> {
  const rows = run.map(({ report, agency, source }) => reportRow(report, agency, source, 1));
  await insertRows(em, "report", rows);
  const keys = rows.map((r) => r.currentKey!);
  const found: Array<Record<string, unknown>> = await em.query(`SELECT id, currentKey, importedAt FROM report WHERE currentKey IN (${placeholders(keys.length)})`, keys);
  const byKey = new Map(found.map((r) => [String(r.currentKey), r]));
  const saved: ReportRow[] = rows.map((row) => {
    const r = byKey.get(row.currentKey!);
    if (!r) throw new Error(`the report of ${row.printedAgencyName} ${row.year} was not stored`);
    return { ...row, id: Number(r.id), importedAt: storedDate(r.importedAt) };
  });
  const figures: Array<FiguresRow | null> = saved.map((r, k) => figuresRow(run[k].report, r.id));

  // The single writer's steps replayed in input order: each new report is read against the agency's
  // current reports at its turn (the stored ones and the run's earlier ones) — X1–X3 and N1 of it and
  // of the report right after it, whose earlier rows for those rules are dropped — so the findings
  // and their order (their ids) are what one-by-one imports leave.
  const current = new Map<number, Neighbour[]>();
  for (const r of stored) (current.get(r.agencyId) ?? current.set(r.agencyId, []).get(r.agencyId)!).push({ ...r, sections: [], figures: undefined, stored: true });
  const turns = saved.map((r, k) => {
    const self: Neighbour = { ...r, isCurrent: true, sections: r.sections, figures: figures[k] ?? undefined, stored: false };
    const list = current.get(r.agencyId) ?? current.set(r.agencyId, []).get(r.agencyId)!;
    const prev = list.filter((o) => o.year < r.year).sort((a, b) => a.year - b.year).pop();
    const next = list.filter((o) => o.year > r.year).sort((a, b) => a.year - b.year)[0];
    list.push(self);
    return { self, prev, next, k };
  });
  const data = await neighbourData(em, [...new Set(turns.flatMap((t) => [t.prev, t.next]).filter((n): n is Neighbour => !!n?.stored).map((n) => n.id))]);
  for (const n of [...current.values()].flat()) if (n.stored && data.has(n.id)) Object.assign(n, data.get(n.id));

  // Nothing more is read until the read model: the writes go down a pipe (store/pipe.ts), and the
  // database stores each while the next is built — the narrative index is built whole and sent in
  // slices, the findings computed a few reports at a time, with pauses that let the statements whose
  // turn came go out in between.
  const years = new Map<number, Set<number>>();
  // SQLite runs each statement as it is sent (the driver is synchronous): nothing to overlap there,
  // so no slices and no pauses.
  const sqlite = isSqlite(em);
  const pause = sqlite ? async () => undefined : yieldToDatabase;
  await withPipe(em, async (pipe) => {
    const sink = pipe.sink;
    await insertRows(sink, "report_source", saved.map((r, k) => sourceRow(r.id, run[k].source)));
    await insertRows(sink, "report_figures", figures.filter((f): f is FiguresRow => !!f));
    const contributions: Contribution[] = [];
    saved.forEach((r, k) => {
      const f = figures[k];
      if (!r.isAggregate && f) {
        contributions.push({ regionCode: r.regionCode, year: r.year, format: run[k].report.format, agencyKind: run[k].agency.kind, incomplete: r.hasUnreadableCells, figures: f });
      }
    });
    await new SummaryLedger(sink).addAll(contributions);
    await pause();

    const kinds = new Map(run.map((it) => [it.agency.id, it.agency.kind]));
    // The run's postings in primary-key order (narrativeIndexOf), sent in slices.
    await writeNarrativeIndex(sink, narrativeIndexOf(saved, kinds), sqlite ? undefined : { rows: POSTINGS_SLICE, between: pause });

    const crossYear = options.crossYear;
    const threshold = options.copyThreshold ?? DEFAULT_COPY_THRESHOLD;
    let findings = [] as ReturnType<typeof findingRows>;
    const rowsOf = (n: Neighbour, diagnostics: Diagnostic[]) => findingRows(n.id, n.format, diagnostics);
    const canonical = (n: Neighbour) => storedCanonical(n, n.figures);
    /** Stored reports whose findings of these rules are replaced. */
    const replaced = new Map<number, Set<string>>();
    for (const { self, prev, next, k } of turns) {
      const rows = findingRows(self.id, run[k].report.format, run[k].report.diagnostics);
      if (crossYear && prev?.year === self.year - 1) rows.push(...rowsOf(self, crossYear.check(canonical(self), canonical(prev))));
      if (crossYear && next?.year === self.year + 1) rows.push(...rowsOf(next, crossYear.check(canonical(next), canonical(self))));
      if (prev) rows.push(...rowsOf(self, copyDiagnostics(self.sections, prev.sections, prev.year, threshold)));
      if (next) {
        rows.push(...rowsOf(next, copyDiagnostics(next.sections, self.sections, self.year, threshold)));
        const rules = [...(crossYear && next.year === self.year + 1 ? crossYear.ruleIds : []), COPY_RULE];
        findings = findings.filter((f) => f.reportId !== next.id || !rules.includes(f.rule));
        if (next.stored) for (const rule of rules) (replaced.get(next.id) ?? replaced.set(next.id, new Set()).get(next.id)!).add(rule);
      }
      findings.push(...rows);
      // The read model of this report's year and of the report after it, as the single writer refreshes.
      const ys = years.get(self.agencyId) ?? years.set(self.agencyId, new Set()).get(self.agencyId)!;
      ys.add(self.year);
      if (next) ys.add(next.year);
      if (k % PIPE_SLICE === PIPE_SLICE - 1) await pause();
    }
    for (const [id, rules] of replaced) {
      pipe.send(`DELETE FROM finding WHERE reportId = ? AND rule IN (${placeholders(rules.size)})`, [id, ...rules]);
    }
    await insertRows(sink, "finding", findings);
    await recordEvents(sink, saved.map((r) => ({ agencyId: r.agencyId, year: r.year, actor: r.importedBy, reportId: r.id, revision: r.revision, kind: "import" as const, reason: null })));
  });

  const known = new Map(run.map((it) => [it.agency.id, {
    kind: it.agency.kind, regionCode: it.agency.regionCode, currentYears: current.get(it.agency.id)!.map((n) => n.year),
  }]));
  await refreshReadModel(em, [...years].map(([agencyId, ys]) => ({ agencyId, years: [...ys] })), known);
  return saved.map((report) => ({ status: "imported" as const, report }));
}
