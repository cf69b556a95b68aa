import { getIntrospectionQuery } from "graphql";
import iconv from "iconv-lite";
import type { DataSource } from "typeorm";
import { CountingLogger, testDatabases } from "../helpers/db";
import { ADMIN_TOKEN, serve } from "../helpers/server";
import { fixture, fixtures, pdfFixtures } from "../helpers/fixtures";
import { loadDemo } from "../../src/demo/real-reports";
import { EXAMPLE_QUERIES } from "../../src/graphql/examples";
import { APPLICANT_COLUMNS, APPLICATION_ROWS, RESULT_COLUMNS } from "../../src/domain/cells";
import { getPath } from "../../src/domain/report-json";
import { persistReport } from "../../src/store/report-writer";
import { canonicalFromJson, ImportService } from "../../src/ingestion/import.service";
import type { RunningServer } from "../../src/server";
import type { Gql } from "../helpers/server";

const COLS = APPLICANT_COLUMNS.map((c) => c.key).join(" ");
const RES = RESULT_COLUMNS.map((c) => c.key).join(" ");
const REPORT_FIELDS = `
  year format isAggregate revision printedAgencyName
  applications {
    newReceived { ${COLS} } carriedOver { ${COLS} }
    outcomes {
      granted { ${COLS} } partiallyGranted { ${COLS} }
      denied { stateSecret { ${COLS} } lawForbidden { ${COLS} } threeSecurityOneStability { ${COLS} } thirdPartyRights { ${COLS} }
               internalAffairs { ${COLS} } processInfo { ${COLS} } enforcementFile { ${COLS} } administrativeQuery { ${COLS} } }
      unableToProvide { notHeld { ${COLS} } needsCreation { ${COLS} } unclearAfterCorrection { ${COLS} } }
      notProcessed { complaintPetition { ${COLS} } duplicate { ${COLS} } publication { ${COLS} } massRepeated { ${COLS} } confirmOrReissue { ${COLS} } }
      other { ${COLS} overdueCorrection { ${COLS} } overdueFee { ${COLS} } otherReasons { ${COLS} } }
      total { ${COLS} }
    }
    carriedForward { ${COLS} }
  }
  reviewLitigation { review { ${RES} } litigationDirect { ${RES} } litigationAfterReview { ${RES} } }
  proactive {
    __typename
    ... on Proactive2019 {
      regulations { newlyMade newlyPublished totalPublished } normativeDocuments { newlyMade newlyPublished totalPublished }
      licensing { previousYearItems change decisions } otherManagementServices { previousYearItems change decisions }
      punishment { previousYearItems change decisions } coercion { previousYearItems change decisions }
      fees { previousYearItems change } procurement { projects totalAmount totalAmountRaw }
    }
    ... on Proactive2021 {
      regulations { issued repealed inForce } normativeDocuments { issued repealed inForce }
      licensing { decisions } punishment { decisions } coercion { decisions } fees { amountWanYuan }
    }
  }
  ambiguousCells { path reason }
  findings { rule severity path printed computed }`;

