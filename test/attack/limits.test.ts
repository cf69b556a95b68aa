/**
 * The work estimate, the execution budget and the argument checks, without a server: exact costs
 * for known queries, linear time on the fragment bomb, and every argument rule.
 */
import "reflect-metadata";
import { GraphQLError, GraphQLSchema, OperationDefinitionNode, parse } from "graphql";
import { createSchema } from "../../src/graphql/schema";
import { costEstimator, Estimator } from "../../src/graphql/limits";
import { Budget } from "../../src/graphql/security/budget";
import { validateArguments } from "../../src/graphql/security/arguments";
import { guardField } from "../../src/graphql/security/middleware";
import { fragmentBomb } from "./harness";

let schema: GraphQLSchema;
let estimate: Estimator;
beforeAll(async () => {
  schema = await createSchema();
  estimate = costEstimator(schema);
});

function cost(query: string, variables: Record<string, unknown> = {}): number {
  const doc = parse(query);
  const op = doc.definitions.find((d) => d.kind === "OperationDefinition") as OperationDefinitionNode;
  return estimate(doc, op, variables);
}

describe("work estimate", () => {
  it.each([
    ["{ __typename }", 1],
    // agencies 1 + nodes (1 + 10 × (id 1 + name 1))
    ["{ agencies(first: 10) { nodes { id name } } }", 22],
    // default first 20 does not multiply totalCount (1 + its COUNT 50)
    ["{ agencies { totalCount } }", 52],
    // 1 + SQL weight ⌈2 × 3 × 1 / 10⌉ + 10, then 2 agencies × (series 1 + 1 measure × (values 1 + 3 years × year 1))
    [`{ compareAgencies(agencyIds: ["1", "2"], years: [2019, 2020, 2021], measures: ["applications.newReceived.total"]) { series { values { year } } } }`, 22],
    // 1 + 500 (ranks every agency of the year) + entries (1 + 5 × rank)
    [`{ ranking(measure: "DISCLOSURE_RATE", year: 2023, first: 5) { entries { rank } } }`, 507],
    // 35 provinces × (3 + children 1 + 12 × (3 + children 1 + 12 × 3)): the region tree at GB/T 2260 means
    ["{ regions { code name level children { code name level children { code name level } } } }", 1 + 35 * (3 + 1 + 12 * (3 + 1 + 12 * 3))],
    // rawText weighs 50 per report
    ["{ reports(first: 2) { nodes { rawText } } }", 1 + 1 + 2 * 51],
  ])("%s costs %d", (query, expected) => {
    expect(cost(query)).toBe(expected);
  });

  it("takes page sizes from variables, and refuses a page out of range before execution", () => {
    expect(cost("query($n: Int!) { agencies(first: $n) { nodes { id } } }", { n: 7 })).toBe(1 + 1 + 7);
    for (const n of [0, -1_000_000_000, 101, 1e9]) {
      expect(() => cost("query($n: Int!) { agencies(first: $n) { nodes { id } } }", { n })).toThrow(/^Argument "first" must be between 1 and 100, got /);
    }
  });

  it("applies the operation's defaults to the variables not given, and refuses null for an Int! page", () => {
    expect(cost("query($n: Int = 7) { agencies(first: $n) { nodes { id } } }")).toBe(1 + 1 + 7);
    expect(cost("query($n: Int = 7) { agencies(first: $n) { nodes { id } } }", { n: 3 })).toBe(1 + 1 + 3);
    expect(() => cost("query($n: Int = 500) { agencies(first: $n) { nodes { id } } }")).toThrow('Argument "first" must be between 1 and 100, got 500 (Query.agencies)');
    const small = `query($n: Int) { ranking(measure: "DISCLOSURE_RATE", year: 2023) { smallSamples(first: $n) { agency { name } } } }`;
    expect(() => cost(small, { n: null })).toThrow('Argument "first" must be between 1 and 100, got null (Ranking.smallSamples)');
    // Absent, the argument's own default (100) counts: 1 + 500 (ranking) + 1 + 200 (statement) + 100 × (1 + name 1).
    expect(cost(small)).toBe(1 + 500 + 1 + 200 + 100 * 2);
    expect(cost(small, { n: 4 })).toBe(1 + 500 + 1 + 200 + 4 * 2);
  });

  it("costs the fragment bomb at 2^23 + 2 in linear time", () => {
    expect(cost(fragmentBomb(22))).toBe(2 ** 23 + 2);
    // 200 levels: the value saturates, the walk stays linear (each fragment costed once).
    expect(cost(fragmentBomb(200))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("counts introspection: one more level of the schema's types costs more", () => {
    const shallow = cost("{ __schema { types { name } } }");
    const deep = cost("{ __schema { types { name fields { name type { name } } } } }");
    const types = Object.keys(schema.getTypeMap()).length;
    expect(shallow).toBe(1 + 1 + types * 1);
    expect(deep).toBeGreaterThan(shallow * 5);
    expect(cost(`{ __type(name: "Agency") { name } }`)).toBe(2);
  });
});

describe("execution budget", () => {
  it("stops every further field once aborted, spent or over its field count", async () => {
    const b = new Budget(60_000, 3);
    b.check();
    b.check();
    b.check();
    expect(() => b.check()).toThrow("Stopped: the request resolved more than 3 fields");
    const gone = new Budget(60_000, 100);
    gone.abort("the client disconnected");
    expect(() => gone.check()).toThrow(expect.objectContaining({ message: "Stopped: the client disconnected", extensions: { code: "BUDGET_EXCEEDED" } }));
    expect(gone.signal.aborted).toBe(true);
    const slow = new Budget(100, 100);
    await new Promise((r) => setTimeout(r, 150));
    expect(() => slow.check()).toThrow("Stopped: the request's time budget of 100 ms is spent");
  });

  it("is checked by the field middleware before the resolver runs", async () => {
    const budget = new Budget(60_000, 100);
    budget.abort("the client disconnected");
    let ran = false;
    const call = () => guardField({ context: { budget } as never, args: {}, root: undefined, info: undefined as never }, async () => (ran = true));
    expect(() => call()).toThrow("Stopped: the client disconnected");
    expect(ran).toBe(false);
  });
});

describe("argument checks", () => {
  const bad = (args: Record<string, unknown>) => {
    try {
      validateArguments(args);
    } catch (e) {
      return [(e as GraphQLError).extensions.argumentName, (e as GraphQLError).message];
    }
    return null;
  };

  it.each([
    [{ id: "abc" }, "id", 'Argument "id" must be a positive integer id, got "abc"'],
    [{ id: "0" }, "id", 'Argument "id" must be a positive integer id, got "0"'],
    [{ id: "9007199254740993" }, "id", 'Argument "id" must be a positive integer id, got "9007199254740993"'],
    [{ agencyIds: ["1", "-2"] }, "agencyIds", 'Argument "agencyIds" must be a positive integer id, got "-2"'],
    [{ year: 1989 }, "year", 'Argument "year" must be a year from 1990 to 2100, got 1989'],
    [{ fromYear: -2147483648 }, "fromYear", 'Argument "fromYear" must be a year from 1990 to 2100, got -2147483648'],
    [{ filter: { regionCode: "%" } }, "filter.regionCode", 'Argument "filter.regionCode" must be a GB/T 2260 region code (6 or 12 digits), got "%"'],
    [{ input: { parentId: "1 OR 1=1" } }, "input.parentId", 'Argument "input.parentId" must be a positive integer id, got "1 OR 1=1"'],
    [{ filter: { years: [2020, 3000] } }, "filter.years", 'Argument "filter.years" must be a year from 1990 to 2100, got 3000'],
    [{ first: 0 }, "first", 'Argument "first" must be between 1 and 100, got 0'],
  ])("refuses %j naming %s", (args, name, message) => {
    expect(bad(args)).toEqual([name, message]);
  });

  it("lets good arguments through", () => {
    expect(bad({ id: "42", agencyIds: ["1", 2], years: [2019, 2025], regionCode: "350128", code: "350128001000", first: 100, filter: { regionCode: null, year: 2023 }, name: "任意" })).toBeNull();
  });
});
