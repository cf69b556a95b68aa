import type { DataSource } from "typeorm";
import { CountingLogger, testDatabases } from "../helpers/db";
import { servedProvince } from "../helpers/server";
import { buildProvince, SIZES } from "../../src/demo/generate";
import { METRIC_BY_ID, termsSql, tierOf } from "../../src/domain/metrics";
import { speaksSqlite } from "../../src/db/union";

/**
 * Wraps every read the ranking sends (db/prepared.ts: on MySQL/MariaDB the pool's plain statements,
 * on SQLite the data source's queries): `around` gets the SQL and the statement to run. Returns the
 * restorer (`mockRestore`).
 */
function aroundReads(ds: DataSource, around: (sql: string, run: () => Promise<any>) => Promise<any>): { mockRestore(): void } {
  const pool = (ds.driver as any).pool;
  if (!pool) {
    const query = ds.query.bind(ds);
    return jest.spyOn(ds, "query").mockImplementation((sql: string, params?: any) => around(sql, () => query(sql, params)));
  }
  const original = pool.query;
  pool.query = function (statement: string | { sql: string }, params: unknown[], done: (e: Error | null, rows?: unknown) => void) {
    const sql = typeof statement === "string" ? statement : statement.sql;
    around(sql, () => new Promise((resolve, reject) => original.call(pool, statement, params, (e: Error | null, rows: unknown) => (e ? reject(e) : resolve(rows)))))
      .then((rows) => done(null, rows), (e) => done(e));
  };
  return { mockRestore: () => void (pool.query = original) };
}

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

  it("ranks the first N as a dense-rank scan does, ties by agency id in the ranking's order, pages cut inside a run of ties spread over tiers", async () => {
    let crossings = 0;
    for (const [order, min] of [["DESC", 5], ["DESC", 1], ["ASC", 3]] as const) {
      const scan: Array<{ name: string; v: number; tier: number }> = (await served.ds.query(`SELECT a.name AS name, (${num}) * 1e0 / (${den}) AS v, ${den} AS den
        FROM report r JOIN agency a ON a.id = r.agencyId JOIN report_figures f ON f.reportId = r.id
        WHERE r.year = 2023 AND r.isCurrent = 1 AND r.isAggregate = 0 AND (${den}) >= ? ORDER BY v ${order}, a.id ${order}`, [min]))
        .map((r: any) => ({ name: r.name, v: Number(r.v), tier: tierOf(Number(r.den)) }));
      // A run of equal values whose agencies sit in two tiers or more, the page cut inside it: which of
      // them make the page is decided by the merge of the tiers' ranges.
      const runOf = (i: number) => {
        let j = i;
        while (j < scan.length && scan[j].v === scan[i].v) j++;
        return scan.slice(i, j);
      };
      const runStart = scan.findIndex((r, i) => (i === 0 || scan[i - 1].v !== r.v) && new Set(runOf(i).map((x) => x.tier)).size >= 2);
      expect({ order, min, runStart: runStart >= 0 }).toEqual({ order, min, runStart: true });
      for (const first of [10, runStart + 2]) {
        if (first === 10) {
          // Two tiers or more hold more eligible rows than the page: the cut before the joins matters.
          const tiers: any[] = await served.ds.query(`SELECT tier AS t, COUNT(*) AS n FROM report_metric WHERE metric = 'DISCLOSURE_RATE' AND year = 2023 AND denominator >= ? GROUP BY tier`, [min]);
          expect(tiers.filter((t) => Number(t.n) > first).length).toBeGreaterThanOrEqual(2);
        }
        const data = await gql(`{ ranking(measure: "DISCLOSURE_RATE", year: 2023, order: ${order}, minDenominator: ${min}, first: ${first}) { rankedCount entries { rank agency { name } value { value } } } }`);
        expect(data.ranking.rankedCount).toBe(scan.length);
        const page = scan.slice(0, first);
        expect(data.ranking.entries.map((e: any) => e.value.value)).toEqual(page.map((r) => expect.closeTo(r.v, 12)));
        // Tied values by agency id in the ranking's direction, also those cut at the page's end.
        expect(data.ranking.entries.map((e: any) => e.agency.name)).toEqual(page.map((r) => r.name));
        if (scan[first]?.v === scan[first - 1].v && new Set(scan.filter((r) => r.v === scan[first - 1].v).map((r) => r.tier)).size >= 2) crossings++;
        const dense = page.map((_, i) => new Set(page.slice(0, i + 1).map((p) => p.v)).size);
        expect(data.ranking.entries.map((e: any) => e.rank)).toEqual(dense);
      }
    }
    // Pages cut inside a run of ties spread over tiers, in both directions.
    expect(crossings).toBeGreaterThanOrEqual(3);
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

  /** The SQL of every read a request sends (plain statements and the data source's queries alike). */
  const readsOf = async (query: string, variables?: Record<string, unknown>) => {
    const sql: string[] = [];
    const spies = [aroundReads(served.ds, (s, run) => (sql.push(s), run()))];
    if (!speaksSqlite(served.ds)) {
      const query = served.ds.query.bind(served.ds);
      spies.push(jest.spyOn(served.ds, "query").mockImplementation((s: string, params?: any) => (sql.push(s), query(s, params))));
    }
    try {
      const { body } = await served.server.gql(query, variables);
      return { body, sql };
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  };

  it("cuts the small samples at each field's first: one statement, for the largest page asked, whatever the aliases", async () => {
    const min = 31;
    const scan = (await served.ds.query(`SELECT a.name AS name FROM report r JOIN agency a ON a.id = r.agencyId JOIN report_figures f ON f.reportId = r.id
      WHERE r.year = 2023 AND r.isCurrent = 1 AND r.isAggregate = 0 AND (${den}) < ? AND (${den}) > 0 ORDER BY a.id`, [min])).map((r: any) => r.name);
    expect(scan.length).toBeGreaterThan(100);
    const ranking = `ranking(measure: "DISCLOSURE_RATE", year: 2023, minDenominator: ${min}, first: 5)`;
    const small = (sql: string[]) => sql.filter((s) => /m\.denominator (=|<) \?/.test(s));
    const names = (list: any[]) => list.map((s: any) => s.agency.name);

    const aliased = await readsOf(`{ ${ranking} { a: smallSamples(first: 3) { agency { name } } b: smallSamples(first: 7) { agency { name } } c: smallSamples { agency { name } } } }`);
    expect(aliased.body.errors).toBeUndefined();
    expect(names(aliased.body.data.ranking.a)).toEqual(scan.slice(0, 3));
    expect(names(aliased.body.data.ranking.b)).toEqual(scan.slice(0, 7));
    expect(names(aliased.body.data.ranking.c)).toEqual(scan.slice(0, 100));
    expect(small(aliased.sql)).toHaveLength(1);
    expect(small(aliased.sql)[0]).toMatch(/LIMIT 100\b/);

    for (const [query, variables, n] of [
      [`{ ${ranking} { smallSamples(first: 4) { agency { name } } } }`, undefined, 4],
      [`query($n: Int!) { ${ranking} { ...S } } fragment S on Ranking { smallSamples(first: $n) { agency { name } } }`, { n: 6 }, 6],
    ] as const) {
      const paged = await readsOf(query, variables);
      expect(paged.body.errors).toBeUndefined();
      expect(names(paged.body.data.ranking.smallSamples)).toEqual(scan.slice(0, n));
      // The statement reads the page, not 100 rows.
      expect(small(paged.sql)).toHaveLength(1);
      expect(small(paged.sql)[0]).toMatch(new RegExp(`LIMIT ${n}\\b`));
    }

    for (const first of [0, 101]) {
      const { body } = await served.server.gql(`{ ${ranking} { smallSamples(first: ${first}) { agency { name } } } }`);
      expect(body.errors[0]).toMatchObject({ message: `Argument "first" must be between 1 and 100, got ${first} (Ranking.smallSamples)`, extensions: { code: "BAD_USER_INPUT" } });
    }
    // null for the Int! page, and an operation default out of range: refused before anything runs.
    for (const [query, variables, got] of [
      [`query($n: Int) { ${ranking} { smallSamples(first: $n) { agency { name } } } }`, { n: null }, "null"],
      [`query($n: Int = 500) { ${ranking} { smallSamples(first: $n) { agency { name } } } }`, {}, "500"],
    ] as const) {
      const refused = await readsOf(query, variables);
      expect(refused.body.errors[0]).toMatchObject({ message: `Argument "first" must be between 1 and 100, got ${got} (Ranking.smallSamples)`, extensions: { code: "BAD_USER_INPUT" } });
      expect(small(refused.sql)).toHaveLength(0);
    }
  });

  it("names the index each range of a page reads on MySQL/MariaDB (the level's value or denominator index), and leaves SQLite's planner alone", async () => {
    const mysql = !speaksSqlite(served.ds);
    const province = await gql(`{ ranking(measure: "DISCLOSURE_RATE", year: 2023, regionCode: "990000", minDenominator: 5, first: 5) { entries { agency { name } } smallSamples(first: 3) { agency { name } } } }`);
    const country = await gql(`{ ranking(measure: "DISCLOSURE_RATE", year: 2023, minDenominator: 5, first: 5) { entries { agency { name } } smallSamples(first: 3) { agency { name } } } }`);
    // The same answer for the province as for the whole country: the generated data has one province.
    expect(province).toEqual(country);
    for (const [region, value, den] of [["990000", "IDX_report_metric_prov_value", "IDX_report_metric_prov_den"], [null, "IDX_report_metric_value", "IDX_report_metric_den"]] as const) {
      const { body, sql } = await readsOf(`{ ranking(measure: "DISCLOSURE_RATE", year: 2023${region ? `, regionCode: "${region}"` : ""}, minDenominator: 5, first: 5) { entries { rank } smallSamples(first: 3) { agency { name } } } }`);
      expect(body.errors).toBeUndefined();
      const page = sql.find((s) => /m\.tier = \?/.test(s))!;
      const small = sql.find((s) => /m\.denominator = \?/.test(s))!;
      if (mysql) {
        expect(page.match(/FORCE INDEX \((\w+)\)/g)).toEqual(Array(page.match(/m\.tier = \?/g)!.length).fill(`FORCE INDEX (${value})`));
        expect(small.match(/FORCE INDEX \((\w+)\)/g)).toEqual(Array(4).fill(`FORCE INDEX (${den})`));
      } else {
        expect(`${page} ${small}`).not.toMatch(/FORCE INDEX|INDEXED BY/);
      }
    }
    // A threshold inside a tier (7, or 5,000 in the top one): the page's ranges are left to the
    // optimizer (the value index would read the tier's rows below the threshold too); same answer as a scan.
    for (const min of [7, 5000]) {
      const { body, sql } = await readsOf(`{ ranking(measure: "DISCLOSURE_RATE", year: 2023, minDenominator: ${min}, first: 5) { rankedCount entries { agency { name } } } }`);
      expect(body.errors).toBeUndefined();
      expect(sql.find((s) => /m\.tier = \?/.test(s))).not.toMatch(/FORCE INDEX/);
      const scan = (await served.ds.query(`SELECT a.name AS name FROM report r JOIN agency a ON a.id = r.agencyId JOIN report_figures f ON f.reportId = r.id
        WHERE r.year = 2023 AND r.isCurrent = 1 AND r.isAggregate = 0 AND (${den}) >= ? ORDER BY (${num}) * 1e0 / (${den}) DESC, a.id DESC LIMIT 5`, [min])).map((r: any) => r.name);
      expect(body.data.ranking.entries.map((e: any) => e.agency.name)).toEqual(scan);
    }
  });

  it("cuts the coverage lists at first, reads the unreported agencies' count alone when only it is asked, and one list for the largest page", async () => {
    // 2019: 8 unreported agencies and 15 aggregate reports in the generated province.
    const coverage = (fields: string) => `{ regionStatistics(regionCode: "990000", year: 2019) { coverage { ${fields} } } }`;
    const listed = "missing { agency { name } reportedPreviousYear }";
    const full = await readsOf(coverage(`missingCount ${listed} excludedAggregates { id }`));
    expect(full.body.errors).toBeUndefined();
    const all = full.body.data.regionStatistics.coverage;
    expect(all.missing.length).toBeGreaterThan(5);
    expect(all.excludedAggregates.length).toBeGreaterThan(3);
    const missingList = (sql: string[]) => sql.filter((s) => /FROM coverage_key k( FORCE INDEX \(PRIMARY\))? JOIN agency a/.test(s));
    const aggregateList = (sql: string[]) => sql.filter((s) => /FROM aggregate_key k JOIN report r/.test(s));
    expect(missingList(full.sql)).toHaveLength(1);
    // MySQL/MariaDB read the page in the primary key's order, which is the list's: no sort of the
    // region-year's rows (MariaDB chose the agencyKind index and sorted them at 1M). SQLite plans alone.
    const mysql = !speaksSqlite(served.ds);
    if (mysql) {
      expect(missingList(full.sql)[0]).toMatch(/FORCE INDEX \(PRIMARY\)/);
      const plan = (await served.ds.query(`EXPLAIN ${missingList(full.sql)[0]}`, ["prov", "99", 2019])).map((p: any) => `${p.table} ${p.type} ${p.key} ${p.Extra}`).join(" | ");
      expect(plan).toMatch(/^k ref PRIMARY /);
      expect(plan).not.toMatch(/filesort/);
    } else {
      expect(missingList(full.sql)[0]).not.toMatch(/FORCE INDEX|INDEXED BY/);
    }

    const paged = await readsOf(coverage(`missingCount missing(first: 5) { agency { name } reportedPreviousYear } excludedAggregates(first: 3) { id }`));
    expect(paged.body.errors).toBeUndefined();
    expect(paged.body.data.regionStatistics.coverage).toEqual({ missingCount: all.missingCount, missing: all.missing.slice(0, 5), excludedAggregates: all.excludedAggregates.slice(0, 3) });
    expect(missingList(paged.sql)).toEqual([expect.stringMatching(/LIMIT 5\b/)]);
    expect(aggregateList(paged.sql)).toEqual([expect.stringMatching(/LIMIT 3\b/)]);
    // The same statements as the full answer's, none more.
    expect(paged.sql.length).toBe(full.sql.length);

    // The count alone: no list read.
    const counted = await readsOf(coverage("missingCount"));
    expect(counted.body.data.regionStatistics.coverage.missingCount).toBe(all.missingCount);
    expect(missingList(counted.sql)).toHaveLength(0);

    // Aliases share one list, read for the largest page.
    const aliased = await readsOf(coverage("a: missing(first: 2) { agency { name } } b: missing(first: 6) { agency { name } } missingCount"));
    expect(aliased.body.data.regionStatistics.coverage.a).toEqual(all.missing.slice(0, 2).map((m: any) => ({ agency: m.agency })));
    expect(aliased.body.data.regionStatistics.coverage.b).toEqual(all.missing.slice(0, 6).map((m: any) => ({ agency: m.agency })));
    expect(missingList(aliased.sql)).toEqual([expect.stringMatching(/LIMIT 6\b/)]);

    const { body } = await served.server.gql(coverage("missing(first: 0) { agency { name } }"));
    expect(body.errors[0]).toMatchObject({ message: 'Argument "first" must be between 1 and 100, got 0 (Coverage.missing)', extensions: { code: "BAD_USER_INPUT" } });
  });

  it("sends the small samples' statement beside the ranking's (also asked for through fragments), not after them", async () => {
    const scan = (await served.ds.query(`SELECT a.name AS name FROM report r JOIN agency a ON a.id = r.agencyId JOIN report_figures f ON f.reportId = r.id
      WHERE r.year = 2023 AND r.isCurrent = 1 AND r.isAggregate = 0 AND (${den}) < 5 AND (${den}) > 0 ORDER BY a.id LIMIT 100`)).map((r: any) => r.name);
    expect(scan.length).toBeGreaterThan(5);
    // Each statement's start and end, in the order they happen (the page reads by tier, the small samples by denominator).
    const events: string[] = [];
    // The ranking's statements go to the pool through db/prepared.ts.
    const kind = (sql: string) => (/m\.tier = \?/.test(sql) ? "page" : /m\.denominator = \?/.test(sql) ? "small" : "other");
    const spy = aroundReads(served.ds, async (sql, run) => {
      events.push(`start ${kind(sql)}`);
      try {
        return await run();
      } finally {
        events.push(`end ${kind(sql)}`);
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
      // Left out by @include / @skip: not read at all.
      for (const [directive, variable] of [["@include(if: $on)", "$on"], ["@skip(if: $off)", "$off"]]) {
        events.length = 0;
        const { body } = await served.server.gql(`query(${variable}: Boolean!) { ranking(measure: "DISCLOSURE_RATE", year: 2023, minDenominator: 5, first: 10) {
          entries { rank } smallSamples ${directive} { agency { name } } } }`, variable === "$on" ? { on: false } : { off: true });
        expect(body.errors).toBeUndefined();
        expect(body.data.ranking.smallSamples).toBeUndefined();
        expect({ directive, small: events.includes("start small") }).toEqual({ directive, small: false });
      }
    } finally {
      spy.mockRestore();
    }
  });

  it("reports a failed small samples' statement on its field, and a failed ranking without an unhandled rejection", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on("unhandledRejection", onUnhandled);
    for (const failing of ["small", "page"]) {
      // The ranking's page fails with the small samples' statement failing too: nobody awaits that one.
      const pattern = failing === "small" ? /m\.denominator = \?/ : /m\.tier = \?|m\.denominator = \?/;
      const spy = aroundReads(served.ds, async (sql, run) => {
        if (pattern.test(sql)) throw new Error(`${failing} refused`);
        return run();
      });
      try {
        const { body } = await served.server.gql(`{ ranking(measure: "DISCLOSURE_RATE", year: 2023, minDenominator: 5, first: 10) { entries { rank } smallSamples { agency { name } } } }`);
        expect(body.errors).toHaveLength(1);
        expect(body.errors[0].path).toEqual(failing === "small" ? ["ranking", "smallSamples"] : ["ranking"]);
        // Ranking and its smallSamples are non-null: the error nulls the whole answer.
        expect(body.data).toBeNull();
      } finally {
        spy.mockRestore();
      }
    }
    await new Promise((resolve) => setImmediate(resolve));
    process.off("unhandledRejection", onUnhandled);
    expect(unhandled).toEqual([]);
  });
});
