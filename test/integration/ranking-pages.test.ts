import { CountingLogger, testDatabases } from "../helpers/db";
import { servedProvince } from "../helpers/server";
import { buildProvince, SIZES } from "../../src/demo/generate";
import { METRIC_BY_ID, termsSql } from "../../src/domain/metrics";

/**
 * Pages of ranking and small samples where every sample tier (and every small denominator) holds more
 * rows than the page: the merged ranges are cut to the page before rows and agencies are read, and the
 * page is still the one a scan of the reports gives (the generated "small" province: 278 reports a year).
 */
const province = buildProvince(SIZES.small);

describe.each(testDatabases())("ranking pages on %s", (_db, open) => {
  const logger = new CountingLogger();
  const served = servedProvince(open, logger, province);
  const disclosure = METRIC_BY_ID.get("DISCLOSURE_RATE")!;
  const num = termsSql(disclosure.numerator);
  const den = termsSql(disclosure.denominator);

  const gql = async (query: string) => {
    const { body } = await served.server.gql(query);
    expect(body.errors).toBeUndefined();
    return body.data;
  };

  it("ranks the first N as a dense-rank scan does, ties by agency id in the ranking's order, with more rows in each tier than N", async () => {
    for (const [order, first, min] of [["DESC", 10, 5], ["DESC", 25, 1], ["ASC", 10, 3]] as const) {
      const scan = await served.ds.query(`SELECT a.name AS name, (${num}) * 1e0 / (${den}) AS v FROM report r JOIN agency a ON a.id = r.agencyId JOIN report_figures f ON f.reportId = r.id
        WHERE r.year = 2023 AND r.isCurrent = 1 AND r.isAggregate = 0 AND (${den}) >= ? ORDER BY v ${order}, a.id ${order}`, [min]);
      // Every tier the page reads holds more eligible rows than the page: the cut before the joins matters.
      const tiers: any[] = await served.ds.query(`SELECT tier AS t, COUNT(*) AS n FROM report_metric WHERE metric = 'DISCLOSURE_RATE' AND year = 2023 AND denominator >= ? GROUP BY tier`, [min]);
      expect(tiers.filter((t) => Number(t.n) > first).length).toBeGreaterThanOrEqual(2);
      const data = await gql(`{ ranking(measure: "DISCLOSURE_RATE", year: 2023, order: ${order}, minDenominator: ${min}, first: ${first}) { rankedCount entries { rank agency { name } value { value } } } }`);
      expect(data.ranking.rankedCount).toBe(scan.length);
      const values = data.ranking.entries.map((e: any) => e.value.value);
      expect(values).toEqual(scan.slice(0, first).map((r: any) => expect.closeTo(Number(r.v), 12)));
      // Tied values by agency id in the ranking's direction, also those cut at the page's end.
      expect(data.ranking.entries.map((e: any) => e.agency.name)).toEqual(scan.slice(0, first).map((r: any) => r.name));
      expect(new Set(values).size).toBeLessThan(first);
      const dense = scan.slice(0, first).map((r: any, i: number, page: any[]) => new Set(page.slice(0, i + 1).map((p) => Number(p.v))).size);
      expect(data.ranking.entries.map((e: any) => e.rank)).toEqual(dense);
    }
  });

  it("lists the first 100 small samples by agency as a scan does, with more than a page below the threshold", async () => {
    const min = 31;
    const scan = (await served.ds.query(`SELECT a.name AS name FROM report r JOIN agency a ON a.id = r.agencyId JOIN report_figures f ON f.reportId = r.id
      WHERE r.year = 2023 AND r.isCurrent = 1 AND r.isAggregate = 0 AND (${den}) < ? AND (${den}) > 0 ORDER BY a.id`, [min])).map((r: any) => r.name);
    expect(scan.length).toBeGreaterThan(100);
    const data = await gql(`{ ranking(measure: "DISCLOSURE_RATE", year: 2023, minDenominator: ${min}, first: 5) { smallSamples { agency { name } value { denominator } } } }`);
    expect(data.ranking.smallSamples.map((s: any) => s.agency.name)).toEqual(scan.slice(0, 100));
    expect(data.ranking.smallSamples.every((s: any) => s.value.denominator < min)).toBe(true);
  });

  it("sends the small samples' statement beside the ranking's (also asked for through fragments), not after them", async () => {
    const scan = (await served.ds.query(`SELECT a.name AS name FROM report r JOIN agency a ON a.id = r.agencyId JOIN report_figures f ON f.reportId = r.id
      WHERE r.year = 2023 AND r.isCurrent = 1 AND r.isAggregate = 0 AND (${den}) < 5 AND (${den}) > 0 ORDER BY a.id LIMIT 100`)).map((r: any) => r.name);
    expect(scan.length).toBeGreaterThan(5);
    // Each statement's start and end, in the order they happen (the page reads by tier, the small samples by denominator).
    const events: string[] = [];
    const query = served.ds.query.bind(served.ds);
    const kind = (sql: string) => (/m\.tier = \?/.test(sql) ? "page" : /m\.denominator = \?/.test(sql) ? "small" : "other");
    const spy = jest.spyOn(served.ds, "query").mockImplementation(async (...args: Parameters<typeof query>) => {
      events.push(`start ${kind(args[0])}`);
      try {
        return await query(...args);
      } finally {
        events.push(`end ${kind(args[0])}`);
      }
    });
    try {
      for (const selection of ["smallSamples { agency { name } }", "... on Ranking { smallSamples { agency { name } } }", "...S"]) {
        events.length = 0;
        const fragment = selection === "...S" ? " fragment S on Ranking { smallSamples { agency { name } } }" : "";
        const data = await gql(`{ ranking(measure: "DISCLOSURE_RATE", year: 2023, minDenominator: 5, first: 10) { entries { rank } ${selection} } }${fragment}`);
        expect(data.ranking.smallSamples.map((s: any) => s.agency.name)).toEqual(scan);
        // The small samples' statement starts before the ranking's page has come back.
        expect({ selection, small: events.indexOf("start small") >= 0 }).toEqual({ selection, small: true });
        expect(events.indexOf("start small")).toBeLessThan(events.indexOf("end page"));
      }
    } finally {
      spy.mockRestore();
    }
  });
});
