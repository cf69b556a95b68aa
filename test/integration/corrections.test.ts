import type { DataSource } from "typeorm";
import { testDatabases } from "../helpers/db";
import { ADMIN_TOKEN, serve, Gql } from "../helpers/server";
import { buildProvince, SIZES } from "../../src/demo/generate";
import { loadProvince } from "../../src/demo/load-province";
import { getPath } from "../../src/domain/report-json";
import { SummaryLedger } from "../../src/store/summary-ledger";
import { parseCellValue } from "../../src/store/corrections";
import { cellFor } from "../../src/domain/cells";
import type { RunningServer } from "../../src/server";

/**
 * The correction loop: correctCells stores a new current revision; the region totals, the report's
 * findings and the next year's cross-year findings follow; the old revision stays readable; the
 * history shows the import and each correction; the review queue lists what is left.
 */
const province = buildProvince(SIZES.tiny);
const generated = [...province.reports()];
// A department of county 990101 that reported 2022 and 2023.
const target = province.agencies.find((a) => a.regionCode === "990101" && a.kind === "DEPARTMENT"
  && [2022, 2023].every((y) => generated.some((g) => g.agencyKey === a.key && g.year === y && !g.report.isAggregate)))!;
const g2022 = generated.find((g) => g.agencyKey === target.key && g.year === 2022)!;
const g2023 = generated.find((g) => g.agencyKey === target.key && g.year === 2023)!;
const at = (g: typeof g2022, path: string) => getPath(g.report, path) as number;
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

const CORRECT = `mutation($id: ID!, $cells: [CellValueInput!]!, $reason: String!) { correctCells(reportId: $id, cells: $cells, reason: $reason) {
  report { id revision isCurrent findings { rule path severity } } previous { id isCurrent } changes { path from to } } }`;

async function summaries(ds: DataSource): Promise<string[]> {
  const text = ["scope", "regionKey", "format", "agencyKind"];
  return (await ds.query("SELECT * FROM stat_summary ORDER BY scope, regionKey, year, format, agencyKind"))
    .map((r: Record<string, unknown>) => JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, x]) => [k, x == null ? null : text.includes(k) ? x : Number(x)]))));
}

