/**
 * Narrative search and year-over-year similarity, read side.
 *
 * Search reads a page, not the corpus. narrative_token holds ranked postings: per section, each
 * distinct character bigram with its BM25 weight and the report's filter columns, primary key
 * (term, weight, reportId, section). A query's terms (domain/narrative.ts) → its bigrams → the
 * rarest of them (postings counted in narrative_term) drives: its postings are walked best first
 * with ORDER BY … LIMIT, a growing chunk at a time, each posting kept when the filters (columns of
 * the posting) hold and every term occurs in the section's normal form (narrative_section, checked
 * exactly) — until the page is full or PAGE_BUDGET postings were examined (then the page is
 * `truncated` and its end cursor continues the walk). When the filters leave at most NARROW_REPORTS
 * reports, those reports' postings of the driving bigram are read instead (index (reportId, term)).
 * Hits are ranked by the driving bigram's weight — a BM25 term weight, so the section that uses a
 * query word most (for its length) comes first — then newest report. Cursors name the driving bigram
 * and the position, so paging is keyset and stable. The total is counted only when asked: a word
 * without filters reads its kept count (narrative_term); anything else counts over at most
 * COUNT_BUDGET postings (`totalCountExact` says whether that was all of them).
 */
import type { DataSource } from "typeorm";
import { findTerms, matchSpans, normalise, parseQuery, QueryError, snippet } from "../../domain/narrative";
import { WEIGHT_SCALE } from "../../domain/narrative-rank";
import { narrativeSimilarity, SectionSimilarity } from "../../domain/similarity";
import type { NarrativeSection } from "../../domain/report-json";
import { keyFor, regionPrefix } from "../../domain/regions";
import { badInput, checkRegionCode } from "../common/args";
import type { ReportRow } from "../report/report.entity";
import { AgencyEntity, AgencyRow } from "../agency/agency.entity";
import { columnsOf, hydrated } from "../../db/hydrate";
import { plainQuery } from "../../db/prepared";
import type { NarrativeFilter, NarrativeHit } from "./narratives.type";

function sectionsOf(value: unknown): NarrativeSection[] {
  const v = typeof value === "string" ? JSON.parse(value) : value;
  return Array.isArray(v) ? v : [];
}

/** Postings of the driving bigram examined for one page at most. */
export const PAGE_BUDGET = 20_000;
/** Postings examined to count the hits (totalCount) at most. */
export const COUNT_BUDGET = 20_000;
/** Filters that leave at most this many reports drive the search from those reports. */
export const NARROW_REPORTS = 1_000;
/** The first chunk of a walk, in postings (then × 4 each time). */
const FIRST_CHUNK = 64;
/** How old a bigram's cached posting count may be when it chooses a search's driving bigram. */
export const TERM_COUNT_TTL_MS = 60_000;
/** Bigrams whose counts are cached per database at most (then the cache starts again). */
export const TERM_COUNT_CACHE = 50_000;
const termCounts = new WeakMap<DataSource, Map<number, { n: number; at: number }>>();

/** A place in one bigram's postings list (descending weight, reportId, section). */
export interface Position {
  weight: number;
  reportId: number;
  section: number;
}

/** A ranked hit before its snippet is cut. */
export type RankedHit = Omit<NarrativeHit, "snippet" | "highlights" | "matches" | "section" | "agencyId" | "year"> & {
  position: Position;
  /** The report and agency, when read with the posting (a page read in one statement). */
  details?: Details;
};

/** What a page shows of a hit's report and agency. */
export interface Details {
  agencyId: number;
  year: number;
  sections: NarrativeSection[];
  agency: AgencyRow;
}

export interface SearchPage {
  terms: string[];
  hits: RankedHit[];
  /** The driving bigram (cursors carry it). */
  driver: number;
  hasNextPage: boolean;
  /** The page stopped at PAGE_BUDGET before it was full; `end` continues the walk. */
  truncated: boolean;
  /** Where the next page starts (the last hit, or the last posting examined when truncated). */
  end: Position | null;
  /** The number of hits, counted on demand: exact, or at least `total` when `exact` is false. */
  count: () => Promise<{ total: number; exact: boolean }>;
}

