/**
 * Narrative search and year-over-year similarity, read side.
 *
 * Search: the query's terms (domain/narrative.ts) → their character bigrams → the sections holding
 * every bigram (narrative_token, one GROUP BY) → for those reports, a chunk at a time: current
 * revision, region/year/kind/section filters, each term found in the section's normal form
 * (narrative_section) and its occurrences counted — plain SQL, the same on SQLite and MySQL — →
 * ranked by BM25 → paged; snippets are cut for the page only. The bigram step finds candidates; the
 * text check makes the answer exact.
 */
import type { DataSource } from "typeorm";
import { bm25, findTerms, matchSpans, normalise, parseQuery, QueryError, snippet } from "../../domain/narrative";
import { narrativeSimilarity, SectionSimilarity } from "../../domain/similarity";
import type { NarrativeSection } from "../../domain/report-json";
import { regionPrefix } from "../../domain/regions";
import { badInput, checkRegionCode } from "../common/args";
import type { ReportRow } from "../report/report.entity";
import type { NarrativeFilter, NarrativeHit } from "./narratives.type";

/** A search with more hits than this is refused as too broad (the hits are ranked in memory). */
export const MAX_HITS = 100_000;

function sectionsOf(value: unknown): NarrativeSection[] {
  const v = typeof value === "string" ? JSON.parse(value) : value;
  return Array.isArray(v) ? v : [];
}

/** Reports per statement of the second step. */
const CHUNK = 1000;

/** A ranked hit before its snippet is cut. */
export type RankedHit = Omit<NarrativeHit, "snippet" | "highlights" | "matches" | "section">;

/** Occurrences of a bound term in the section's normal form: the same arithmetic on SQLite (characters) and MySQL (bytes). */
const OCCURRENCES = "(LENGTH(s.body) - LENGTH(REPLACE(s.body, ?, ''))) / LENGTH(?)";

export class NarrativesService {
  constructor(private readonly ds: DataSource) {}