describe.each(testDatabases())("corrections on %s", (_db, open) => {
  let ds: DataSource;
  let server: RunningServer & { gql: Gql };
  let agencyId: string;
  const reportOf = async (year: number) => {
    const { body } = await server.gql(`{ reports(filter: { agencyId: "${agencyId}", year: ${year} }) { nodes { id revision } } }`);
    return body.data.reports.nodes[0] as { id: string; revision: number };
  };
  const county = async (year: number) => (await server.gql(`{ regionStatistics(regionCode: "990101", year: ${year}) { applications { newReceived { natural total } carriedForward { total } } } }`)).body.data.regionStatistics.applications;

  beforeAll(async () => {
    ds = await open();
    await loadProvince(ds, province);
    server = await serve(ds);
    const { body } = await server.gql(`{ agencies(filter: { regionCode: "990101" }, first: 100) { nodes { id name } } }`);
    agencyId = body.data.agencies.nodes.find((n: any) => n.name === target.name).id;
  });
  afterAll(async () => {
    await server?.stop();
    await ds?.destroy();
  });

  it("refuses a viewer, and bad cells with the argument named, storing nothing", async () => {
    const r = await reportOf(2022);
    const count = async () => Number((await ds.query("SELECT COUNT(*) AS n FROM report"))[0].n);
    const before = await count();
    const cells = [{ path: "applications.newReceived.natural", value: "1" }];
    const viewer = await server.gql(CORRECT, { id: r.id, cells, reason: "x" });
    expect(viewer.body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
    const bad = async (cs: unknown, reason = "checked") => {
      const { body } = await server.gql(CORRECT, { id: r.id, cells: cs, reason }, auth);
      return [body.errors[0].extensions.argumentName, body.errors[0].message];
    };
    expect(await bad([{ path: "applications.nope.natural", value: "1" }])).toEqual(["cells", 'Argument "cells": applications.nope.natural is not a cell of the 2021 template']);
    expect(await bad([{ path: "applications.newReceived.natural", value: "1.5" }])).toEqual(["cells", 'Argument "cells": applications.newReceived.natural: must be a whole number, got 1.5']);
    expect(await bad([{ path: "applications.newReceived.natural", value: "-3" }])).toEqual(["cells", 'Argument "cells": applications.newReceived.natural: must not be negative, got -3']);
    expect(await bad(cells, "  ")).toEqual(["reason", 'Argument "reason": say why the cells are corrected']);
    expect(await count()).toBe(before);
  });

  it("stores a new revision; region totals, findings and next year's X1 follow; the old revision stays readable", async () => {
    const old = await reportOf(2022);
    const natural = at(g2022, "applications.newReceived.natural");
    const before = await county(2022);
    // Only the natural-person column: the row total no longer adds up (R2).
    const first = (await server.gql(CORRECT, { id: old.id, cells: [{ path: "applications.newReceived.natural", value: String(natural + 5) }], reason: "read again from the PDF" }, auth)).body;
    expect(first.errors).toBeUndefined();
    const r1 = first.data.correctCells;
    expect(r1.changes).toEqual([{ path: "applications.newReceived.natural", from: String(natural), to: String(natural + 5) }]);
    expect(r1.previous).toEqual({ id: old.id, isCurrent: false });
    expect(r1.report).toMatchObject({ revision: old.revision + 1, isCurrent: true });
    expect(r1.report.findings).toContainEqual({ rule: "R2", path: "applications.newReceived.total", severity: "warning" });
    expect(await county(2022)).toEqual({ ...before, newReceived: { natural: before.newReceived.natural + 5, total: before.newReceived.total } });

    // Then the total: R2 goes, the region total follows.
    const total = at(g2022, "applications.newReceived.total");
    const second = (await server.gql(CORRECT, { id: r1.report.id, cells: [{ path: "applications.newReceived.total", value: String(total + 5) }], reason: "total as printed" }, auth)).body.data.correctCells;
    expect(second.report.findings.filter((f: any) => f.rule === "R2" && f.path === "applications.newReceived.total")).toEqual([]);
    expect((await county(2022)).newReceived).toEqual({ natural: before.newReceived.natural + 5, total: before.newReceived.total + 5 });

    // 2022's 结转下年度 changes: 2023's 上年结转 no longer matches it (X1 on the 2023 report).
    const r2023 = await reportOf(2023);
    const x1 = async () => (await server.gql(`{ report(id: "${r2023.id}") { findings { rule path } } }`)).body.data.report.findings.filter((f: any) => f.rule === "X1");
    expect(await x1()).toEqual([]);
    const forward = at(g2022, "applications.carriedForward.natural");
    const fwdTotal = at(g2022, "applications.carriedForward.total");
    await server.gql(CORRECT, { id: second.report.id, cells: [
      { path: "applications.carriedForward.natural", value: String(forward + 2) }, { path: "applications.carriedForward.total", value: String(fwdTotal + 2) },
    ], reason: "carried forward misread" }, auth);
    expect(await x1()).toEqual(expect.arrayContaining([{ rule: "X1", path: "applications.carriedOver.natural" }, { rule: "X1", path: "applications.carriedOver.total" }]));
    expect((await county(2022)).carriedForward.total).toBe(before.carriedForward.total + 2);
    expect(at(g2023, "applications.carriedOver.natural")).toBe(forward);

    // The first revision is still there, with its own figures, and no longer current.
    const { body } = await server.gql(`{ report(id: "${old.id}") { isCurrent revision applications { newReceived { natural total } } revisions { revision isCurrent } } }`);
    expect(body.data.report).toEqual({
      isCurrent: false, revision: old.revision, applications: { newReceived: { natural, total } },
      revisions: [1, 2, 3, 4].map((n) => ({ revision: n, isCurrent: n === 4 })),
    });

    // History: the import, then each correction with who, why and the cells.
    const history = (await server.gql(`{ report(id: "${old.id}") { history { kind revision actor reason changes { path from to } } } }`)).body.data.report.history;
    expect(history).toEqual([
      { kind: "import", revision: 1, actor: "generator", reason: null, changes: [] },
      { kind: "correction", revision: 2, actor: "api:admin", reason: "read again from the PDF", changes: [{ path: "applications.newReceived.natural", from: String(natural), to: String(natural + 5) }] },
      { kind: "correction", revision: 3, actor: "api:admin", reason: "total as printed", changes: [{ path: "applications.newReceived.total", from: String(total), to: String(total + 5) }] },
      { kind: "correction", revision: 4, actor: "api:admin", reason: "carried forward misread", changes: [
        { path: "applications.carriedForward.natural", from: String(forward), to: String(forward + 2) },
        { path: "applications.carriedForward.total", from: String(fwdTotal), to: String(fwdTotal + 2) },
      ] },
    ]);
  });

  it("clears a cell to null with its reason, lists the report in the review queue, and keeps the ledger equal to a rebuild (NULL and 0 alike)", async () => {
    const r = await reportOf(2023);
    const { body } = await server.gql(CORRECT, { id: r.id, cells: [
      { path: "applications.outcomes.granted.legal", value: null }, { path: "applications.outcomes.granted.otherOrg", value: null },
    ], reason: "smudged in the scan" }, auth);
    expect(body.errors).toBeUndefined();
    const corrected = body.data.correctCells.report.id;
    const rep = (await server.gql(`{ report(id: "${corrected}") { ambiguousCells { path reason } applications { outcomes { granted { legal otherOrg } } } } }`)).body.data.report;
    expect(rep.applications.outcomes.granted).toEqual({ legal: null, otherOrg: null });
    expect(rep.ambiguousCells).toEqual([
      { path: "applications.outcomes.granted.legal", reason: "cleared by api:admin: smudged in the scan" },
      { path: "applications.outcomes.granted.otherOrg", reason: "cleared by api:admin: smudged in the scan" },
    ]);
    const row = (await ds.query("SELECT hasUnreadableCells AS h, unreadableCount AS n FROM report WHERE id = ?", [Number(corrected)]))[0];
    expect([Number(row.h), Number(row.n)]).toEqual([1, 2]);

    // A second report with one null cell: the queue is ordered by unreadable cells, then paged.
    const other = province.agencies.find((a) => a.regionCode === "990101" && a.key !== target.key && generated.some((g) => g.agencyKey === a.key && g.year === 2023 && !g.report.isAggregate))!;
    const otherId = (await server.gql(`{ agencies(filter: { regionCode: "990101" }, first: 100) { nodes { id name } } }`)).body.data.agencies.nodes.find((n: any) => n.name === other.name).id;
    const otherReport = (await server.gql(`{ reports(filter: { agencyId: "${otherId}", year: 2023 }) { nodes { id } } }`)).body.data.reports.nodes[0].id;
    const third = (await server.gql(CORRECT, { id: otherReport, cells: [{ path: "reviewLitigation.review.total", value: null }], reason: "unreadable" }, auth)).body.data.correctCells.report.id;
    const queue = async (after?: string) => (await server.gql(`query($after: String) { reviewQueue(regionCode: "990100", year: 2023, first: 1, after: $after) {
      totalCount nodes { report { id } unreadableCells errorFindings } pageInfo { hasNextPage endCursor } } }`, { after })).body.data.reviewQueue;
    const p1 = await queue();
    expect(p1.totalCount).toBe(2);
    expect(p1.nodes).toEqual([{ report: { id: corrected }, unreadableCells: 2, errorFindings: 0 }]);
    const p2 = await queue(p1.pageInfo.endCursor);
    expect(p2.nodes).toEqual([{ report: { id: third }, unreadableCells: 1, errorFindings: 0 }]);
    expect(p2.pageInfo.hasNextPage).toBe(false);
    const elsewhere = (await server.gql(`{ reviewQueue(regionCode: "990200", year: 2023) { totalCount } }`)).body.data.reviewQueue;
    expect(elsewhere.totalCount).toBe(0);

    const maintained = await summaries(ds);
    await ds.transaction((em) => new SummaryLedger(em).rebuild());
    expect(await summaries(ds)).toEqual(maintained);
  });
});

describe.each(testDatabases())("held imports through the API on %s", (_db, open) => {
  it("says held and why, keeps the current revision, and replaces it only with force: true", async () => {
    const ds = await open();
    await loadProvince(ds, province);
    const server = await serve(ds);
    try {
      const mutation = `mutation($input: ImportReportInput!) { importReport(input: $input) { __typename ... on ImportSucceeded { status reason report { revision isCurrent } } } }`;
      const content = JSON.stringify({ format: "legacy", agency: target.name, year: 2022, regionCode: target.regionCode });
      const input = { content, fileName: "copy.json", contentType: "application/json" };
      const held = (await server.gql(mutation, { input }, auth)).body.data.importReport;
      expect(held).toEqual({ __typename: "ImportSucceeded", status: "held", reason: "the template fell from 2021 to legacy (no statistics tables were read), where the current revision has them", report: { revision: 2, isCurrent: false } });
      const current = async () => (await server.gql(`{ reports(filter: { year: 2022, regionCode: "${target.regionCode}" }, first: 100) { nodes { printedAgencyName format revision } } }`)).body.data.reports.nodes.filter((n: any) => n.printedAgencyName === target.name);
      expect(await current()).toEqual([{ printedAgencyName: target.name, format: "T2021", revision: 1 }]);
      const forced = (await server.gql(mutation, { input: { ...input, force: true } }, auth)).body.data.importReport;
      expect(forced).toEqual({ __typename: "ImportSucceeded", status: "revised", reason: null, report: { revision: 2, isCurrent: true } });
      expect(await current()).toEqual([{ printedAgencyName: target.name, format: "LEGACY", revision: 2 }]);
      const bad = (await server.gql(`{ reviewQueue(regionCode: "990100", year: 2022, after: "bm9wZQ==") { totalCount } }`)).body;
      expect(bad.errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentName: "after" });
    } finally {
      await server.stop();
      await ds.destroy();
    }
  });
});

describe("cell values", () => {
  it("are exact integers in the stored unit, or refused with the cell named", () => {
    const money = cellFor("proactive.fees.amountWanYuan", "2021")!;
    expect(parseCellValue(money, "1690.9913")).toBe(1_690_991_300);
    expect(parseCellValue(money, "0.01")).toBe(10_000);
    expect(parseCellValue(money, "0.000001")).toBe(1);
    expect(() => parseCellValue(money, "0.0000001")).toThrow("proactive.fees.amountWanYuan: 0.0000001 has more precision than 0.01 元");
    const count = cellFor("applications.newReceived.total", "2021")!;
    expect(parseCellValue(count, "12")).toBe(12);
    expect(parseCellValue(count, null)).toBeNull();
    expect(() => parseCellValue(count, "9007199254740993")).toThrow("too large to store exactly");
    expect(() => parseCellValue(count, "1e3")).toThrow('"1e3" is not a number');
  });
});
