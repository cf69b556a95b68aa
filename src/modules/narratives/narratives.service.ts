/**
 * Narrative search and year-over-year similarity, read side.
 *
 * Search: the query's terms (domain/narrative.ts) → their character bigrams → the sections of
 * current reports holding every bigram (narrative_token, one plain indexed SQL statement on SQLite
 * and MySQL alike) → each candidate's text checked for the terms as contiguous strings → ranked by
 * BM25 → paged. The bigram step finds candidates; the text check makes the answer exact.
 */
import type { DataSource } from "typeorm";
import { bm25, countTerms, findTerms, matchSpans, normalise, normaliseText, parseQuery, QueryError, sectionKind, snippet } from "../../domain/narrative";
import { narrativeSimilarity, SectionSimilarity } from "../../domain/similarity";
import type { NarrativeSection } from "../../domain/report-json";
import { regionPrefix } from "../../domain/regions";
import { badInput, checkRegionCode } from "../common/args";
import type { ReportRow } from "../report/report.entity";
import type { NarrativeFilter, NarrativeHit } from "./narratives.type";

/** A search whose character pairs occur in more sections than this is refused as too broad. */
export const MAX_CANDIDATES = 50_000;

const CHUNK = 500;

/** A ranked hit before its snippet is cut: the section's printed text travels with it. */
export type RankedHit = Omit<NarrativeHit, "snippet" | "highlights" | "matches"> & { text: string };

function sectionsOf(value: unknown): NarrativeSection[] {
  const v = typeof value === "string" ? JSON.parse(value) : value;
  return Array.isArray(v) ? v : [];
}

export class NarrativesService {
  constructor(private readonly ds: DataSource) {}

  /**
   * Every hit, best first, without snippets (the resolver pages them and calls `decorate` on the
   * page only): the terms are counted in each candidate's normal-form text.
   */
  async search(query: string, filter: NarrativeFilter = {}): Promise<{ terms: string[]; hits: RankedHit[] }> {
    let parsed;
    try {
      parsed = parseQuery(query);
    } catch (e) {
      if (e instanceof QueryError) throw badInput("query", e.message);
      throw e;
    }
    if (filter.section === "whole") throw badInput("filter.section", "WHOLE is not a section; leave the filter out to search every section");
    const params: unknown[] = [...parsed.bigrams];
    let where = `t.term IN (${parsed.bigrams.map(() => "?").join(", ")}) AND r.isCurrent = 1`;
    let join = "";
    if (filter.regionCode) {
      checkRegionCode(filter.regionCode, "filter.regionCode");
      where += " AND r.regionCode LIKE ?";
      params.push(`${regionPrefix(filter.regionCode)}%`);
    }
    if (filter.years?.length) {
      where += ` AND r.year IN (${filter.years.map(() => "?").join(", ")})`;
      params.push(...filter.years);
    }
    if (filter.agencyKind) {
      join = " JOIN agency a ON a.id = r.agencyId";
      where += " AND a.kind = ?";
      params.push(filter.agencyKind);
    }
    params.push(parsed.bigrams.length);
    const candidates: Array<{ reportId: unknown; section: unknown }> = await this.ds.query(
      `SELECT t.reportId AS reportId, t.section AS section FROM narrative_token t JOIN report r ON r.id = t.reportId${join}
       WHERE ${where} GROUP BY t.reportId, t.section HAVING COUNT(*) = ? LIMIT ${MAX_CANDIDATES + 1}`, params);
    if (candidates.length > MAX_CANDIDATES) {
      throw badInput("query", `more than ${MAX_CANDIDATES} sections contain these characters; add a term or a filter`);
    }
    const wanted = new Map<number, Set<number>>();
    for (const c of candidates) {
      const id = Number(c.reportId);
      (wanted.get(id) ?? wanted.set(id, new Set()).get(id)!).add(Number(c.section));
    }
    const ids = [...wanted.keys()];
    const hits: Array<RankedHit & { counts: number[]; length: number }> = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const reports: Array<{ id: unknown; agencyId: unknown; year: unknown; sections: unknown }> = await this.ds.query(
        `SELECT id, agencyId, year, sections FROM report WHERE id IN (${chunk.map(() => "?").join(", ")})`, chunk);
      for (const r of reports) {
        const sections = sectionsOf(r.sections);
        for (const index of wanted.get(Number(r.id)) ?? []) {
          const s = sections[index];
          if (!s) continue;
          const kind = sectionKind(s.heading);
          if (filter.section && kind !== filter.section) continue;
          const text = normaliseText(s.text);
          const counts = countTerms(text, parsed.terms);
          if (!counts) continue;
          hits.push({
            reportId: Number(r.id), agencyId: Number(r.agencyId), year: Number(r.year), sectionIndex: index, section: s.heading,
            sectionKind: kind as NarrativeHit["sectionKind"], text: s.text, score: 0, counts, length: [...text].length,
          });
        }
      }
    }
    const average = hits.reduce((s, v) => s + v.length, 0) / (hits.length || 1);
    for (const h of hits) h.score = Math.round(bm25(h.counts, h.length, average) * 1e6) / 1e6;
    hits.sort((a, b) => b.score - a.score || b.year - a.year || a.reportId - b.reportId || a.sectionIndex - b.sectionIndex);
    return { terms: parsed.terms, hits: hits.map(({ counts: _c, length: _l, ...hit }) => hit) };
  }

  /** A hit with its matches and snippet. */
  decorate(hit: RankedHit, terms: readonly string[]): NarrativeHit {
    const norm = normalise(hit.text);
    const matches = matchSpans(norm, findTerms(norm, terms) ?? []);
    const snip = snippet(hit.text, matches);
    const { text: _t, ...rest } = hit;
    return { ...rest, snippet: snip.text, highlights: snip.highlights, matches };
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
