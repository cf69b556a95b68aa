import type { DataSource } from "typeorm";
import { parse } from "graphql";
import { testDatabases } from "../helpers/db";
import { serve, Gql } from "../helpers/server";
import { buildProvince, SIZES } from "../../src/demo/generate";
import { loadProvince } from "../../src/demo/load-province";
import { createSchema } from "../../src/graphql/schema";
import { compilable, COMPILED_ROOTS, jitStats } from "../../src/graphql/jit";
import type { RunningServer } from "../../src/server";

/**
 * Compiled execution (graphql/jit.ts) answers exactly as graphql-js: the same bodies, errors with
 * their codes and paths; documents it would answer differently are left to graphql-js.
 */
const QUERIES = [
  `query($ids: [ID!]!) { compareAgencies(agencyIds: $ids, years: [2019, 2020, 2021, 2022, 2023, 2024, 2025], measures: ["applications.newReceived.total", "DISCLOSURE_RATE", "proactive.licensing.decisions"]) {
    agency { id name } series { measure values { year value { value numerator denominator } template } changes { absolute relative comparable } } } }`,
  `{ ranking(measure: "DISCLOSURE_RATE", year: 2023, regionCode: "990000", minDenominator: 5, first: 50) { rankedCount entries { rank agency { name } value { value } regionAverage { value } kindAverage { value } } smallSamples { agency { name } value { denominator } } } }`,
  `{ regionStatistics(regionCode: "990000", year: 2023) { applications { newReceived { total natural } } metrics { disclosureRate { value } } coverage { reportingAgencies missingCount missing { agency { name } reportedPreviousYear } excludedAggregates { id } } } }`,
  `{ trend(measure: "applications.newReceived.total", regionCode: "990000", fromYear: 2019, toYear: 2025) { year value { value } reportCount } }`,
  `{ findings(rule: "R2", regionCode: "990000", first: 20) { totalCount nodes { rule path printed computed year agency { name } } } }`,
  `{ findingCounts(regionCode: "990000") { total byRule { key count } byRegion { key count } } }`,
  `{ aggregate(paths: ["applications.newReceived.total", "applications.outcomes.granted.total"], groupBy: [YEAR, AGENCY_KIND], first: 5) { year agencyKind reportCount values { path value } } }`,
];

