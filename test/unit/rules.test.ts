import { cellValues, emptyReport, setPath, Tree, CanonicalReport } from "../../src/domain/report-json";
import { REPORT_RULES, CROSS_YEAR_RULES, AGGREGATE_RULES, checkAgainstPreviousYear } from "../../src/ingestion/rules";
import { reportToFigures } from "../../src/domain/figures";
import { summedTree } from "../../src/domain/summed-tree";
import type { ReportRule } from "../../src/ingestion/rules/rule";
import { fixture } from "../helpers/fixtures";
import { parseInput } from "../../src/ingestion/parse";

/** A consistent 2021-template table: 3 new + 1 carried over = 3 handled + 1 carried forward. */
function validTable(): CanonicalReport {
  const r = emptyReport("2021");
  const set = (path: string, v: number) => setPath(r as unknown as Tree, path, v);
  for (const [row, natural, legal] of [["newReceived", 2, 1], ["carriedOver", 1, 0], ["outcomes.granted", 1, 1], ["outcomes.unableToProvide.notHeld", 1, 0], ["carriedForward", 1, 0]] as const) {
    set(`applications.${row}.natural`, natural);
    set(`applications.${row}.legal`, legal);
    set(`applications.${row}.total`, natural + legal);
  }
  set("applications.outcomes.total.natural", 2);
  set("applications.outcomes.total.legal", 1);
  set("applications.outcomes.total.total", 3);
  set("reviewLitigation.review.maintained", 2);
  set("reviewLitigation.review.total", 2);
  return r;
}

const rule = (id: string) => REPORT_RULES.find((r) => r.id === id) as ReportRule;

/** Shared harness: a rule passes the valid table and fails the broken one, naming the cell. */
const cases: Array<[string, (r: CanonicalReport) => void, string, number, number]> = [
  ["R1", (r) => setPath(r as any, "applications.carriedForward.natural", 0), "applications.outcomes.total.natural", 2, 3],
  ["R2", (r) => setPath(r as any, "applications.newReceived.total", 4), "applications.newReceived.total", 4, 3],
  ["R3", (r) => setPath(r as any, "applications.outcomes.granted.legal", 2), "applications.outcomes.total.legal", 1, 2],
  ["R4", (r) => setPath(r as any, "reviewLitigation.review.total", 3), "reviewLitigation.review.total", 3, 2],
  ["R5", (r) => setPath(r as any, "applications.outcomes.granted.research", -1), "applications.outcomes.granted.research", -1, NaN],
];

describe.each(cases)("rule %s", (id, breakIt, path, printed, computed) => {
  it("passes a consistent table", () => {
    expect(rule(id).check(validTable())).toEqual([]);
  });
  it("reports the broken cell with printed and computed values", () => {
    const r = validTable();
    breakIt(r);
    const found = rule(id).check(r);
    expect(found.length).toBeGreaterThanOrEqual(1);
    expect(found[0]).toMatchObject({ rule: id, path, printed });
    if (!Number.isNaN(computed)) expect(found[0].computed).toBe(computed);
  });
});

describe("soft and narrative rules", () => {
  it("R6 flags 上一年项目数量 + 本年增/减 below zero (2019 template only)", () => {
    const r = emptyReport("2019");
    setPath(r as any, "proactive.licensing.previousYearItems", 5);
    setPath(r as any, "proactive.licensing.change", -3);
    expect(rule("R6").check(r)).toEqual([]);
    setPath(r as any, "proactive.licensing.change", -7);
    expect(rule("R6").check(r)).toMatchObject([{ rule: "R6", path: "proactive.licensing.change", printed: -7, computed: -5 }]);
  });

  it("T1 compares the narrative's application count with the table", () => {
    const r = validTable();
    r.sections = [{ heading: "一、总体情况", text: "全年共收到政府信息公开申请3件。" }];
    expect(rule("T1").check(r)).toEqual([]);
    r.sections = [{ heading: "一、总体情况", text: "全年共收到政府信息公开申请5件。" }];
    expect(rule("T1").check(r)).toMatchObject([{ rule: "T1", printed: 5, computed: 3 }]);
  });

  it("T1 holds for the seed, whose narrative quotes its 7 applications", async () => {
    const { report } = await parseInput(fixture("2020-liaocheng-yingjiju").content, { fileName: "seed.txt" });
    expect(report.diagnostics.filter((d) => d.rule === "T1")).toEqual([]);
    expect(report.sections[1].text).toMatch(/共收到依申请公开事项 7 项/);
  });

  it("X1–X3 compare with the year before", () => {
    expect(CROSS_YEAR_RULES.map((r) => r.id)).toEqual(["X1", "X2", "X3"]);
    const prev = validTable();
    prev.year = 2022;
    setPath(prev as any, "proactive.normativeDocuments.inForce", 10);
    const cur = validTable();
    cur.year = 2023;
    setPath(cur as any, "proactive.normativeDocuments.issued", 2);
    setPath(cur as any, "proactive.normativeDocuments.repealed", 1);
    setPath(cur as any, "proactive.normativeDocuments.inForce", 11);
    expect(checkAgainstPreviousYear(cur, prev).filter((d) => d.rule === "X3")).toEqual([]);
    setPath(cur as any, "proactive.normativeDocuments.inForce", 12);
    // carriedOver.natural of 2023 (1) = carriedForward.natural of 2022 (1): X1 holds.
    expect(checkAgainstPreviousYear(cur, prev).map((d) => `${d.rule}:${d.printed}:${d.computed}`)).toEqual(["X3:12:11"]);
    setPath(cur as any, "applications.carriedOver.natural", 3);
    expect(checkAgainstPreviousYear(cur, prev).map((d) => d.rule)).toContain("X1");
    cur.year = 2025;
    expect(checkAgainstPreviousYear(cur, prev)).toEqual([]);
  });
});

describe("aggregate rules", () => {
  const x4 = AGGREGATE_RULES.find((r) => r.id === "X4")!;
  /** The region's reports: the valid table twice. */
  const computed = () => summedTree([1, 2].map((id) => ({ format: "2021" as const, values: reportToFigures(validTable(), id) })));
  /** The region's aggregate report, printing twice every section 三/四 cell of the valid table. */
  const aggregate = () => {
    const r = validTable();
    r.isAggregate = true;
    for (const { cell, value } of cellValues(r)) if (cell.section !== "proactive" && value != null) setPath(r as unknown as Tree, cell.path, 2 * value);
    return r;
  };

  it("X4 is registered", () => {
    expect(AGGREGATE_RULES.map((r) => r.id)).toEqual(["X4"]);
  });

  it("X4 passes an aggregate that prints the sum and flags each cell that differs, printed vs computed", () => {
    const r = aggregate();
    expect(x4.check(r, computed())).toEqual([]);
    setPath(r as unknown as Tree, "reviewLitigation.review.maintained", 5);
    expect(x4.check(r, computed())).toMatchObject([{ rule: "X4", severity: "warning", path: "reviewLitigation.review.maintained", printed: 5, computed: 4 }]);
    // The valid table alone against the sum of two: every non-zero cell differs.
    expect(x4.check(validTable(), computed()).map((d) => `${d.path}:${d.printed}:${d.computed}`)).toContain("applications.newReceived.total:3:6");
  });

  it("X4 judges readable figures only", () => {
    const r = aggregate();
    setPath(r as unknown as Tree, "applications.newReceived.total", null);
    expect(x4.check(r, computed())).toEqual([]);
  });
});
