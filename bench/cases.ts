/**
 * The queries of `npm run bench` (bench/run.ts) and `npm run bench:interleaved`, each with the same
 * answer by hand-written SQL: the old scan of report + report_figures, and the floor — the best
 * index of the current schema (read model, summaries).
 */
import type { DataSource } from "typeorm";
import { CELLS } from "../src/domain/cells";
import { termsSql, tiersFrom, METRIC_BY_ID } from "../src/domain/metrics";
import { parseQuery } from "../src/domain/narrative";
import { speaksSqlite, unionOfOrdered } from "../src/db/union";

export interface Case {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  /** The same answer by hand as the old code computed it: a scan of report + report_figures (+ finding). */
  sql: Array<{ sql: string; params: unknown[] }>;
  /** The floor: the same answer by hand from the best index of the current schema (read model, summaries). */
  floor?: Array<{ sql: string; params: unknown[] }>;
}

/** The bigram of a phrase with the fewest postings (the one search drives), as narrative_term counts them. */
async function rarestBigram(ds: DataSource, phrase: string): Promise<number> {
  const { bigrams } = parseQuery(`“${phrase}”`);
  const rows: Array<{ term: unknown; n: unknown }> = await ds.query(`SELECT term, n FROM narrative_term WHERE term IN (${bigrams.map(() => "?").join(", ")})`, bigrams);
  const n = new Map(rows.map((r) => [Number(r.term), Number(r.n)]));
  return bigrams.reduce((best, b) => ((n.get(b) ?? 0) < (n.get(best) ?? 0) ? b : best));
}