describe.each(testDatabases())("compiled execution on %s", (_db, open) => {
  let ds: DataSource;
  let jit: RunningServer & { gql: Gql };
  let plain: RunningServer & { gql: Gql };
  let ids: number[];

  beforeAll(async () => {
    ds = await open();
    await loadProvince(ds, buildProvince(SIZES.tiny));
    jit = await serve(ds, { GONGKAI_RESPONSE_CACHE: "false", GONGKAI_GRAPHQL_JIT: "true" });
    plain = await serve(ds, { GONGKAI_RESPONSE_CACHE: "false", GONGKAI_GRAPHQL_JIT: "false" });
    ids = (await ds.query("SELECT id FROM agency ORDER BY id LIMIT 30")).map((r: any) => Number(r.id));
  });
  afterAll(async () => {
    await jit?.stop();
    await plain?.stop();
    await ds?.destroy();
  });

  /** The jit server's answer the second time (compiled: the first is graphql-js's), with the plain server's. */
  const compiledAndPlain = async (query: string, variables?: Record<string, unknown>) => {
    await jit.gql(query, variables);
    const before = jitStats.compiledRuns;
    const [a, b] = await Promise.all([jit.gql(query, variables), plain.gql(query, variables)]);
    return { compiled: a.body, plain: b.body, ran: jitStats.compiledRuns - before };
  };

  it("could compile every statistics query, and answers them as graphql-js does", async () => {
    const schema = await createSchema();
    for (const query of QUERIES) {
      expect(compilable(schema, parse(query), null)).toBe(true);
      expect(COMPILED_ROOTS.has(/^(query\([^)]*\) )?\{ (\w+)/.exec(query)![2])).toBe(true);
      const { compiled, plain: expected, ran } = await compiledAndPlain(query, { ids });
      expect({ query, ran }).toEqual({ query, ran: 1 });
      expect(compiled.errors).toBeUndefined();
      expect(compiled).toEqual(expected);
    }
  });

  it("compiles a document the second time it is seen, never one sent once", async () => {
    const before = jitStats.compiledRuns;
    for (let i = 0; i < 3; i++) await jit.gql(`{ trend(measure: "applications.newReceived.total", regionCode: "990000", fromYear: ${2015 + i}, toYear: 2025) { year } }`);
    expect(jitStats.compiledRuns).toBe(before);
  });

  it("applies @skip/@include where they are written when a fragment is spread in several places", async () => {
    const trend = `trend(measure: "DISCLOSURE_RATE", regionCode: "990000", fromYear: 2022, toYear: 2023)`;
    for (const [query, variables] of [
      [`query($a: Boolean!) { y: ${trend} { ... @include(if: $a) { ...P } } x: ${trend} { ...P } } fragment P on TrendPoint { year value { value } }`, { a: false }],
      [`query($a: Boolean!) { x: ${trend} { ...P } y: ${trend} { ...P @skip(if: $a) } } fragment P on TrendPoint { year value { value } }`, { a: true }],
      [`query($a: Boolean!) { ranking(measure: "DISCLOSURE_RATE", year: 2023, regionCode: "990000", first: 5) { entries { value { ...R @include(if: $a) } kindAverage { ...R } } } } fragment R on Ratio { value numerator }`, { a: false }],
    ] as Array<[string, Record<string, unknown>]>) {
      const { compiled, plain: expected, ran } = await compiledAndPlain(query, variables);
      expect(ran).toBe(1);
      expect(compiled.errors).toBeUndefined();
      expect(compiled).toEqual(expected);
    }
  });

  it("answers variables that do not fit their definitions as graphql-js does (BAD_USER_INPUT)", async () => {
    const query = `query($y: Int!, $k: [AgencyKind!]) { trend(measure: "DISCLOSURE_RATE", regionCode: "990000", fromYear: $y, toYear: 2023, agencyKinds: $k) { year } }`;
    await compiledAndPlain(query, { y: 2022 });
    for (const variables of [{ y: "abc" }, {}, { y: 1e12 }, { y: 2022, k: ["NOPE"] }]) {
      const [a, b] = await Promise.all([jit.gql(query, variables), plain.gql(query, variables)]);
      expect(a.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(a.body).toEqual(b.body);
    }
  });

  it("leaves to graphql-js what it would answer differently: unions, input objects, mutations", async () => {
    const schema = await createSchema();
    expect(compilable(schema, parse(`{ reports(first: 1) { nodes { proactive { __typename } } } }`), null)).toBe(false);
    expect(compilable(schema, parse(`query($f: ReportFilter) { reports(filter: $f, first: 1) { totalCount } }`), null)).toBe(false);
    expect(compilable(schema, parse(`mutation { renameAgency(id: "1", name: "x", fromYear: 2020) { id } }`), null)).toBe(false);
    expect(compilable(schema, parse(`{ reports(first: 1) { totalCount } }`), null)).toBe(true);
  });

  it("keeps an error's code and path", async () => {
    const query = `{ compareAgencies(agencyIds: ["999999"], years: [2023], measures: ["DISCLOSURE_RATE"]) { agency { id } } }`;
    await jit.gql(query);
    const [a, b] = await Promise.all([jit.gql(query), plain.gql(query)]);
    expect(a.body.errors).toEqual([{ message: 'Argument "agencyIds": no agency 999999', locations: [{ line: 1, column: 3 }], path: ["compareAgencies"], extensions: { code: "BAD_USER_INPUT", argumentName: "agencyIds" } }]);
    expect(a.body).toEqual(b.body);
    // The other compiled roots' input errors, and a partial answer (one field's error beside data).
    for (const bad of [
      `{ ranking(measure: "NO_SUCH_RATE", year: 2023, first: 5) { rankedCount } }`,
      `{ regionStatistics(regionCode: "99", year: 2023) { applications { newReceived { total } } } }`,
      `{ trend(measure: "applications.newReceived.total", regionCode: "990000", fromYear: 2025, toYear: 2019) { year } }`,
      `{ findings(rule: "NO_SUCH_RULE", first: 5) { totalCount } }`,
      `{ ok: findingCounts(regionCode: "990000") { total } bad: findingCounts(regionCode: "x") { total } }`,
    ]) {
      const { compiled, plain: expected, ran } = await compiledAndPlain(bad);
      expect({ bad, ran }).toEqual({ bad, ran: 1 });
      expect(compiled.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(compiled).toEqual(expected);
    }
  });
});