describe.each(testDatabases())("GraphQL API on %s", (_db, open) => {
  let ds: DataSource;
  let server: RunningServer & { gql: Gql };
  const logger = new CountingLogger();

  beforeAll(async () => {
    ds = await open(logger);
    const results = await loadDemo(ds, { townships: false });
    // Nine texts and pages and the Huai'an PDF, each read by its own reader.
    expect(results.map((r) => r.status)).toEqual(new Array(10).fill("imported"));
    server = await serve(ds);
  });
  afterAll(async () => {
    await server?.stop();
    await ds?.destroy();
  });

  it("serves 聊城市应急管理局's 2020 report cell by cell as hand-read", async () => {
    const { body } = await server.gql(`{ agencies(filter: { name: "聊城市应急管理局" }, first: 5) { totalCount nodes { name kind region { code name parent { code name } } report(year: 2020) { ${REPORT_FIELDS} } } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.agencies.totalCount).toBe(1);
    const agency = body.data.agencies.nodes[0];
    expect(agency).toMatchObject({ name: "聊城市应急管理局", kind: "DEPARTMENT", region: { code: "371500", name: "聊城市", parent: { code: "370000", name: "山东省" } } });
    const report = agency.report;
    const expected = fixture("2020-liaocheng-yingjiju").expected;
    expect(report.applications.newReceived).toEqual({ natural: 4, commercial: 1, research: 0, publicInterest: 0, legal: 2, otherOrg: 0, total: 7 });
    expect(report.proactive.punishment.decisions).toBe(113);
    for (const row of APPLICATION_ROWS.filter((r) => r.scope !== "2021")) {
      for (const col of APPLICANT_COLUMNS) {
        expect([row.path, col.key, getPath(report.applications, `${row.path}.${col.key}`)]).toEqual([row.path, col.key, getPath(expected.applications, `${row.path}.${col.key}`)]);
      }
    }
    expect(report.reviewLitigation).toEqual(expected.reviewLitigation);
    const { __typename, ...proactive } = report.proactive;
    expect(__typename).toBe("Proactive2019");
    expect(proactive.licensing).toEqual(expected.proactive.licensing);
    expect(proactive.procurement).toEqual({ projects: 0, totalAmount: "0", totalAmountRaw: "0" });
    expect(report.findings).toEqual([{ rule: "R6", severity: "info", path: "proactive.licensing.change", printed: -7125, computed: 0 }]);
  });

  it("serves every demo report's section 三 and 四 as hand-read", async () => {
    const { body } = await server.gql(`{ reports(first: 50) { totalCount nodes { ${REPORT_FIELDS} } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.reports.totalCount).toBe(10);
    // The texts' and pages' hand-read figures, and the PDF's.
    const byStem = new Map([...fixtures(), ...pdfFixtures()].map((f) => [`${f.expected.agency}:${f.expected.year}`, f.expected]));
    for (const r of body.data.reports.nodes) {
      const expected = byStem.get(`${r.printedAgencyName}:${r.year}`);
      expect(expected).toBeDefined();
      const { other, ...outcomes } = r.applications.outcomes;
      const { other: expectedOther, ...expectedOutcomes } = expected.applications.outcomes;
      expect(outcomes).toEqual(expectedOutcomes);
      if (r.format === "T2019") expect(other).toMatchObject(expectedOther);
      else expect(other).toMatchObject(expectedOther);
      expect(r.reviewLitigation).toEqual(expected.reviewLitigation);
    }
  });

  it("sums the real 2023 Pingtan reports region-wide exactly as their hand-read figures add up", async () => {
    const expected = fixtures().filter((f) => f.kind === "txt" && f.expected.year === 2023).map((f) => f.expected);
    expect(expected).toHaveLength(4);
    const { body } = await server.gql(`{ regionStatistics(regionCode: "350100", year: 2023) {
      applications { newReceived { ${COLS} } outcomes { granted { total } partiallyGranted { ${COLS} } unableToProvide { notHeld { total } } other { total otherReasons { total } } total { ${COLS} } } carriedForward { total } }
      reviewLitigation { review { ${RES} } litigationDirect { ${RES} } }
      metrics { disclosureRate { numerator denominator } applicantMix { path share { numerator denominator } } reasonMix { path share { numerator denominator } } }
      coverage { reportingAgencies }
    } }`);
    expect(body.errors).toBeUndefined();
    const s = body.data.regionStatistics;
    const add = (path: string) => expected.reduce((n, e) => n + (getPath(e, path) as number), 0);
    for (const col of APPLICANT_COLUMNS) {
      expect(s.applications.newReceived[col.key]).toBe(add(`applications.newReceived.${col.key}`));
      expect(s.applications.outcomes.total[col.key]).toBe(add(`applications.outcomes.total.${col.key}`));
      expect(s.applications.outcomes.partiallyGranted[col.key]).toBe(add(`applications.outcomes.partiallyGranted.${col.key}`));
    }
    expect(s.applications.newReceived.total).toBe(41);
    expect(s.applications.outcomes.other.otherReasons.total).toBe(add("applications.outcomes.other.otherReasons.total"));
    expect(s.reviewLitigation.litigationDirect).toEqual({ maintained: 1, corrected: 0, other: 0, pending: 0, total: add("reviewLitigation.litigationDirect.total") });
    expect(s.metrics.disclosureRate).toEqual({ numerator: add("applications.outcomes.granted.total") + add("applications.outcomes.partiallyGranted.total"), denominator: add("applications.outcomes.total.total") });
    expect(s.coverage.reportingAgencies).toBe(4);
    expect(s.metrics.applicantMix.find((m: any) => m.path === "applications.newReceived.natural").share).toEqual({ numerator: add("applications.newReceived.natural"), denominator: 41 });
    const unable = ["notHeld", "needsCreation", "unclearAfterCorrection"].reduce((n, k) => n + add(`applications.outcomes.unableToProvide.${k}.total`), 0);
    expect(s.metrics.reasonMix.find((m: any) => m.path === "applications.outcomes.unableToProvide.notHeld.total").share).toEqual({ numerator: add("applications.outcomes.unableToProvide.notHeld.total"), denominator: unable });
  });

  it("lists a region-year's unreported agencies from one query pair per request, however many fields ask", async () => {
    const all = await server.gql(`{ agencies(filter: { regionCode: "350100" }, first: 100) { nodes { name reports { year isAggregate } } } }`);
    const unreported = all.body.data.agencies.nodes.filter((a: any) => !a.reports.some((r: any) => r.year === 2023)).map((a: any) => a.name).sort();
    expect(unreported.length).toBeGreaterThan(0);
    const coverage = `coverage { missingCount missing { agency { name } } reportingAgencies }`;
    logger.reset();
    logger.enabled = true;
    const { body } = await server.gql(`{ a: regionStatistics(regionCode: "350100", year: 2023) { ${coverage} } b: regionStatistics(regionCode: "350100", year: 2023) { ${coverage} } }`);
    logger.enabled = false;
    expect(body.errors).toBeUndefined();
    for (const s of [body.data.a, body.data.b]) {
      expect(s.coverage.missingCount).toBe(unreported.length);
      expect(s.coverage.missing.map((m: any) => m.agency.name).sort()).toEqual(unreported);
      expect(s.coverage.reportingAgencies).toBe(4);
    }
    // the list and the counts (store/coverage-index.ts), once for both fields
    expect(logger.statements.filter((q) => q.includes("coverage_"))).toHaveLength(2);
  });

  it("pages agencies as a connection, finds former names, and bounds `first`", async () => {
    const page1 = await server.gql(`{ agencies(filter: { regionCode: "350128" }, first: 3) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id name } } nodes { id } } }`);
    const c = page1.body.data.agencies;
    expect(c.totalCount).toBe(7);
    expect(c.edges).toHaveLength(3);
    expect(c.nodes.map((n: any) => n.id)).toEqual(c.edges.map((e: any) => e.node.id));
    expect(c.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, endCursor: c.edges[2].cursor });
    const page3 = await server.gql(`query($after: String) { agencies(filter: { regionCode: "350000" }, first: 3, after: $after) { pageInfo { hasNextPage } nodes { id } } }`,
      { after: c.pageInfo.endCursor });
    expect(page3.body.data.agencies.nodes).toHaveLength(3);
    expect(Number(page3.body.data.agencies.nodes[0].id)).toBeGreaterThan(Number(c.edges[2].node.id));

    const agencyId = c.edges[0].node.id;
    await ds.query("INSERT INTO agency_name (agencyId, name, fromYear, toYear) VALUES (?, ?, ?, ?)", [Number(agencyId), "平潭综合实验区旧名称局", 2015, 2018]);
    const former = await server.gql(`{ agencies(filter: { name: "旧名称" }, first: 5) { nodes { id names { name fromYear toYear } } } }`);
    expect(former.body.data.agencies.nodes.map((n: any) => n.id)).toEqual([agencyId]);
    expect(former.body.data.agencies.nodes[0].names[0]).toEqual({ name: "平潭综合实验区旧名称局", fromYear: 2015, toYear: 2018 });

    const tooMany = await server.gql(`{ agencies(first: 101) { totalCount } }`);
    expect(tooMany.body.errors[0]).toMatchObject({ message: expect.stringMatching(/first.*1 and 100/), extensions: { code: "BAD_USER_INPUT" } });
    const badCursor = await server.gql(`{ agencies(first: 1, after: "bm9wZQ==") { totalCount } }`);
    expect(badCursor.body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("answers 100 agencies with reports, figures and findings in a bounded number of statements", async () => {
    const seed = fixture("2020-liaocheng-yingjiju").expected;
    for (let i = 0; i < 100; i++) {
      const canonical = canonicalFromJson(JSON.stringify({ ...seed, agency: `测试市第${i}局`, year: 2020 + (i % 3) }), `gen-${i}.json`);
      await persistReport(ds, canonical, { content: `gen-${i}`, contentType: "application/json", importedBy: "test" });
    }
    const query = `{ agencies(filter: { name: "测试市" }, first: 100) { totalCount nodes { name region { name } names { name } reports { year applications { newReceived { total } outcomes { total { total } } } proactive { ... on Proactive2019 { punishment { decisions } } } findings { rule } } } } }`;
    logger.reset();
    logger.enabled = true;
    const { body } = await server.gql(query);
    logger.enabled = false;
    expect(body.errors).toBeUndefined();
    expect(body.data.agencies.nodes).toHaveLength(100);
    expect(body.data.agencies.nodes[99].reports[0].applications.newReceived.total).toBe(7);
    expect(body.data.agencies.nodes[5].reports[0].findings).toEqual([{ rule: "R6" }]);
    // page + count, names, reports, figures, findings (regions: none of these agencies has one).
    expect(logger.count).toBeLessThanOrEqual(7);
  });

  it("lists regions with their children in two statements", async () => {
    logger.reset();
    logger.enabled = true;
    const { body } = await server.gql(`{ regions(parentCode: "350000") { code name children { code name } } }`);
    logger.enabled = false;
    expect(logger.count).toBe(2);
    const fuzhou = body.data.regions.find((r: any) => r.code === "350100");
    expect(fuzhou.name).toBe("福州市");
    expect(fuzhou.children).toContainEqual({ code: "350128", name: "平潭县" });
    expect(body.data.regions.length).toBe(9);
  });

  it("rejects too deep and too costly queries before running them", async () => {
    const deep = await server.gql(`{ agencies(first: 1) { nodes { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { name } } } } } } } } } } } } } }`);
    expect(deep.body.errors[0]).toMatchObject({ message: "Query is nested 14 levels deep; the limit is 12", extensions: { code: "GRAPHQL_VALIDATION_FAILED" } });
    const costly = await server.gql(`{ agencies(first: 100) { nodes { reports { revisions { findings { rule path printed computed message } agency { reports { findings { rule } } } } } } } }`);
    expect(costly.body.errors[0].message).toMatch(/^Query cost is estimated at \d+; the limit is 50000/);
    expect(costly.body.data).toBeUndefined();
  });

  it("lets GraphiQL's introspection query through the depth limit, but not deeper introspection", async () => {
    const intro = await server.gql(getIntrospectionQuery());
    expect(intro.body.errors).toBeUndefined();
    expect(intro.body.data.__schema.queryType.name).toBe("Query");
    const nested = "ofType { ".repeat(25) + "name" + " }".repeat(25);
    const deep = await server.gql(`{ __schema { types { fields { type { ${nested} } } } } }`);
    expect(deep.body.errors[0].message).toMatch(/^Introspection is nested \d+ levels deep; the limit is 20/);
  });

  it("prevents CSRF: a GET without headers and a text/plain POST are refused", async () => {
    const get = await fetch(`${server.url}?query=${encodeURIComponent("{ regions { code } }")}`);
    expect(get.status).toBe(400);
    const post = await fetch(server.url, { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify({ query: "{ regions { code } }" }) });
    expect(post.status).toBe(400);
  });

  it("serves GraphiQL and its assets locally, with example queries that work", async () => {
    const page = await fetch(server.url, { headers: { accept: "text/html" } });
    const html = await page.text();
    expect(html).toContain("/graphiql-assets/graphiql.min.js");
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of ["graphiql.min.js", "graphiql.min.css", "react.production.min.js", "react-dom.production.min.js"]) {
      const res = await fetch(server.url.replace("/graphql", `/graphiql-assets/${asset}`));
      expect([asset, res.status]).toEqual([asset, 200]);
    }
    for (const example of EXAMPLE_QUERIES) {
      const { body } = await server.gql(example.query, example.variables);
      expect([example.title, body.errors]).toEqual([example.title, undefined]);
    }
    const seed = await server.gql(EXAMPLE_QUERIES[0].query);
    expect(seed.body.data.agencies.nodes[0].report.applications.newReceived.total).toBe(7);
  });

  it("imports over GraphQL with the admin token only; revisions keep the earlier text", async () => {
    const mutation = `mutation($input: ImportReportInput!) { importReport(input: $input) {
      __typename
      ... on ImportSucceeded { status report { id revision isCurrent year printedAgencyName revisions { revision isCurrent } rawText applications { newReceived { total } } } diagnostics { rule } }
      ... on ImportRejected { fileName message }
    } }`;
    const page = fixture("2023-pingtan-ziranziyuan", "html").content;
    const input = { content: page, fileName: "page.html", contentType: "text/html" };
    const anonymous = await server.gql(mutation, { input });
    expect(anonymous.body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const same = await server.gql(mutation, { input }, auth);
    expect(same.body.data.importReport).toMatchObject({ __typename: "ImportSucceeded", status: "unchanged", report: { revision: 1 } });
    const corrected = page.replace("2024年1月5日", "2024年1月8日");
    const revised = await server.gql(mutation, { input: { ...input, content: corrected } }, auth);
    const r = revised.body.data.importReport;
    expect(r).toMatchObject({ status: "revised", report: { revision: 2, isCurrent: true, year: 2023, applications: { newReceived: { total: 19 } } } });
    expect(r.report.revisions).toEqual([{ revision: 1, isCurrent: false }, { revision: 2, isCurrent: true }]);
    expect(r.report.rawText).toContain("2024年1月8日");
    const gbk = iconv.encode(fixture("2020-pingtan-ziranziyuan", "html").content.replace("2021年1月21日", "2021年1月22日"), "gbk").toString("base64");
    const bytes = await server.gql(mutation, { input: { content: gbk, base64: true, fileName: "page-gbk.html" } }, auth);
    expect(bytes.body.data.importReport).toMatchObject({ __typename: "ImportSucceeded", status: "revised", report: { year: 2020, printedAgencyName: "平潭综合实验区自然资源与生态环境局", applications: { newReceived: { total: 9 } } } });
    const before = await ds.query("SELECT COUNT(*) AS n FROM report");
    const junk = await server.gql(mutation, { input: { content: "政府信息公开指南：本机关办公地址……", fileName: "junk.txt" } }, auth);
    expect(junk.body.data.importReport).toMatchObject({ __typename: "ImportRejected", fileName: "junk.txt", message: expect.stringMatching(/not an annual report/) });
    const after = await ds.query("SELECT COUNT(*) AS n FROM report");
    expect(Number(after[0].n)).toBe(Number(before[0].n));
  });

  it("stores cross-year findings (X1) when the neighbouring year arrives", async () => {
    const seed = fixture("2020-liaocheng-yingjiju").expected;
    const next = JSON.parse(JSON.stringify(seed));
    next.year = 2021;
    next.format = "2019";
    next.applications.carriedOver = { natural: 1, commercial: 0, research: 0, publicInterest: 0, legal: 0, otherOrg: 0, total: 1 };
    next.applications.newReceived.natural = 3;
    next.applications.newReceived.total = 6;
    const canonical = canonicalFromJson(JSON.stringify(next), "2021.json");
    const result = await new ImportService(ds).importContent(JSON.stringify(next), { fileName: "liaocheng-2021.json" });
    expect(result.status).toBe("imported");
    expect(canonical.year).toBe(2021);
    const { body } = await server.gql(`{ agencies(filter: { name: "聊城市应急管理局" }, first: 1) { nodes { report(year: 2021) { findings { rule path printed computed } } } } }`);
    const x1 = body.data.agencies.nodes[0].report.findings.filter((f: any) => f.rule === "X1");
    expect(x1).toEqual([
      { rule: "X1", path: "applications.carriedOver.natural", printed: 1, computed: 0 },
      { rule: "X1", path: "applications.carriedOver.total", printed: 1, computed: 0 },
    ]);
  });

  it("masks unexpected errors: no SQL or stack trace reaches the client", async () => {
    const spy = jest.spyOn(console, "error").mockImplementation(() => undefined);
    await ds.query("DROP TABLE finding");
    const { body } = await server.gql(`{ reports(first: 1) { nodes { findings { rule } } } }`);
    spy.mockRestore();
    expect(body.errors[0]).toEqual({ message: "Internal server error", path: ["reports", "nodes", 0, "findings"], extensions: { code: "INTERNAL_SERVER_ERROR" } });
    expect(JSON.stringify(body)).not.toMatch(/SELECT|stack|no such table|exist|sqlite|mysql/i);
  });
});

describe.each(testDatabases())("agency history on %s", (_db, open) => {
  let ds: DataSource;
  let server: RunningServer & { gql: Gql };
  beforeAll(async () => {
    ds = await open();
    await loadDemo(ds, { townships: false });
    server = await serve(ds);
  });
  afterAll(async () => {
    await server?.stop();
    await ds?.destroy();
  });

  it("keeps a renamed agency one line: the old name still finds it, and reports under either name join it", async () => {
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const found = await server.gql(`{ agencies(filter: { name: "聊城市应急管理局" }, first: 1) { nodes { id } } }`);
    const id = found.body.data.agencies.nodes[0].id;
    const renamed = await server.gql(`mutation($id: ID!) { renameAgency(id: $id, name: "聊城市应急管理和消防局", fromYear: 2022) { id name names { name fromYear toYear } } }`, { id }, auth);
    expect(renamed.body.data.renameAgency).toEqual({
      id, name: "聊城市应急管理和消防局",
      names: [{ name: "聊城市应急管理局", fromYear: 2020, toYear: 2021 }, { name: "聊城市应急管理和消防局", fromYear: 2022, toYear: null }],
    });
    const byOld = await server.gql(`{ agencies(filter: { name: "应急管理局" }, first: 5) { nodes { id name report(year: 2020) { printedAgencyName } } } }`);
    expect(byOld.body.data.agencies.nodes).toEqual([{ id, name: "聊城市应急管理和消防局", report: { printedAgencyName: "聊城市应急管理局" } }]);
    // A report printed under the old name still joins the same agency.
    const seed = fixture("2020-liaocheng-yingjiju").expected;
    const result = await new ImportService(ds).importContent(JSON.stringify({ ...seed, year: 2021 }), { fileName: "2021.json" });
    expect(String(result.report!.agencyId)).toBe(id);
    const anonymous = await server.gql(`mutation($id: ID!) { updateAgency(id: $id, input: { kind: OTHER }) { kind } }`, { id });
    expect(anonymous.body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
    const updated = await server.gql(`mutation($id: ID!) { updateAgency(id: $id, input: { kind: OTHER, regionCode: "371502" }) { kind region { name } } }`, { id }, auth);
    expect(updated.body.data.updateAgency).toEqual({ kind: "OTHER", region: { name: "东昌府区" } });
    const missing = await server.gql(`mutation { renameAgency(id: "999999", name: "某局", fromYear: 2020) { id } }`, {}, auth);
    expect(missing.body.errors[0]).toMatchObject({ message: 'Argument "id": no agency 999999', extensions: { code: "BAD_USER_INPUT" } });
  });

  it("refuses request bodies over the limit", async () => {
    const small = await serve(ds, { GONGKAI_BODY_LIMIT: "1kb" });
    try {
      const res = await fetch(small.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: `{ regions { code } }`, variables: { pad: "x".repeat(4000) } }) });
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({ errors: [{ message: "Request body is larger than 1kb", extensions: { code: "PAYLOAD_TOO_LARGE" } }] });
      const malformed = await fetch(small.url, { method: "POST", headers: { "content-type": "application/json" }, body: "{ not json" });
      expect(malformed.status).toBe(400);
      expect(JSON.stringify(await malformed.json())).not.toMatch(/at |node_modules|SyntaxError/);
    } finally {
      await small.stop();
    }
  });
});