export async function cases(ds: DataSource): Promise<Case[]> {
  const agencyIds = (await ds.query("SELECT a.id AS id FROM agency a WHERE a.kind = 'DEPARTMENT' ORDER BY a.id LIMIT 100")).map((r: any) => Number(r.id));
  const sums = CELLS.filter((c) => c.section !== "proactive" && c.scope === "both").map((c) => `SUM(f.${c.column})`).join(", ");
  const disclosure = METRIC_BY_ID.get("DISCLOSURE_RATE")!;
  const num = termsSql(disclosure.numerator);
  const den = termsSql(disclosure.denominator);
  const cols = "natural commercial research publicInterest legal otherOrg total";
  const summarySums = CELLS.filter((c) => c.section !== "proactive" && c.scope === "both").map((c) => `SUM(s.${c.column})`).join(", ");
  // The first N of each sample tier from the threshold's up (keys from the value index, named: left to
  // choose, MariaDB weighs every index of report_metric for each range), merged and cut to N, then N rows.
  const tiers = tiersFrom(5);
  const sqlite = speaksSqlite(ds);
  const rankFloor = (limit: number) => ({
    sql: `SELECT a.id, a.name, m.numerator, m.denominator, m.value FROM (${unionOfOrdered(sqlite, tiers.map(() => `SELECT k.reportId, k.metric, k.value, k.agencyId FROM report_metric k${sqlite ? "" : " FORCE INDEX (IDX_report_metric_prov_value)"}
          WHERE k.metric = 'DISCLOSURE_RATE' AND k.year = ? AND k.prov = ? AND k.tier = ? AND k.denominator >= 5 ORDER BY k.value DESC, k.agencyId DESC LIMIT ${limit}`),
          `ORDER BY value DESC, agencyId DESC LIMIT ${limit}`)}) t JOIN report_metric m ON m.reportId = t.reportId AND m.metric = t.metric JOIN agency a ON a.id = m.agencyId`,
    params: tiers.flatMap((t) => [2023, "99", t]),
  });
  const rankCountFloor = { sql: "SELECT SUM(c.n) FROM metric_count c WHERE c.metric = 'DISCLOSURE_RATE' AND c.year = ? AND c.regionKey = ? AND c.denominator >= 5", params: [2023, "99"] };
  const averagesFloor = { sql: `SELECT s.agencyKind, SUM(${termsSql(disclosure.numerator, "s")}), SUM(${termsSql(disclosure.denominator, "s")}) FROM stat_summary s WHERE s.scope = 'prov' AND s.regionKey = ? AND s.year = ? GROUP BY s.agencyKind`, params: ["99", 2023] };
  // One range of the (metric, year, prov, denominator, agencyId) index per denominator under 5, merged and cut, then 100 rows.
  const smallFloor = {
    sql: `SELECT a.id, a.name, m.denominator FROM (${unionOfOrdered(sqlite, [1, 2, 3, 4].map(() => `SELECT k.reportId, k.metric, k.agencyId FROM report_metric k${sqlite ? "" : " FORCE INDEX (IDX_report_metric_prov_den)"} WHERE k.metric = 'DISCLOSURE_RATE' AND k.year = ? AND k.prov = ?
          AND k.denominator = ? ORDER BY k.agencyId LIMIT 100`), "ORDER BY agencyId LIMIT 100")}) t
          JOIN report_metric m ON m.reportId = t.reportId AND m.metric = t.metric JOIN agency a ON a.id = m.agencyId ORDER BY t.agencyId`,
    params: [1, 2, 3, 4].flatMap((d) => [2023, "99", d]),
  };
  // Narrative search of the generator's text (every report says 公开), filtered to one prefecture and to one year.
  const [gongkai] = parseQuery("公开").bigrams;
  const searchCase = (label: string, filter: string, where: string, params: unknown[], total = false): Case => ({
    name: `searchNarratives (公开, ${label})`,
    query: `{ searchNarratives(query: "公开", filter: ${filter}, first: 20) { ${total ? "totalCount " : ""}nodes { reportId snippet agency { name } } } }`,
    sql: [{ sql: `SELECT t.reportId, t.section FROM narrative_token t JOIN report r ON r.id = t.reportId WHERE t.term = ? AND ${where.replace(/t\./g, "r.")} ORDER BY t.weight DESC, t.reportId DESC, t.section DESC LIMIT 21`, params: [gongkai, ...params] }],
    floor: [{
      sql: `SELECT x.reportId, r.year, r.sections, a.name FROM (SELECT t.weight, t.reportId, t.section FROM narrative_token t WHERE t.term = ? AND ${where}
            ORDER BY t.weight DESC, t.reportId DESC, t.section DESC LIMIT 21) x JOIN report r ON r.id = x.reportId JOIN agency a ON a.id = r.agencyId`,
      params: [gongkai, ...params],
    }],
  });
  return [
    { name: "{ __typename }", query: "{ __typename }", sql: [{ sql: "SELECT 1", params: [] }] },
    {
      name: "regionStatistics (province, 2023)",
      query: `{ regionStatistics(regionCode: "990000", year: 2023) {
        applications { newReceived { ${cols} } carriedOver { total } outcomes { granted { ${cols} } partiallyGranted { total }
          denied { stateSecret { total } processInfo { total } } unableToProvide { notHeld { total } } notProcessed { duplicate { total } } other { total } total { ${cols} } } carriedForward { total } }
        reviewLitigation { review { total corrected } litigationDirect { total } }
        metrics { disclosureRate { value } backlogRate { value } reviewCorrectionRate { value } }
        coverage { reportingAgencies incompleteReports } } }`,
      sql: [{
        sql: `SELECT r.format, COUNT(*), ${sums} FROM report r JOIN report_figures f ON f.reportId = r.id WHERE r.year = ? AND r.isCurrent = 1 AND r.isAggregate = 0 AND r.regionCode LIKE ? GROUP BY r.format`,
        params: [2023, "99%"],
      }],
      floor: [{ sql: `SELECT s.format, SUM(s.reportCount), ${summarySums} FROM stat_summary s WHERE s.scope = 'prov' AND s.regionKey = ? AND s.year = ? GROUP BY s.format`, params: ["99", 2023] }],
    },
    {
      // What a dashboard tile asks: one total and one rate (the columns of 本年新收 and of the rate's terms are summed, not all 229).
      name: "dashboard tile (regionStatistics: a total and a rate)",
      query: `{ regionStatistics(regionCode: "990000", year: 2023) { applications { newReceived { total } } metrics { disclosureRate { value } } coverage { reportingAgencies } } }`,
      sql: [{
        sql: `SELECT r.format, COUNT(*), SUM(f.a_newReceived_total), SUM(${num}), SUM(${den}) FROM report r JOIN report_figures f ON f.reportId = r.id WHERE r.year = ? AND r.isCurrent = 1 AND r.isAggregate = 0 AND r.regionCode LIKE ? GROUP BY r.format`,
        params: [2023, "99%"],
      }],
      floor: [{ sql: `SELECT s.format, SUM(s.reportCount), SUM(s.a_newReceived_total), SUM(${termsSql(disclosure.numerator, "s")}), SUM(${termsSql(disclosure.denominator, "s")}) FROM stat_summary s WHERE s.scope = 'prov' AND s.regionKey = ? AND s.year = ? GROUP BY s.format`, params: ["99", 2023] }],
    },
    {
      // The issue's "coverage lists first 20": a page that every size fills (the 10k province has 34
      // unreported agencies and 55 aggregate reports in 2023, so a page of 100 measured the answer's size).
      name: "regionStatistics + coverage lists (first 20)",
      query: `{ regionStatistics(regionCode: "990000", year: 2023) { applications { newReceived { total } } coverage { reportingAgencies missingCount missing(first: 20) { agency { name } reportedPreviousYear } excludedAggregates(first: 20) { id } } } }`,
      sql: [
        { sql: `SELECT COUNT(*), SUM(f.a_newReceived_total) FROM report r JOIN report_figures f ON f.reportId = r.id WHERE r.year = ? AND r.isCurrent = 1 AND r.isAggregate = 0 AND r.regionCode LIKE ?`, params: [2023, "99%"] },
        { sql: `SELECT a.id, a.name FROM agency a WHERE a.regionCode LIKE ? AND NOT EXISTS (SELECT 1 FROM report r WHERE r.agencyId = a.id AND r.year = ? AND r.isCurrent = 1) LIMIT 20`, params: ["99%", 2023] },
        { sql: `SELECT r.id FROM report r WHERE r.year = ? AND r.isCurrent = 1 AND r.isAggregate = 1 AND r.regionCode LIKE ?`, params: [2023, "99%"] },
      ],
      floor: [
        { sql: `SELECT s.format, SUM(s.reportCount), SUM(s.a_newReceived_total) FROM stat_summary s WHERE s.scope = 'prov' AND s.regionKey = ? AND s.year = ? GROUP BY s.format`, params: ["99", 2023] },
        { sql: `SELECT a.id, a.name, k.status FROM coverage_key k${sqlite ? "" : " FORCE INDEX (PRIMARY)"} JOIN agency a ON a.id = k.agencyId WHERE k.scope = 'prov' AND k.regionKey = ? AND k.year = ? ORDER BY k.status, k.agencyId LIMIT 20`, params: ["99", 2023] },
        { sql: "SELECT SUM(c.n) FROM coverage_count c WHERE c.scope = 'prov' AND c.regionKey = ? AND c.year = ?", params: ["99", 2023] },
        { sql: "SELECT k.reportId FROM aggregate_key k WHERE k.scope = 'prov' AND k.regionKey = ? AND k.year = ? ORDER BY k.reportId LIMIT 20", params: ["99", 2023] },
      ],
    },
    {
      name: "compareAgencies (100 agencies × 7 years)",
      query: `query($ids: [ID!]!) { compareAgencies(agencyIds: $ids, years: [2019, 2020, 2021, 2022, 2023, 2024, 2025], measures: ["applications.newReceived.total", "DISCLOSURE_RATE", "proactive.licensing.decisions"]) {
        agency { id name } series { measure values { year value { value } } changes { absolute relative comparable } } } }`,
      variables: { ids: agencyIds },
      sql: [
        { sql: `SELECT a.id, a.name, a.kind FROM agency a WHERE a.id IN (${agencyIds.map(() => "?").join(",")})`, params: agencyIds },
        { sql: `SELECT r.agencyId, r.year, r.format, f.a_newReceived_total, ${num} AS num, ${den} AS den, f.p19_licensing_decisions, f.p21_licensing_decisions FROM report r JOIN report_figures f ON f.reportId = r.id
                WHERE r.isCurrent = 1 AND r.agencyId IN (${agencyIds.map(() => "?").join(",")}) AND r.year IN (2019, 2020, 2021, 2022, 2023, 2024, 2025)`, params: agencyIds },
      ],
      // The best index use: one range of (agencyId, isCurrent, year, format) per agency, then each figures row by primary key.
      floor: [
        { sql: `SELECT a.id, a.name, a.kind FROM agency a WHERE a.id IN (${agencyIds.map(() => "?").join(",")})`, params: agencyIds },
        { sql: `SELECT r.agencyId, r.year, r.format, f.a_newReceived_total, ${num} AS num, ${den} AS den, f.p19_licensing_decisions, f.p21_licensing_decisions FROM report r${sqlite ? "" : " FORCE INDEX (IDX_report_agency_years)"} JOIN report_figures f ON f.reportId = r.id
                WHERE r.isCurrent = 1 AND r.agencyId IN (${agencyIds.map(() => "?").join(",")}) AND r.year BETWEEN 2019 AND 2025`, params: agencyIds },
      ],
    },
    {
      name: "ranking (DISCLOSURE_RATE, top 50)",
      query: `{ ranking(measure: "DISCLOSURE_RATE", year: 2023, regionCode: "990000", minDenominator: 5, first: 50) { rankedCount entries { rank agency { name } value { value } regionAverage { value } kindAverage { value } } } }`,
      sql: [{
        sql: `SELECT a.id, a.name, (${num}) * 1e0 / (${den}) AS v, DENSE_RANK() OVER (ORDER BY (${num}) * 1e0 / (${den}) DESC) AS rnk
              FROM report r JOIN agency a ON a.id = r.agencyId JOIN report_figures f ON f.reportId = r.id
              WHERE r.year = ? AND r.isCurrent = 1 AND r.isAggregate = 0 AND r.regionCode LIKE ? AND (${den}) >= 5 ORDER BY rnk, a.id DESC LIMIT 50`,
        params: [2023, "99%"],
      }],
      floor: [rankFloor(50), rankCountFloor, averagesFloor],
    },
    {
      name: "ranking + small samples",
      query: `{ ranking(measure: "DISCLOSURE_RATE", year: 2023, regionCode: "990000", minDenominator: 5, first: 50) { entries { rank agency { name } value { value } } smallSamples { agency { name } value { denominator } } } }`,
      sql: [
        {
          sql: `SELECT a.id, a.name, (${num}) * 1e0 / (${den}) AS v, DENSE_RANK() OVER (ORDER BY (${num}) * 1e0 / (${den}) DESC) AS rnk
                FROM report r JOIN agency a ON a.id = r.agencyId JOIN report_figures f ON f.reportId = r.id
                WHERE r.year = ? AND r.isCurrent = 1 AND r.isAggregate = 0 AND r.regionCode LIKE ? AND (${den}) >= 5 ORDER BY rnk, a.id DESC LIMIT 50`,
          params: [2023, "99%"],
        },
        {
          sql: `SELECT a.id, a.name, ${den} AS den FROM report r JOIN agency a ON a.id = r.agencyId JOIN report_figures f ON f.reportId = r.id
                WHERE r.year = ? AND r.isCurrent = 1 AND r.isAggregate = 0 AND r.regionCode LIKE ? AND (${den}) < 5 AND (${den}) > 0 ORDER BY a.id LIMIT 100`,
          params: [2023, "99%"],
        },
      ],
      floor: [rankFloor(50), averagesFloor, smallFloor],
    },
    {
      name: "trend (province, 2019–2025)",
      query: `{ trend(measure: "applications.newReceived.total", regionCode: "990000", fromYear: 2019, toYear: 2025) { year value { value } reportCount } }`,
      sql: [{ sql: `SELECT r.year, COUNT(*), SUM(f.a_newReceived_total) FROM report r JOIN report_figures f ON f.reportId = r.id WHERE r.isCurrent = 1 AND r.isAggregate = 0 AND r.regionCode LIKE ? AND r.year BETWEEN 2019 AND 2025 GROUP BY r.year`, params: ["99%"] }],
      floor: [{ sql: "SELECT s.year, SUM(s.reportCount), SUM(s.a_newReceived_total) FROM stat_summary s WHERE s.scope = 'prov' AND s.regionKey = ? AND s.year BETWEEN 2019 AND 2025 GROUP BY s.year", params: ["99"] }],
    },
    {
      name: "aggregate (by year × kind)",
      query: `{ aggregate(paths: ["applications.newReceived.total", "applications.outcomes.granted.total"], groupBy: [YEAR, AGENCY_KIND], first: 50) { year agencyKind reportCount values { value } } }`,
      sql: [{ sql: `SELECT r.year, a.kind, COUNT(*), SUM(f.a_newReceived_total) AS v0, SUM(f.a_o_granted_total) FROM report r JOIN agency a ON a.id = r.agencyId JOIN report_figures f ON f.reportId = r.id WHERE r.isCurrent = 1 AND r.isAggregate = 0 GROUP BY r.year, a.kind ORDER BY v0 DESC LIMIT 50`, params: [] }],
      floor: [{ sql: "SELECT s.year, s.agencyKind, SUM(s.reportCount), SUM(s.a_newReceived_total) AS v0, SUM(s.a_o_granted_total) FROM stat_summary s WHERE s.scope = 'prov' GROUP BY s.year, s.agencyKind ORDER BY v0 DESC LIMIT 50", params: [] }],
    },
    {
      name: "findings (R2 in the province, first 20)",
      query: `{ findings(rule: "R2", regionCode: "990000", first: 20) { totalCount nodes { rule path printed computed year agency { name } } } }`,
      sql: [
        { sql: `SELECT fi.*, r.year, a.name FROM finding fi JOIN report r ON r.id = fi.reportId JOIN agency a ON a.id = r.agencyId WHERE r.isCurrent = 1 AND fi.rule = ? AND r.regionCode LIKE ? ORDER BY fi.id LIMIT 20`, params: ["R2", "99%"] },
        { sql: `SELECT COUNT(*) FROM finding fi JOIN report r ON r.id = fi.reportId WHERE r.isCurrent = 1 AND fi.rule = ? AND r.regionCode LIKE ?`, params: ["R2", "99%"] },
      ],
      floor: [
        { sql: "SELECT fi.*, a.name FROM finding_key k JOIN finding fi ON fi.id = k.findingId JOIN report r ON r.id = k.reportId JOIN agency a ON a.id = r.agencyId WHERE k.regionKey = ? AND k.rule = ? ORDER BY k.findingId LIMIT 20", params: ["99", "R2"] },
        { sql: "SELECT SUM(c.n) FROM finding_count c WHERE c.scope = 'in' AND c.regionKey = ? AND c.rule = ?", params: ["99", "R2"] },
      ],
    },
    {
      name: "findingCounts (province, by rule and region)",
      query: `{ findingCounts(regionCode: "990000") { total byRule { key count } byRegion { key count } } }`,
      sql: [
        { sql: "SELECT fi.rule, COUNT(*) FROM finding fi JOIN report r ON r.id = fi.reportId WHERE r.isCurrent = 1 AND r.regionCode LIKE ? GROUP BY fi.rule", params: ["99%"] },
        { sql: "SELECT r.regionCode, COUNT(*) FROM finding fi JOIN report r ON r.id = fi.reportId WHERE r.isCurrent = 1 AND r.regionCode LIKE ? GROUP BY r.regionCode ORDER BY COUNT(*) DESC, r.regionCode LIMIT 500", params: ["99%"] },
      ],
      floor: [
        { sql: "SELECT c.rule, SUM(c.n) FROM finding_count c WHERE c.scope = 'in' AND c.regionKey = ? GROUP BY c.rule", params: ["99"] },
        { sql: "SELECT c.regionCode, c.n FROM finding_region c WHERE c.regionKey = ? AND c.rule = '' AND c.n > 0 ORDER BY c.n DESC, c.regionCode DESC LIMIT 500", params: ["99"] },
      ],
    },
    searchCase("one prefecture", `{ regionCode: "990100" }`, "t.regionCode LIKE ?", ["9901%"]),
    searchCase("2023", "{ years: [2023] }", "t.year = ?", [2023]),
    searchCase("totalCount", "{}", "1 = 1", [], true),
    {
      name: "searchNarratives (“示例数据”, a phrase in every report)",
      query: `{ searchNarratives(query: "“示例数据”", first: 20) { nodes { reportId snippet agency { name } } } }`,
      sql: [{ sql: "SELECT s.reportId FROM narrative_section s WHERE INSTR(s.body, ?) > 0 LIMIT 21", params: ["示例数据"] }],
      // The same answer: the phrase's rarest bigram's postings best first, each checked in its
      // section's text, the first 21 with their reports (for the snippets) and agencies. A scalar
      // subquery, not EXISTS: MariaDB turns EXISTS into a semi-join that reads every section (218 ms
      // at 100k) instead of the postings in order. (Until the
      // eighth session this case had no floor, and the scan above — 21 unranked sections, no text,
      // no agency — stood in for it.)
      floor: [{
        sql: `SELECT x.reportId, r.year, r.sections, a.name FROM (SELECT t.weight, t.reportId, t.section FROM narrative_token t WHERE t.term = ?
              AND (SELECT INSTR(s.body, ?) FROM narrative_section s WHERE s.reportId = t.reportId AND s.section = t.section) > 0
              ORDER BY t.weight DESC, t.reportId DESC, t.section DESC LIMIT 21) x JOIN report r ON r.id = x.reportId JOIN agency a ON a.id = r.agencyId`,
        params: [await rarestBigram(ds, "示例数据"), "示例数据"],
      }],
    },
  ];
}