  /** Every hit, best first, without snippets (the resolver pages them through `page`). */
  async search(query: string, filter: NarrativeFilter = {}): Promise<{ terms: string[]; hits: RankedHit[] }> {
    let parsed;
    try {
      parsed = parseQuery(query);
    } catch (e) {
      if (e instanceof QueryError) throw badInput("query", e.message);
      throw e;
    }
    if (filter.section === "whole") throw badInput("filter.section", "WHOLE is not a section; leave the filter out to search every section");
    const { terms, bigrams } = parsed;
    // 1. The candidate sections, from narrative_token alone. (Joined to report in one statement,
    //    MariaDB may walk every report and group its tokens per report — seconds at 10k reports.)
    const candidates: Array<{ reportId: unknown; section: unknown }> = await this.ds.query(
      `SELECT reportId, section FROM narrative_token WHERE term IN (${bigrams.map(() => "?").join(", ")})
       GROUP BY reportId, section HAVING COUNT(*) = ? LIMIT ${MAX_HITS + 1}`, [...bigrams, bigrams.length]);
    if (candidates.length > MAX_HITS) throw badInput("query", `more than ${MAX_HITS} sections match; add a term or a filter`);
    const wanted = new Set(candidates.map((c) => `${Number(c.reportId)}:${Number(c.section)}`));
    const ids = [...new Set(candidates.map((c) => Number(c.reportId)))];
    // 2. Their reports' filters, and each term found (INSTR; on MySQL under the column's collation, a
    //    superset) and counted exactly (REPLACE) in the sections' normal form, a chunk of reports at a time.
    const filters: unknown[] = [];
    let where = "r.isCurrent = 1";
    let join = "";
    if (filter.regionCode) {
      checkRegionCode(filter.regionCode, "filter.regionCode");
      where += " AND r.regionCode LIKE ?";
      filters.push(`${regionPrefix(filter.regionCode)}%`);
    }
    if (filter.years?.length) {
      where += ` AND r.year IN (${filter.years.map(() => "?").join(", ")})`;
      filters.push(...filter.years);
    }
    if (filter.agencyKind) {
      join = " JOIN agency a ON a.id = r.agencyId";
      where += " AND a.kind = ?";
      filters.push(filter.agencyKind);
    }
    if (filter.section) {
      where += " AND s.kind = ?";
      filters.push(filter.section);
    }
    where += terms.map(() => " AND INSTR(s.body, ?) > 0").join("");
    filters.push(...terms);
    const rows: Array<Record<string, unknown>> = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const part: Array<Record<string, unknown>> = await this.ds.query(
        `SELECT s.reportId AS reportId, s.section AS section, s.kind AS kind, s.chars AS chars, r.agencyId AS agencyId, r.year AS year,
           ${terms.map((_, j) => `${OCCURRENCES} AS tf${j}`).join(", ")}
         FROM narrative_section s JOIN report r ON r.id = s.reportId${join}
         WHERE s.reportId IN (${chunk.map(() => "?").join(", ")}) AND ${where}`,
        [...terms.flatMap((t) => [t, t]), ...chunk, ...filters]);
      for (const r of part) if (wanted.has(`${Number(r.reportId)}:${Number(r.section)}`)) rows.push(r);
    }
    const found = rows.filter((r) => terms.every((_, i) => Number(r[`tf${i}`]) > 0));
    const average = found.reduce((sum, r) => sum + Number(r.chars), 0) / (found.length || 1);
    const hits: RankedHit[] = found.map((r) => ({
      reportId: Number(r.reportId), agencyId: Number(r.agencyId), year: Number(r.year), sectionIndex: Number(r.section),
      sectionKind: r.kind as NarrativeHit["sectionKind"],
      score: Math.round(bm25(terms.map((_, i) => Number(r[`tf${i}`])), Number(r.chars), average) * 1e6) / 1e6,
    }));
    hits.sort((a, b) => b.score - a.score || b.year - a.year || a.reportId - b.reportId || a.sectionIndex - b.sectionIndex);
    return { terms, hits };
  }

  /** Hits with their headings, matches and snippets, read from the reports' printed sections. */
  async page(hits: readonly RankedHit[], terms: readonly string[]): Promise<NarrativeHit[]> {
    const ids = [...new Set(hits.map((h) => h.reportId))];
    const reports: Array<{ id: unknown; sections: unknown }> = ids.length
      ? await this.ds.query(`SELECT id, sections FROM report WHERE id IN (${ids.map(() => "?").join(", ")})`, ids) : [];
    const sections = new Map(reports.map((r) => [Number(r.id), sectionsOf(r.sections)]));
    return hits.map((hit) => {
      const s = sections.get(hit.reportId)?.[hit.sectionIndex] ?? { heading: "", text: "" };
      const norm = normalise(s.text);
      const matches = matchSpans(norm, findTerms(norm, terms) ?? []);
      const snip = snippet(s.text, matches);
      return { ...hit, section: s.heading, snippet: snip.text, highlights: snip.highlights, matches };
    });
  }

  /** The agency's latest current report before this one's year, or null. */
  async previousReport(report: Pick<ReportRow, "agencyId" | "year">): Promise<{ id: number; year: number; sections: NarrativeSection[] } | null> {
    const rows: Array<{ id: unknown; year: unknown; sections: unknown }> = await this.ds.query(
      "SELECT id, year, sections FROM report WHERE agencyId = ? AND isCurrent = 1 AND year < ? ORDER BY year DESC LIMIT 1", [report.agencyId, report.year]);
    return rows.length ? { id: Number(rows[0].id), year: Number(rows[0].year), sections: sectionsOf(rows[0].sections) } : null;
  }

  /** Per section, then the whole narrative, against the agency's previous report; [] when there is none. */
  async similarity(report: Pick<ReportRow, "agencyId" | "year" | "sections">) {
    const previous = await this.previousReport(report);
    if (!previous) return [];
    return narrativeSimilarity(report.sections, previous.sections).map((s: SectionSimilarity) => ({
      section: s.index == null ? null : s.heading, sectionIndex: s.index, kind: s.kind, previousSection: s.previousHeading,
      previousSectionIndex: s.previousIndex, previousYear: previous.year, previousReportId: previous.id, ratio: s.ratio,
      chars: s.chars, previousChars: s.previousChars, shared: s.shared,
    }));
  }
}
