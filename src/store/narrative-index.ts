/**
 * The narrative side of storing a report: the search index (narrative_token: each section's distinct
 * character bigrams in normal form with their BM25 weight and the report's filter columns — ranked
 * postings, see modules/narratives/narrative-token.entity.ts; narrative_section: each section's
 * normal form; narrative_term: each bigram's number of postings, for choosing a search's driving
 * bigram and for exact totals) and the N1 findings (a section near-identical to the agency's
 * previous report). Both are written in the import's transaction; a superseded revision leaves the
 * index, and N1 is recomputed for the stored report and for the agency's next report after it.
 *
 * Why a bigram table and not FTS5 / FULLTEXT: one plain indexed table answers the same SQL on SQLite
 * and MySQL/MariaDB; FTS5's trigram tokenizer cannot match two-character words (公开, 申诉), MariaDB
 * has no ngram parser, and InnoDB's FULLTEXT drops tokens shorter than innodb_ft_min_token_size (3,
 * a server setting) — so even jieba-segmented two-character words would be lost.
 */
import type { DataSource, EntityManager } from "typeorm";
import { narrativeIndexRows } from "../domain/narrative";
import { sectionPostings } from "../domain/narrative-rank";
import { copyDiagnostics, DEFAULT_COPY_THRESHOLD } from "../domain/similarity";
import type { NarrativeSectionRow, NarrativeTokenRow } from "../modules/narratives/narrative-token.entity";
import type { Sink } from "./pipe";
import { ReportEntity, ReportRow } from "../modules/report/report.entity";
import { findingRows } from "./rows";
import { insertRows } from "./sql";
import { addCounts, addDelta, CountDeltas } from "./counts";

export const COPY_RULE = "N1";

export interface NarrativeOptions {
  /** N1 fires at or above this similarity (default 0.9). */
  copyThreshold?: number;
}

type Queryable = Pick<EntityManager, "query">;

/** What indexing needs of a report. */
export type IndexedReport = Pick<ReportRow, "id" | "agencyId" | "year" | "regionCode" | "sections">;

/**
 * Index rows of reports (sections as stored); returns the postings written. `knownKinds` (agency id →
 * kind), when it names every agency of the reports, spares reading them (the report writer has the agency).
 */
export async function indexNarratives(em: EntityManager, reports: readonly IndexedReport[], knownKinds?: ReadonlyMap<number, string>): Promise<number> {
  if (!reports.length) return 0;
  const agencyIds = [...new Set(reports.map((r) => r.agencyId))];
  let agencyKind: ReadonlyMap<number, string>;
  if (knownKinds && agencyIds.every((id) => knownKinds.has(id))) {
    agencyKind = knownKinds;
  } else {
    const kinds: Array<{ id: unknown; kind: string }> = await em.query(
      `SELECT id, kind FROM agency WHERE id IN (${agencyIds.map(() => "?").join(", ")})`, agencyIds);
    agencyKind = new Map(kinds.map((a) => [Number(a.id), a.kind]));
  }
  return writeNarrativeIndex(em, narrativeIndexOf(reports, agencyKind));
}

/** What indexing writes for some reports. */
export interface NarrativeIndexRows {
  sections: NarrativeSectionRow[];
  /** In narrative_token's primary-key order. */
  postings: NarrativeTokenRow[];
}

/** The index rows of reports, `agencyKind` naming each report's agency's kind (no database needed). */
export function narrativeIndexOf(reports: readonly IndexedReport[], agencyKind: ReadonlyMap<number, string>): NarrativeIndexRows {
  const postings: NarrativeTokenRow[] = [];
  const sections: NarrativeSectionRow[] = [];
  for (const r of reports) {
    const rows = narrativeIndexRows(r.sections);
    for (const s of rows.sections) {
      sections.push({ reportId: r.id, ...s });
      for (const p of sectionPostings(s.body)) {
        postings.push({
          term: p.term, weight: p.weight, reportId: r.id, section: s.section, year: r.year, kind: s.kind,
          regionCode: r.regionCode, agencyKind: agencyKind.get(r.agencyId) ?? "",
        });
      }
    }
  }
  // In primary-key order: consecutive rows land in the same index pages, where unsorted each posting
  // of a batch touched another page. SQLite stores them in 0.68 × the time; MariaDB 0.93 ×, within
  // the rounds' spread (npm run bench:postings, bench/results/2026-12-03-postings.md).
  postings.sort(byPostingKey);
  return { sections, postings };
}

/**
 * Writes index rows (a write pipe's sink will do: nothing is read); returns the postings written.
 * `slices`: the postings in statements of at most `rows` rows, `between` awaited after each (a write
 * pipe lets the statements whose turn came go out while the next is built).
 */
export async function writeNarrativeIndex(em: Sink, { sections, postings }: NarrativeIndexRows, slices?: { rows: number; between: () => Promise<void> }): Promise<number> {
  await insertRows(em, "narrative_section", sections);
  const size = Math.max(1, slices?.rows ?? postings.length);
  for (let i = 0; i < postings.length; i += size) {
    await insertRows(em, "narrative_token", postings.slice(i, i + size));
    await slices?.between();
  }
  // Sorted by term: each term's postings are one run, counted without a key per posting.
  const terms: CountDeltas = new Map();
  for (let i = 0; i < postings.length;) {
    let j = i + 1;
    while (j < postings.length && postings[j].term === postings[i].term) j++;
    addDelta(terms, [postings[i].term], j - i);
    i = j;
  }
  await addCounts(em, "narrative_term", ["term"], terms);
  return postings.length;
}

