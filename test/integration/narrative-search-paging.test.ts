import type { DataSource } from "typeorm";
import { CountingLogger, testDatabases } from "../helpers/db";
import { serve, Gql } from "../helpers/server";
import { loadDemo } from "../../src/demo/real-reports";
import { encodeNarrativeCursor, NarrativesService, SearchLimits } from "../../src/modules/narratives/narratives.service";
import type { NarrativeFilter } from "../../src/modules/narratives/narratives.type";
import { updateAgency } from "../../src/store/agency-writer";
import type { RunningServer } from "../../src/server";

/**
 * The bounded search (ranked postings, walked best first with LIMIT) against plain answers: paging
 * with any page size visits every hit once in rank order; filters give the same hits whichever plan
 * reads them (the walk over the rarest bigram's postings or the filtered reports) and the same as
 * filtering the unfiltered hits here; a page cut short by the work budget says so and its cursor
 * continues; the first page costs a fixed number of statements.
 */
describe.each(testDatabases())("narrative search pages on %s (the shipped reports)", (_db, open) => {
  const logger = new CountingLogger();
  let ds: DataSource;
  let server: RunningServer & { gql: Gql };
  /** Each hit's report year, region, agency kind, keyed `reportId:section`. */
  let facts: Map<string, { year: number; regionCode: string; agencyKind: string; kind: string }>;

  const key = (h: { reportId: number; sectionIndex: number }) => `${h.reportId}:${h.sectionIndex}`;
  /** Every hit, page by page through the cursors. */
  const walkAll = async (query: string, filter: NarrativeFilter, first: number, limits: Partial<SearchLimits> = {}) => {
    const service = new NarrativesService(ds, limits);
    const keys: string[] = [];
    let after: string | undefined;
    let truncated = 0;
    for (let pages = 0; pages < 500; pages++) {
      const page = await service.search(query, filter, first, after);
      expect(page.hits.length).toBeLessThanOrEqual(first);
      keys.push(...page.hits.map(key));
      if (page.truncated) truncated++;
      if (!page.hasNextPage) return { keys, truncated };
      after = encodeNarrativeCursor(page.driver, page.end!);
    }
    throw new Error("paging did not end");
  };

  beforeAll(async () => {
    ds = await open(logger);
    await loadDemo(ds, { townships: false });
    server = await serve(ds);
    const rows: Array<Record<string, unknown>> = await ds.query(
      `SELECT s.reportId AS reportId, s.section AS section, s.kind AS kind, r.year AS year, r.regionCode AS regionCode, a.kind AS agencyKind
       FROM narrative_section s JOIN report r ON r.id = s.reportId JOIN agency a ON a.id = r.agencyId`);
    facts = new Map(rows.map((r) => [`${Number(r.reportId)}:${Number(r.section)}`, {
      year: Number(r.year), regionCode: String(r.regionCode), agencyKind: String(r.agencyKind), kind: String(r.kind),
    }]));
   }, 300_000);
  afterAll(async () => {
    await server?.stop();
    await ds?.destroy();
  });

  it("pages with any page size visit every hit once, in rank order", async () => {
    const full = await new NarrativesService(ds).search("公开", {}, 100);
    expect(full.hasNextPage).toBe(false);
    expect(full.hits.length).toBeGreaterThan(10);
    const scores = full.hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const first of [1, 3, 7]) expect((await walkAll("公开", {}, first)).keys).toEqual(full.hits.map(key));
    // A phrase (checked in the text) pages the same way.
    const phrase = await new NarrativesService(ds).search("“政府信息公开”", {}, 100);
    expect((await walkAll("“政府信息公开”", {}, 4)).keys).toEqual(phrase.hits.map(key));
  });

  it("filters give the same hits by either plan, and the same as filtering the unfiltered hits", async () => {
    const regions = [...new Set([...facts.values()].map((f) => f.regionCode))].sort();
    expect(regions.length).toBeGreaterThan(1);
    const filters: NarrativeFilter[] = [
      { years: [2023] }, { years: [2019, 2020] }, { regionCode: regions[0] }, { regionCode: `${regions[1].slice(0, 4)}00` },
      { section: "problems" as never }, { agencyKind: "DEPARTMENT" as never }, { years: [2023], section: "overview" as never, regionCode: regions[0] },
    ];
    for (const query of ["公开", "政府信息 申请", "“信息处理费”"]) {
      const unfiltered = (await new NarrativesService(ds).search(query, {}, 100)).hits.map(key);
      for (const filter of filters) {
        const expected = unfiltered.filter((k) => {
          const f = facts.get(k)!;
          return (!filter.years || filter.years.includes(f.year)) && (!filter.section || filter.section === f.kind) &&
            (!filter.agencyKind || filter.agencyKind === f.agencyKind) &&
            (!filter.regionCode || f.regionCode.startsWith(filter.regionCode.replace(/(00)+$/, "")));
        });
        const narrow = await walkAll(query, filter, 3);
        const walked = await walkAll(query, filter, 3, { narrowReports: 0 });
        expect([query, filter, narrow.keys]).toEqual([query, filter, expected]);
        expect([query, filter, walked.keys]).toEqual([query, filter, expected]);
      }
    }
  });

  it("a page cut short by the work budget says so, and its cursor continues to the same hits", async () => {
    const filter = { years: [2023] };
    const expected = (await new NarrativesService(ds).search("公开", filter, 100)).hits.map(key);
    const budgeted = await walkAll("公开", filter, 5, { pageBudget: 3, narrowReports: 0 });
    expect(budgeted.truncated).toBeGreaterThan(0);
    expect(budgeted.keys).toEqual(expected);
    // Through the API: a short page flagged truncated, with a next page.
    const first = await new NarrativesService(ds, { pageBudget: 3, narrowReports: 0 }).search("公开", filter, 5);
    expect(first.truncated).toBe(true);
    expect(first.hits.length).toBeLessThan(5);
    expect(first.hasNextPage).toBe(true);
  });

  it("counts the hits when asked: exact within the count budget, a lower bound beyond it", async () => {
    const all = (await new NarrativesService(ds).search("公开", {}, 100)).hits.length;
    expect(await (await new NarrativesService(ds).search("公开", {}, 5)).count()).toEqual({ total: all, exact: true });
    // A word without filters: its kept count (narrative_term), exact whatever the budget.
    expect(await (await new NarrativesService(ds, { countBudget: 10 }).search("公开", {}, 5)).count()).toEqual({ total: all, exact: true });
    const phraseAll = (await new NarrativesService(ds).search("“政府信息公开”", {}, 100)).hits.length;
    expect(phraseAll).toBeGreaterThan(10);
    const capped = await (await new NarrativesService(ds, { countBudget: 10 }).search("“政府信息公开”", {}, 5)).count();
    expect(capped.exact).toBe(false);
    expect(capped.total).toBeLessThanOrEqual(10);
    const phrase = (await new NarrativesService(ds).search("“信息处理费”", { years: [2023] }, 100)).hits.length;
    expect(await (await new NarrativesService(ds).search("“信息处理费”", { years: [2023] }, 1)).count()).toEqual({ total: phrase, exact: true });
    expect(await (await new NarrativesService(ds, { narrowReports: 0 }).search("“信息处理费”", { years: [2023] }, 1)).count()).toEqual({ total: phrase, exact: true });
  });

  it("refuses a cursor of another query", async () => {
    const page = await new NarrativesService(ds).search("公开", {}, 2);
    const after = encodeNarrativeCursor(page.driver, page.end!);
    await expect(new NarrativesService(ds).search("提案", {}, 2, after)).rejects.toThrow(/another query/);
    await expect(new NarrativesService(ds).search("公开", {}, 2, "bm90IGEgY3Vyc29y")).rejects.toThrow(/not a narrative search cursor/);
  });

  it("an agency's corrected kind reaches the search filter", async () => {
    const [row] = await ds.query("SELECT a.id AS id, a.kind AS kind FROM agency a JOIN report r ON r.agencyId = a.id WHERE a.name = ?", ["聊城市应急管理局"]);
    const search = (kind: string) => new NarrativesService(ds, { narrowReports: 0 }).search("提案", { agencyKind: kind as never }, 10);
    // 提案 is in two departments' reports; one of them becomes OTHER.
    expect((await search(String(row.kind))).hits.length).toBe(2);
    expect((await search("OTHER")).hits.length).toBe(0);
    await updateAgency(ds, Number(row.id), { kind: "OTHER" });
    try {
      expect((await search("OTHER")).hits.length).toBe(1);
      expect((await search(String(row.kind))).hits.length).toBe(1);
    } finally {
      await updateAgency(ds, Number(row.id), { kind: row.kind });
    }
  });

  it("chooses the driving bigram from cached counts, also when the cache is full and starts again", async () => {
    // A cache of 3 counts: the second query has one cached bigram and two new ones, so the cache is
    // cleared while the query still needs the cached one.
    const tiny = new NarrativesService(ds, { termCountCache: 3, narrowReports: 0 });
    const fresh = new NarrativesService(ds, { narrowReports: 0 });
    await tiny.search("“信息公开”", {}, 5);
    const again = await tiny.search("“公开工作”", {}, 5);
    const expected = await fresh.search("“公开工作”", {}, 5);
    expect(again.hits.map(key)).toEqual(expected.hits.map(key));
    expect(again.hits.length).toBeGreaterThan(0);
  });

  it("the first page costs the same few statements, each with a LIMIT set by the page size", async () => {
    const count = async (query: string, filter = "") => {
      logger.reset();
      logger.enabled = true;
      const { body } = await server.gql(`{ searchNarratives(query: ${JSON.stringify(query)}${filter}, first: 20) { pageInfo { hasNextPage } nodes { snippet agency { name } } } }`);
      logger.enabled = false;
      expect(body.errors).toBeUndefined();
      return logger.statements;
    };
    // A two-character word: its best 21 postings with their reports and agencies, in one statement.
    const word = await count("公开");
    expect(word.length).toBe(1);
    expect(word[0]).toMatch(/FROM narrative_token t WHERE t\.term = \? +ORDER BY t\.weight DESC, t\.reportId DESC, t\.section DESC LIMIT 21\) x JOIN report r/);
    // A phrase: the rarest bigram (from the kept counts), then its postings (LIMIT 4 × 21) with the
    // text checked and the hits' reports and agencies, in one statement.
    // (Counts read for this database in the last minute are cached: earlier tests' searches may have
    // read some of these bigrams' already.)
    const phrase = await count("“本机关公开信息”");
    expect(phrase.length).toBe(2);
    expect(phrase[0]).toMatch(/FROM narrative_term WHERE term IN \((\?, )*\?\)$/);
    expect(phrase[1]).toMatch(/LIMIT 84\) y\) x JOIN report r/);
    // Again within the minute: the walk alone (the counts only choose the driving bigram).
    expect(await count("“本机关公开信息”")).toEqual([phrase[1]]);
    // A page of 3 from a first chunk of 64 with more hits than that: the walk's one statement brings
    // the reports and agencies of the 3 shown (a window sum counts the hits in rank order), and no
    // statement reads a report again.
    logger.reset();
    logger.enabled = true;
    const { body: few } = await server.gql(`{ searchNarratives(query: "“政府信息公开”", first: 3) { pageInfo { hasNextPage } nodes { year snippet agency { name } } } }`);
    logger.enabled = false;
    expect(few.errors).toBeUndefined();
    expect(few.data.searchNarratives.pageInfo.hasNextPage).toBe(true);
    expect(few.data.searchNarratives.nodes).toHaveLength(3);
    for (const node of few.data.searchNarratives.nodes) {
      expect(node.agency.name).toMatch(/\S/);
      expect(node.snippet.replace(/\s/g, "")).toContain("政府信息公开");
    }
    const walked = logger.statements.filter((q) => /FROM narrative_token t/.test(q));
    expect(walked).toHaveLength(1);
    expect(walked[0]).toMatch(/LIMIT 64\) y\) x JOIN report r/);
    expect(walked[0]).toMatch(/x\.hitNo <= 3 THEN r\.sections/);
    expect(logger.statements.filter((q) => q !== walked[0] && /FROM [`"]?report[`"]? /.test(q))).toEqual([]);
    // A filter: how many reports it leaves (from the summaries), those reports (at most 1,001 read),
    // then their postings with reports and agencies.
    const filtered = await count("公开", ", filter: { years: [2023] }");
    expect(filtered.length).toBe(3);
    expect(filtered[0]).toMatch(/FROM stat_summary /);
    expect(filtered[1]).toMatch(/LIMIT 1001$/);
    expect(filtered[2]).toMatch(/LIMIT 21\) x JOIN report r/);
    // A filter broader than the narrow plan takes: counted from the summaries, then walked; its
    // reports are never listed.
    logger.reset();
    logger.enabled = true;
    const broad = await new NarrativesService(ds, { narrowReports: 2 }).search("公开", { years: [2023] }, 5);
    logger.enabled = false;
    expect(broad.hits.length).toBe(5);
    expect(logger.statements[0]).toMatch(/FROM stat_summary/);
    expect(logger.statements.filter((q) => /LIMIT 3$/.test(q) || /FROM agency a JOIN report r|FROM report r WHERE r\.isCurrent/.test(q))).toEqual([]);
    // A page of 20: one walk, its first chunk twice the page over 2023's share of the reports (more
    // than the plain 84), then the hits' reports and agencies.
    const [{ year, all }] = await ds.query("SELECT SUM(CASE WHEN year = 2023 THEN reportCount ELSE 0 END) AS year, SUM(reportCount) AS \"all\" FROM stat_summary WHERE scope = 'prov'");
    const chunk = Math.ceil(42 / (Number(year) / Number(all)));
    expect(chunk).toBeGreaterThan(84);
    logger.reset();
    logger.enabled = true;
    const wide = await new NarrativesService(ds, { narrowReports: 2 }).search("公开", { years: [2023] }, 20);
    logger.enabled = false;
    expect(wide.hits.length).toBeGreaterThan(5);
    const walks = logger.statements.filter((q) => /FROM narrative_token t WHERE t\.term = \?/.test(q));
    expect(walks).toHaveLength(1);
    expect(walks[0]).toMatch(new RegExp(`LIMIT ${chunk}$`));
  });
});