const CURSOR = "narrative";

export function encodeNarrativeCursor(driver: number, p: Position): string {
  return Buffer.from(`${CURSOR}:${driver}:${p.weight}:${p.reportId}:${p.section}`).toString("base64");
}

export function decodeNarrativeCursor(cursor: string): { driver: number; position: Position } {
  const m = /^narrative:(\d+):(\d+):(\d+):(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
  if (!m) throw badInput("after", "not a narrative search cursor");
  return { driver: Number(m[1]), position: { weight: Number(m[2]), reportId: Number(m[3]), section: Number(m[4]) } };
}

/** Postings after `p` in the walk order (descending), as SQL on alias `t`; the leading range uses the primary key. */
function afterPosition(p: Position | null): { sql: string; params: number[] } {
  if (!p) return { sql: "", params: [] };
  return {
    sql: " AND t.weight <= ? AND (t.weight < ? OR t.reportId < ? OR (t.reportId = ? AND t.section < ?))",
    params: [p.weight, p.weight, p.reportId, p.reportId, p.section],
  };
}

const ORDER = "ORDER BY t.weight DESC, t.reportId DESC, t.section DESC";

/** The filters and the text check of a query, as one SQL condition on posting alias `t`. */
interface Condition {
  sql: string;
  params: unknown[];
}

/** The work limits of one search (the defaults above; tests lower them). */
export interface SearchLimits {
  pageBudget: number;
  countBudget: number;
  narrowReports: number;
  /** Bigram counts cached per database at most (TERM_COUNT_CACHE). */
  termCountCache: number;
}

export class NarrativesService {
  private readonly limits: SearchLimits;

  constructor(private readonly ds: DataSource, limits: Partial<SearchLimits> = {}) {
    this.limits = { pageBudget: PAGE_BUDGET, countBudget: COUNT_BUDGET, narrowReports: NARROW_REPORTS, termCountCache: TERM_COUNT_CACHE, ...limits };
  }

  /** One page of hits, best first, without snippets (the resolver cuts them through `page`). */
  async search(query: string, filter: NarrativeFilter = {}, first = 20, after?: string | null): Promise<SearchPage> {
    let parsed;
    try {
      parsed = parseQuery(query);
    } catch (e) {
      if (e instanceof QueryError) throw badInput("query", e.message);
      throw e;
    }
    if (filter.section === "whole") throw badInput("filter.section", "WHOLE is not a section; leave the filter out to search every section");
    if (filter.regionCode) checkRegionCode(filter.regionCode, "filter.regionCode");
    const { terms, bigrams } = parsed;
    const cursor = after ? decodeNarrativeCursor(after) : null;
    if (cursor && !bigrams.includes(cursor.driver)) throw badInput("after", "the cursor belongs to another query");
    const driver = cursor?.driver ?? await this.rarest(bigrams);
    const where = this.condition(terms, filter);
    const { reports: narrow, share } = await this.narrowReports(filter);
    const page = narrow
      ? await this.readNarrow(driver, narrow, where, first, cursor?.position ?? null)
      : await this.walk(driver, where, first, cursor?.position ?? null, where.sql === "1 = 1", share);
    let counted: Promise<{ total: number; exact: boolean }> | null = null;
    const count = () => (counted ??= narrow ? this.countNarrow(driver, narrow, where) : this.countWalk(driver, where));
    return { terms, driver, ...page, count };
  }

  /**
   * The bigram with the fewest postings, from narrative_term (one statement; a bigram without a row
   * has none), through a per-database cache of counts at most TERM_COUNT_TTL_MS old: the count only
   * chooses which bigram drives the walk — every hit section holds every bigram of the query, so any
   * driver finds the same hits, ranked by its weights — and a statement costs more than the walk
   * of a page.
   */
  private async rarest(bigrams: readonly number[]): Promise<number> {
    if (bigrams.length === 1) return bigrams[0];
    let cache = termCounts.get(this.ds);
    if (!cache) termCounts.set(this.ds, (cache = new Map()));
    const now = Date.now();
    // This query's counts, taken from the cache before anything is read (another request may clear it
    // while this one waits for its statement).
    const counts = new Map<number, number>();
    const stale: number[] = [];
    for (const b of bigrams) {
      const hit = cache.get(b);
      if (hit && now - hit.at <= TERM_COUNT_TTL_MS) counts.set(b, hit.n);
      else stale.push(b);
    }
    if (stale.length) {
      const rows: Array<{ term: unknown; n: unknown }> = await plainQuery(this.ds,
        `SELECT term, n FROM narrative_term WHERE term IN (${stale.map(() => "?").join(", ")})`, stale);
      const read = new Map(rows.map((r) => [Number(r.term), Number(r.n)]));
      if (cache.size + stale.length > this.limits.termCountCache) cache.clear();
      for (const b of stale) {
        counts.set(b, read.get(b) ?? 0);
        cache.set(b, { n: read.get(b) ?? 0, at: now });
      }
    }
    const n = (b: number) => counts.get(b)!;
    let best = 0;
    for (let i = 1; i < bigrams.length; i++) if (n(bigrams[i]) < n(bigrams[best])) best = i;
    return bigrams[best];
  }

  /** The filters (posting columns) and every term found in the section's normal form — exactly (REPLACE is binary on MySQL too; INSTR goes first, it is cheaper). */
  private condition(terms: readonly string[], filter: NarrativeFilter): Condition {
    const parts: string[] = [];
    const params: unknown[] = [];
    if (filter.regionCode) {
      parts.push("t.regionCode LIKE ?");
      params.push(`${regionPrefix(filter.regionCode)}%`);
    }
    if (filter.years?.length) {
      parts.push(`t.year IN (${filter.years.map(() => "?").join(", ")})`);
      params.push(...filter.years);
    }
    if (filter.agencyKind) {
      parts.push("t.agencyKind = ?");
      params.push(filter.agencyKind);
    }
    if (filter.section) {
      parts.push("t.kind = ?");
      params.push(filter.section);
    }
    // A two-character term is a bigram: its posting is the proof. Longer terms are checked in the text.
    const checked = terms.filter((t) => [...t].length > 2 || terms.length > 1);
    if (checked.length) {
      parts.push(`EXISTS (SELECT 1 FROM narrative_section s WHERE s.reportId = t.reportId AND s.section = t.section${
        checked.map(() => " AND INSTR(s.body, ?) > 0 AND LENGTH(REPLACE(s.body, ?, '')) < LENGTH(s.body)").join("")})`);
      for (const t of checked) params.push(t, t);
    }
    return { sql: parts.length ? parts.join(" AND ") : "1 = 1", params };
  }

  /**
   * How many current reports the region and year filters leave, from the summary ledger (unit
   * reports) and, for a region, aggregate_key (its aggregate reports): key ranges, whatever the
   * region's size. Country-wide the aggregates (a few per region) are left out: the estimate only
   * chooses the plan, and the narrow plan's read is capped anyway.
   */
  private async reportsIn(regionCode: string | undefined, years: number[] | null): Promise<{ count: number; share: number }> {
    const key = regionCode ? keyFor(regionCode, true) : null;
    const where = `${key ? "scope = ? AND regionKey = ?" : "scope = 'prov'"}${years ? ` AND year IN (${years.map(() => "?").join(", ")})` : ""}`;
    const params = [...(key ? [key.scope, key.regionKey] : []), ...(years ?? [])];
    // And every current unit report, in the same statement: the filters' share of them.
    const [row]: Array<{ units: unknown; aggregates: unknown; total: unknown }> = await plainQuery(this.ds,
      `SELECT (SELECT COALESCE(SUM(reportCount), 0) FROM stat_summary WHERE ${where}) AS units, ${key ? `(SELECT COUNT(*) FROM aggregate_key WHERE ${where})` : "0"} AS aggregates,
         (SELECT COALESCE(SUM(reportCount), 0) FROM stat_summary WHERE scope = 'prov') AS total`,
      key ? [...params, ...params] : params);
    const units = Number(row.units);
    const total = Number(row.total);
    return { count: units + Number(row.aggregates), share: total > 0 ? units / total : 1 };
  }

  /**
   * The current reports the filters leave, when they are at most NARROW_REPORTS (else null). Their
   * number comes first from the summaries, so a broad filter costs no read of its reports.
   */
  private async narrowReports(filter: NarrativeFilter): Promise<{ reports: number[] | null; share: number }> {
    const years = filter.years?.length ? filter.years : null;
    if (!years && !filter.regionCode) return { reports: null, share: 1 };
    const max = Math.trunc(this.limits.narrowReports);
    const { count, share } = await this.reportsIn(filter.regionCode, years);
    if (max < 1 || count > max) return { reports: null, share };
    const params: unknown[] = [];
    let sql: string;
    if (filter.regionCode) {
      // Through the agency's region index; a report's region is its agency's (corrections move both).
      sql = "SELECT r.id AS id FROM agency a JOIN report r ON r.agencyId = a.id WHERE a.regionCode LIKE ? AND r.regionCode LIKE ? AND r.isCurrent = 1";
      params.push(`${regionPrefix(filter.regionCode)}%`, `${regionPrefix(filter.regionCode)}%`);
    } else {
      sql = "SELECT r.id AS id FROM report r WHERE r.isCurrent = 1";
    }
    if (years) {
      sql += ` AND r.year IN (${years.map(() => "?").join(", ")})`;
      params.push(...years);
    }
    // Still capped: the summaries count unit reports by their region at the last write.
    const rows: Array<{ id: unknown }> = await plainQuery(this.ds, `${sql} LIMIT ${max + 1}`, params);
    return { reports: rows.length > max ? null : rows.map((r) => Number(r.id)), share };
  }

  /** A page from the driving bigram's postings in the given reports (few: see narrowReports). */
  private async readNarrow(driver: number, reports: number[], where: Condition, first: number, from: Position | null) {
    if (!reports.length) return { hits: [], hasNextPage: false, truncated: false, end: null };
    const after = afterPosition(from);
    const rows: Array<Record<string, unknown>> = await plainQuery(this.ds, this.withDetails(
      `SELECT t.weight AS weight, t.reportId AS reportId, t.section AS section, t.kind AS kind, 1 AS hit FROM narrative_token t
       WHERE t.reportId IN (${reports.map(() => "?").join(", ")}) AND t.term = ?${after.sql} AND ${where.sql}
       ${ORDER} LIMIT ${first + 1}`, first, first + 1),
      [...reports, driver, ...after.params, ...where.params]);
    const hits = rows.slice(0, first).map((r) => this.hitOf(r));
    return { hits, hasNextPage: rows.length > first, truncated: false, end: hits.length ? hits[hits.length - 1].position : null };
  }

  /**
   * A page from the driving bigram's postings, best first, a growing chunk at a time, at most
   * PAGE_BUDGET postings. `share`: the part of the current reports the region and year filters leave
   * (1 without them).
   */
  private async walk(driver: number, where: Condition, first: number, from: Position | null, everyPostingHits: boolean, share = 1) {
    const hits: RankedHit[] = [];
    let position = from;
    let examined = 0;
    // The first chunk is the page plus one when every posting is a hit (a two-character word, no
    // filter), else four times that; with region or year filters, at least twice the page divided by
    // their share of the reports (a year of seven: 14 ×), so that one statement usually fills the page —
    // a statement costs more here than a few hundred postings examined. A first chunk of the plain
    // size is read with its hits' reports and agencies in the same statement (joined for every
    // posting read: worth it for a few dozen rows, not for hundreds).
    const plain = everyPostingHits ? first + 1 : Math.max(FIRST_CHUNK, 4 * (first + 1));
    let chunk = share < 1 ? Math.max(plain, Math.ceil((2 * (first + 1)) / Math.max(share, 1 / 64))) : plain;
    const budget = Math.max(1, Math.trunc(this.limits.pageBudget));
    for (;;) {
      const size = Math.min(chunk, budget - examined);
      const after = afterPosition(position);
      const sql = `SELECT t.weight AS weight, t.reportId AS reportId, t.section AS section, t.kind AS kind,
           CASE WHEN ${where.sql} THEN 1 ELSE 0 END AS hit
         FROM narrative_token t WHERE t.term = ?${after.sql} ${ORDER} LIMIT ${size}`;
      const inline = examined === 0 && size <= plain;
      const rows: Array<Record<string, unknown>> = await plainQuery(this.ds, inline ? this.withDetails(sql, first, size) : sql, [...where.params, driver, ...after.params]);
      examined += rows.length;
      for (const r of rows) {
        if (Number(r.hit) !== 1) continue;
        if (hits.length === first) return { hits, hasNextPage: true, truncated: false, end: hits[first - 1].position };
        hits.push(this.hitOf(r));
      }
      const last = rows[rows.length - 1];
      if (last) position = { weight: Number(last.weight), reportId: Number(last.reportId), section: Number(last.section) };
      if (rows.length < size) return { hits, hasNextPage: false, truncated: false, end: hits.length ? hits[hits.length - 1].position : null };
      if (examined >= budget) return { hits, hasNextPage: true, truncated: hits.length < first, end: position };
      chunk *= 4;
    }
  }

  private async countNarrow(driver: number, reports: number[], where: Condition) {
    if (!reports.length) return { total: 0, exact: true };
    const rows: Array<{ n: unknown }> = await plainQuery(this.ds,
      `SELECT COUNT(*) AS n FROM narrative_token t WHERE t.reportId IN (${reports.map(() => "?").join(", ")}) AND t.term = ? AND ${where.sql}`,
      [...reports, driver, ...where.params]);
    return { total: Number(rows[0].n), exact: true };
  }

  private async countWalk(driver: number, where: Condition) {
    if (where.sql === "1 = 1") {
      // Every posting of the word is a hit: its count is kept.
      const rows: Array<{ n: unknown }> = await plainQuery(this.ds, "SELECT n FROM narrative_term WHERE term = ?", [driver]);
      return { total: Number(rows[0]?.n ?? 0), exact: true };
    }
    const budget = Math.max(1, Math.trunc(this.limits.countBudget));
    const rows: Array<{ examined: unknown; hits: unknown }> = await plainQuery(this.ds,
      `SELECT COUNT(*) AS examined, SUM(hit) AS hits FROM (
         SELECT CASE WHEN ${where.sql} THEN 1 ELSE 0 END AS hit FROM narrative_token t WHERE t.term = ? LIMIT ${budget}) c`,
      [...where.params, driver]);
    return { total: Number(rows[0].hits ?? 0), exact: Number(rows[0].examined) < budget };
  }

  /**
   * A postings statement (columns weight, reportId, section, kind, hit) with the reports and agencies
   * of its first `first` hits — when it reads more than `first + 1` postings, counted in rank order by
   * a window sum: the rows after the page's last hit only say whether there is a next page, and their
   * report texts would be decoded for nothing.
   */
  private withDetails(postings: string, first: number, limit: number): string {
    const counted = limit > first + 1;
    const shown = counted ? `x.hit = 1 AND x.hitNo <= ${Math.trunc(first)}` : "x.hit = 1";
    const from = counted
      ? `(SELECT y.weight, y.reportId, y.section, y.kind, y.hit,
          SUM(y.hit) OVER (ORDER BY y.weight DESC, y.reportId DESC, y.section DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS hitNo
        FROM (${postings}) y) x`
      : `(${postings}) x`;
    const agency = this.ds.getMetadata(AgencyEntity).columns.map((c) => `CASE WHEN ${shown} THEN a.${c.databaseName} END AS a_${c.databaseName}`);
    return `SELECT x.weight AS weight, x.reportId AS reportId, x.section AS section, x.kind AS kind, x.hit AS hit,
        CASE WHEN ${shown} THEN r.agencyId END AS r_agencyId, CASE WHEN ${shown} THEN r.year END AS r_year,
        CASE WHEN ${shown} THEN r.sections END AS r_sections, ${agency.join(", ")}
      FROM ${from} JOIN report r ON r.id = x.reportId JOIN agency a ON a.id = r.agencyId
      ORDER BY x.weight DESC, x.reportId DESC, x.section DESC`;
  }

  /** The report and agency columns of a withDetails row (or of a report joined to its agency). */
  private detailsOf(r: Record<string, unknown>): Details | undefined {
    if (r.r_agencyId == null) return undefined;
    const agency = hydrated<AgencyRow>(this.ds, columnsOf(this.ds, AgencyEntity), r, "a_");
    return { agencyId: Number(r.r_agencyId), year: Number(r.r_year), sections: sectionsOf(r.r_sections), agency };
  }

  private hitOf(r: Record<string, unknown>): RankedHit {
    const position = { weight: Number(r.weight), reportId: Number(r.reportId), section: Number(r.section) };
    return {
      reportId: position.reportId, sectionIndex: position.section, sectionKind: r.kind as NarrativeHit["sectionKind"],
      score: position.weight / WEIGHT_SCALE, position, details: this.detailsOf(r),
    };
  }

  /**
   * Hits with their agency, year, heading, matches and snippet, cut from the reports' printed
   * sections (read here in one statement with the agencies, unless the postings brought them), and
   * the agencies, for the request's loader.
   */
  async page(hits: readonly RankedHit[], terms: readonly string[]): Promise<{ nodes: NarrativeHit[]; agencies: AgencyRow[] }> {
    const byId = new Map<number, Details>();
    for (const h of hits) if (h.details) byId.set(h.reportId, h.details);
    const missing = [...new Set(hits.filter((h) => !byId.has(h.reportId)).map((h) => h.reportId))];
    if (missing.length) {
      const agency = this.ds.getMetadata(AgencyEntity).columns.map((c) => `a.${c.databaseName} AS a_${c.databaseName}`);
      const rows: Array<Record<string, unknown>> = await plainQuery(this.ds,
        `SELECT r.id AS id, r.agencyId AS r_agencyId, r.year AS r_year, r.sections AS r_sections, ${agency.join(", ")}
         FROM report r JOIN agency a ON a.id = r.agencyId WHERE r.id IN (${missing.map(() => "?").join(", ")})`, missing);
      for (const r of rows) byId.set(Number(r.id), this.detailsOf(r)!);
    }
    const nodes = hits.map((hit) => {
      const report = byId.get(hit.reportId);
      const s = report?.sections[hit.sectionIndex] ?? { heading: "", text: "" };
      const norm = normalise(s.text);
      const matches = matchSpans(norm, findTerms(norm, terms) ?? []);
      const snip = snippet(s.text, matches);
      const { position: _p, details: _d, ...rest } = hit;
      return { ...rest, agencyId: report?.agencyId ?? 0, year: report?.year ?? 0, section: s.heading, snippet: snip.text, highlights: snip.highlights, matches };
    });
    return { nodes, agencies: [...new Map([...byId.values()].map((d) => [d.agency.id, d.agency])).values()] };
  }

  /** The agency's latest current report before this one's year, or null. */
  async previousReport(report: Pick<ReportRow, "agencyId" | "year">): Promise<{ id: number; year: number; sections: NarrativeSection[] } | null> {
    const rows: Array<{ id: unknown; year: unknown; sections: unknown }> = await plainQuery(this.ds,
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