/** narrative_token's primary-key order (term, weight, reportId, section). */
export function byPostingKey(a: NarrativeTokenRow, b: NarrativeTokenRow): number {
  return a.term - b.term || a.weight - b.weight || a.reportId - b.reportId || a.section - b.section;
}

/** After an agency's kind or region is corrected: its postings' copies of them follow. */
export async function refreshNarrativeFilters(em: Queryable, agencyId: number): Promise<void> {
  await em.query(
    `UPDATE narrative_token SET agencyKind = (SELECT a.kind FROM agency a WHERE a.id = ?),
       regionCode = (SELECT r.regionCode FROM report r WHERE r.id = narrative_token.reportId)
     WHERE reportId IN (SELECT id FROM report WHERE agencyId = ?)`, [agencyId, agencyId]);
}

/** Removes reports from the index (superseded revisions). */
export async function unindexNarratives(em: EntityManager, reportIds: readonly number[]): Promise<void> {
  if (!reportIds.length) return;
  const list = reportIds.map(() => "?").join(", ");
  const gone: Array<{ term: unknown; n: unknown }> = await em.query(`SELECT term, COUNT(*) AS n FROM narrative_token WHERE reportId IN (${list}) GROUP BY term`, [...reportIds]);
  const terms: CountDeltas = new Map();
  for (const g of gone) addDelta(terms, [Number(g.term)], -Number(g.n));
  await addCounts(em, "narrative_term", ["term"], terms);
  await em.query(`DELETE FROM narrative_token WHERE reportId IN (${list})`, [...reportIds]);
  await em.query(`DELETE FROM narrative_section WHERE reportId IN (${list})`, [...reportIds]);
}

type Stored = Pick<ReportRow, "id" | "year" | "format" | "sections">;

/**
 * Replaces the N1 findings of the agency's report for `year` and of its next report after `year`,
 * each against the agency's latest current report before it (any earlier year: reports are missing
 * for some years, and a copy of the last one found still counts).
 */
export async function refreshCopyFindings(em: EntityManager, agencyId: number, year: number, options: NarrativeOptions = {}): Promise<number> {
  const threshold = options.copyThreshold ?? DEFAULT_COPY_THRESHOLD;
  const reports: Stored[] = await em.getRepository(ReportEntity).find({
    select: { id: true, year: true, format: true, sections: true }, where: { agencyId, isCurrent: true }, order: { year: "ASC" },
  });
  const targets = [reports.find((r) => r.year === year), reports.find((r) => r.year > year)].filter((r): r is Stored => !!r);
  if (!targets.length) return 0;
  await em.query(`DELETE FROM finding WHERE rule = ? AND reportId IN (${targets.map(() => "?").join(", ")})`, [COPY_RULE, ...targets.map((t) => t.id)]);
  const rows = targets.flatMap((t) => {
    const previous = reports.filter((r) => r.year < t.year).pop();
    return previous ? findingRows(t.id, t.format, copyDiagnostics(t.sections, previous.sections, previous.year, threshold)) : [];
  });
  await insertRows(em, "finding", rows);
  return rows.length;
}

/**
 * One call from the report writer after a revision is saved: the superseded revisions leave the
 * index, the new one enters it, and N1 is brought up to date around its year.
 */
export async function storeNarratives(em: EntityManager, saved: IndexedReport, superseded: readonly number[], options: NarrativeOptions = {}): Promise<void> {
  await unindexNarratives(em, superseded);
  await indexNarratives(em, [saved]);
  await refreshCopyFindings(em, saved.agencyId, saved.year, options);
}

/**
 * Rebuilds the whole index and every N1 finding from the stored current reports (databases imported
 * before the index existed), `batch` reports per transaction. Returns the reports indexed.
 */
export async function rebuildNarrativeIndex(ds: DataSource, options: NarrativeOptions & { batch?: number } = {}): Promise<number> {
  const batch = options.batch ?? 200;
  await ds.transaction(async (em) => {
    await em.query("DELETE FROM narrative_token");
    await em.query("DELETE FROM narrative_term");
    await em.query("DELETE FROM narrative_section");
    await em.query("DELETE FROM finding WHERE rule = ?", [COPY_RULE]);
  });
  let after = 0;
  let count = 0;
  for (;;) {
    const ids: Array<{ id: unknown }> = await ds.query(`SELECT id FROM report WHERE isCurrent = 1 AND id > ? ORDER BY id LIMIT ${Math.trunc(batch)}`, [after]);
    if (!ids.length) break;
    after = Number(ids[ids.length - 1].id);
    await ds.transaction(async (em) => {
      const reports = await em.getRepository(ReportEntity).find({
        select: { id: true, agencyId: true, year: true, regionCode: true, sections: true }, where: ids.map((r) => ({ id: Number(r.id) })),
      });
      await indexNarratives(em, reports);
      // Each report's own N1 against its predecessor (the "next report" half is its successor's own turn).
      for (const r of reports) await refreshCopyFindings(em, r.agencyId, r.year, options);
    });
    count += ids.length;
  }
  return count;
}
