/**
 * Issue 9's query attacks, replayed against a real server: each is refused before execution (no
 * `data` in the reply) or answered within its bounds, and a parallel `{ __typename }` is answered.
 * Timings are printed by bench/attack.ts, never asserted here.
 */
import type { DataSource } from "typeorm";
import { testDatabases } from "../helpers/db";
import { loadDemo } from "../../src/demo/real-reports";
import { attackServer, AttackServer, bearer, fragmentBomb, TOKENS } from "./harness";

describe.each(testDatabases())("query attacks on %s", (_db, open) => {
  let ds: DataSource;
  let server: AttackServer;
  let agencyIds: string[];

  beforeAll(async () => {
    ds = await open();
    await loadDemo(ds, { townships: false });
    server = await attackServer(ds);
    const r = await server.gql("{ agencies(first: 100) { nodes { id } } }");
    agencyIds = r.body.data.agencies.nodes.map((n: { id: string }) => n.id);
    // The demo's agencies: seven in 平潭, 聊城市应急管理局 and 淮安市人民政府 (its PDF).
    expect(agencyIds).toHaveLength(9);
  });
  afterAll(async () => {
    await server?.stop();
    await ds?.destroy();
  });

  /** Sends the attack and a probe at once; returns the attack's reply once both are in. */
  async function withProbe(attack: Promise<{ status: number; body: any }>) {
    const [reply, answered] = await Promise.all([attack, server.probe()]);
    expect(answered).toBe(true);
    return reply;
  }

  it("1. refuses the 948-byte fragment bomb (F0…F22) as too costly, without executing it", async () => {
    const r = await withProbe(server.gql(fragmentBomb(22)));
    expect(r.status).toBe(400);
    expect(r.body.data).toBeUndefined();
    expect(r.body.errors[0].extensions.code).toBe("QUERY_TOO_COSTLY");
    // 2^22 spreads of F0 (id, name) and the connection's own fields: the estimate counts them all.
    expect(r.body.errors[0].message).toMatch(/estimated at (\d{7,})/);
    // Sent again (its estimate kept for the parsed document): refused the same way.
    const again = await withProbe(server.gql(fragmentBomb(22)));
    expect(again.status).toBe(400);
    expect(again.body.errors[0].message).toBe(r.body.errors[0].message);
  });

  it("2. refuses a negative or absurd `first` before anything executes, in literals and variables", async () => {
    const expensive = Array.from({ length: 29 }, (_, i) => `e${i}: reports(first: 100) { nodes { rawText } }`).join(" ");
    const r = await withProbe(server.gql(`{ a: agencies(first: -1000000000) { totalCount } ${expensive} }`));
    expect(r.body.data).toBeUndefined();
    expect(r.body.errors).toHaveLength(1);
    expect(r.body.errors[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT" }, message: expect.stringMatching(/^Argument "first" must be between 1 and 100, got -1000000000/) });
    const v = await server.gql("query($n: Int!) { agencies(first: $n) { totalCount } }", { n: 1_000_000 });
    expect(v.body.data).toBeUndefined();
    expect(v.body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
    const zero = await server.gql("{ findings(first: 0) { totalCount } }");
    expect(zero.body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("3a. refuses 5,200 aliased introspection queries (2.7 MB) while parsing: too many tokens", async () => {
    const one = "__schema { types { name fields { name type { name ofType { name } } } } }";
    const doc = "{" + Array.from({ length: 5200 }, (_, i) => `i${i}: ${one}`).join(" ") + "}";
    expect(doc.length).toBeGreaterThan(400_000);
    const r = await withProbe(server.gql(doc));
    expect(r.body.data).toBeUndefined();
    expect(r.body.errors[0].extensions.code).toBe("GRAPHQL_PARSE_FAILED");
    expect(r.body.errors[0].message).toMatch(/more tha[nt] 5000 tokens/);
  });

  it("3b. counts introspection: 41 aliases are too many, and 30 whole-schema introspections are too costly", async () => {
    const one = "__schema { types { name kind description fields { name description args { name type { name kind } } type { name kind ofType { name kind } } } } }";
    const aliases = await withProbe(server.gql("{" + Array.from({ length: 41 }, (_, i) => `i${i}: ${one}`).join(" ") + "}"));
    expect(aliases.body.data).toBeUndefined();
    expect(aliases.body.errors[0]).toMatchObject({ message: "Query has 41 aliases; the limit is 40", extensions: { code: "GRAPHQL_VALIDATION_FAILED" } });
    const costly = await withProbe(server.gql("{" + Array.from({ length: 30 }, (_, i) => `i${i}: ${one}`).join(" ") + "}"));
    expect(costly.body.data).toBeUndefined();
    expect(costly.body.errors[0].extensions.code).toBe("QUERY_TOO_COSTLY");
    // One of them is fine (GraphiQL's own introspection is tested in api.test.ts).
    const single = await server.gql(`{ ${one} }`);
    expect(single.body.errors).toBeUndefined();
    expect(single.body.data.__schema.types.length).toBeGreaterThan(50);
  });

  it("3c. weighs compareAgencies by agencies × years × measures: even one alias of 100 × 30 × 50 is refused", async () => {
    const ids = JSON.stringify(Array.from({ length: 100 }, (_, i) => String(i + 1)));
    const years = JSON.stringify(Array.from({ length: 30 }, (_, i) => 1996 + i));
    const measures = JSON.stringify(Array.from({ length: 50 }, () => "applications.newReceived.total"));
    const one = (a: string) => `${a}: compareAgencies(agencyIds: ${ids}, years: ${years}, measures: ${measures}) { agency { id } series { measure values { year value { value } } } }`;
    const forty = await withProbe(server.gql("{" + Array.from({ length: 40 }, (_, i) => one(`c${i}`)).join(" ") + "}"));
    expect(forty.body.data).toBeUndefined();
    expect(forty.body.errors[0].extensions.code).toMatch(/QUERY_TOO_COSTLY|GRAPHQL_PARSE_FAILED/);
    const single = await withProbe(server.gql(`{ ${one("c")} }`));
    expect(single.body.data).toBeUndefined();
    expect(single.body.errors[0].extensions.code).toBe("QUERY_TOO_COSTLY");
    // A dashboard-sized comparison runs: 2 agencies × 3 years × 1 measure.
    const small = await server.gql(`{ compareAgencies(agencyIds: ["${agencyIds[0]}", "${agencyIds[1]}"], years: [2019, 2020, 2021], measures: ["applications.newReceived.total"]) { series { values { year } } } }`);
    expect(small.body.errors).toBeUndefined();
    expect(small.body.data.compareAgencies).toHaveLength(2);
    expect(small.body.data.compareAgencies[0].series[0].values.map((v: { year: number }) => v.year)).toEqual([2019, 2020, 2021]);
  });

  it("3d. counts rawText and page sizes: 450 (or even 10) aliases of reports(first: 100) { nodes { rawText } } are refused", async () => {
    const q = (n: number) => "{" + Array.from({ length: n }, (_, i) => `r${i}: reports(first: 100) { nodes { rawText } }`).join(" ") + "}";
    const many = await withProbe(server.gql(q(450)));
    expect(many.body.data).toBeUndefined();
    const ten = await withProbe(server.gql(q(10)));
    expect(ten.body.data).toBeUndefined();
    expect(ten.body.errors[0].extensions.code).toBe("QUERY_TOO_COSTLY");
    const one = await server.gql(q(1));
    expect(one.body.errors).toBeUndefined();
    expect(one.body.data.r0.nodes).toHaveLength(10);
  });

  it("3e. refuses 1,000 aliases of regionStatistics with coverage lists", async () => {
    const one = (a: string) => `${a}: regionStatistics(regionCode: "350128", year: 2023) { coverage { missing { agency { name } } excludedAggregates { id } } }`;
    const many = await withProbe(server.gql("{" + Array.from({ length: 1000 }, (_, i) => one(`s${i}`)).join(" ") + "}"));
    expect(many.body.data).toBeUndefined();
    expect(many.body.errors[0].extensions.code).toBe("GRAPHQL_PARSE_FAILED");
    const single = await server.gql(`{ ${one("s")} }`);
    expect(single.body.errors).toBeUndefined();
    expect(single.body.data.s.coverage.excludedAggregates).toEqual([]);
  });

  it("3f. 20,000 failing aliases never reach execution, and add at most a line to the log", async () => {
    const before = server.logs.length;
    const doc = "{" + Array.from({ length: 20_000 }, (_, i) => `a${i}: agency(id: "abc") { id }`).join(" ") + "}";
    const r = await withProbe(server.gql(doc));
    expect(r.body.data).toBeUndefined();
    expect(r.body.errors).toHaveLength(1);
    expect(server.logs.length - before).toBeLessThanOrEqual(1);
  });

  it("11. agency(id: \"abc\") and report(id: \"abc\") are BAD_USER_INPUT naming the argument, not a database error", async () => {
    for (const field of ["agency", "report"]) {
      const r = await server.gql(`{ ${field}(id: "abc") { id } }`);
      expect(r.body.errors[0]).toMatchObject({ message: 'Argument "id" must be a positive integer id, got "abc"', extensions: { code: "BAD_USER_INPUT", argumentName: "id" } });
    }
    const huge = await server.gql(`{ agency(id: "9007199254740993") { id } }`);
    expect(huge.body.errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentName: "id" });
    const fine = await server.gql(`{ agency(id: "${agencyIds[0]}") { id } }`);
    expect(fine.body.data.agency.id).toBe(agencyIds[0]);
    const year = await server.gql(`{ agency(id: "${agencyIds[0]}") { report(year: 20230) { id } } }`);
    expect(year.body.errors[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", argumentName: "year" } });
    const fraction = await server.gql(`{ agency(id: "${agencyIds[0]}") { report(year: 2023.5) { id } } }`);
    expect(fraction.body.errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("12. reports(filter: { regionCode: \"%\" }) is refused, not a match-everything LIKE; nested input fields are named", async () => {
    const r = await server.gql(`{ reports(filter: { regionCode: "%" }) { totalCount } }`);
    expect(r.body.data).toBeNull();
    expect(r.body.errors[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", argumentName: "filter.regionCode" } });
    const ok = await server.gql(`{ reports(filter: { regionCode: "350128" }) { totalCount } }`);
    expect(ok.body.data.reports.totalCount).toBe(8);
  });

  it("12. renameAgency(fromYear: -2147483648) is BAD_USER_INPUT and changes nothing", async () => {
    const r = await server.gql(`mutation { renameAgency(id: "${agencyIds[0]}", name: "某某局", fromYear: -2147483648) { id } }`, undefined, bearer(TOKENS.admin));
    expect(r.body.errors[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", argumentName: "fromYear" } });
    const names = await server.gql(`{ agency(id: "${agencyIds[0]}") { names { name } } }`);
    expect(names.body.data.agency.names).toHaveLength(1);
  });

  it("12. updateAgency refuses a region or parent that does not exist, and an agency as its own parent or ancestor", async () => {
    const update = (id: string, input: string) => server.gql(`mutation { updateAgency(id: "${id}", input: ${input}) { id parent { id } } }`, undefined, bearer(TOKENS.admin));
    expect((await update(agencyIds[0], `{ regionCode: "999999" }`)).body.errors[0]).toMatchObject({ message: 'Argument "input.regionCode": no region 999999', extensions: { code: "BAD_USER_INPUT" } });
    expect((await update(agencyIds[0], `{ parentId: "999999" }`)).body.errors[0]).toMatchObject({ message: 'Argument "input.parentId": no agency 999999' });
    expect((await update(agencyIds[0], `{ parentId: "${agencyIds[0]}" }`)).body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
    const ok = await update(agencyIds[1], `{ parentId: "${agencyIds[0]}" }`);
    expect(ok.body.data.updateAgency.parent.id).toBe(agencyIds[0]);
    const cycle = await update(agencyIds[0], `{ parentId: "${agencyIds[1]}" }`);
    expect(cycle.body.errors[0].message).toMatch(/cannot be its own parent/);
  });

  it("13. hides field suggestions when introspection is off", async () => {
    const open = await server.gql("{ agencie { totalCount } }");
    expect(open.body.errors[0].message).toMatch(/Did you mean "agencies"/);
    const closed = await attackServer(ds, { GONGKAI_INTROSPECTION: "false" });
    try {
      const r = await closed.gql("{ agencie { totalCount } }");
      expect(r.body.errors[0].message).not.toMatch(/agencies/);
      expect(r.body.errors[0].message).toMatch(/Cannot query field "agencie"/);
    } finally {
      await closed.stop();
    }
  });
});
