import { emptyReport, setPath } from "../../src/domain/report-json";
import { reportToFigures } from "../../src/domain/figures";
import { metricsOf } from "../../src/domain/metric-set";
import { isTemplateSpecific, measureColumns, measureOf, measureValue, templatesOf } from "../../src/domain/measures";
import { tierOf, tierSql, tiersFrom } from "../../src/domain/metrics";

/** A 2021 report: 3 granted + 1 partially of 8 handled; 4 new (natural 3, legal 1), 2 carried over, 3 carried forward. */
function report() {
  const r = emptyReport("2021");
  const set = (p: string, v: number | null) => setPath(r as any, p, v);
  set("applications.outcomes.granted.total", 3);
  set("applications.outcomes.partiallyGranted.total", 1);
  set("applications.outcomes.denied.stateSecret.total", 4);
  set("applications.outcomes.total.total", 8);
  set("applications.newReceived.natural", 3);
  set("applications.newReceived.legal", 1);
  set("applications.newReceived.total", 4);
  set("applications.carriedOver.total", 2);
  set("applications.carriedForward.total", 3);
  set("proactive.fees.amountWanYuan", 2.5);
  return r;
}

describe("metricsOf", () => {
  it("computes each metric from numerator and denominator", () => {
    const m = metricsOf([{ format: "2021", values: reportToFigures(report(), 1) }]);
    expect(m.disclosureRate).toEqual({ numerator: 4, denominator: 8, value: 0.5 });
    expect(m.fullDisclosureRate).toEqual({ numerator: 3, denominator: 8, value: 0.375 });
    expect(m.denialRate).toEqual({ numerator: 4, denominator: 8, value: 0.5 });
    expect(m.backlogRate).toEqual({ numerator: 3, denominator: 6, value: 0.5 });
    expect(m.reviewCorrectionRate).toEqual({ numerator: 0, denominator: 0, value: null });
    expect(m.applicantMix.find((s) => s.path === "applications.newReceived.natural")?.share).toEqual({ numerator: 3, denominator: 4, value: 0.75 });
    expect(m.reasonMix.find((s) => s.path === "applications.outcomes.denied.stateSecret.total")?.share.value).toBe(1);
  });

  it("sums numerators and denominators over parts (never averages ratios), and reads nothing until asked", () => {
    const a = reportToFigures(report(), 1);
    const b = { ...reportToFigures(report(), 2) };
    const granted = Object.keys(a).find((k) => k.endsWith("o_granted_total"))!;
    const total = Object.keys(a).find((k) => k.endsWith("o_total_total"))!;
    b[granted] = 0;
    b[total] = 2;
    let reads = 0;
    const counting = new Proxy(b, { get: (t, k) => (reads++, (t as any)[k]) });
    const m = metricsOf([{ format: "2021", values: a }, { format: "2021", values: counting }]);
    expect(reads).toBe(0);
    expect(m.fullDisclosureRate).toEqual({ numerator: 3, denominator: 10, value: 0.3 });
    expect(reads).toBeGreaterThan(0);
  });

  it("is null where a needed cell is unreadable", () => {
    const r = report();
    setPath(r as any, "applications.outcomes.granted.total", null);
    expect(metricsOf([{ format: "2021", values: reportToFigures(r, 1) }]).disclosureRate.value).toBeNull();
  });
});

describe("measures", () => {
  it("names a metric or a cell path, or nothing", () => {
    expect(measureOf("DISCLOSURE_RATE")).toMatchObject({ kind: "metric", metric: { id: "DISCLOSURE_RATE" } });
    expect(measureOf("applications.newReceived.total")).toMatchObject({ kind: "cell", cells: [{ scope: "both" }] });
    expect(measureOf("applications.nowhere")).toBeNull();
  });

  it("a section 二 path is one cell per template; a template keeps one", () => {
    const both = measureOf("proactive.licensing.decisions")!;
    expect(both.kind === "cell" && both.cells.map((c) => c.scope)).toEqual(["2019", "2021"]);
    expect(isTemplateSpecific(both)).toBe(true);
    expect(templatesOf(both)).toEqual(["2019", "2021"]);
    const only = measureOf("proactive.licensing.decisions", "2021")!;
    expect(only.kind === "cell" && only.cells.map((c) => c.scope)).toEqual(["2021"]);
    expect(templatesOf(measureOf("DISCLOSURE_RATE")!, "2019")).toEqual(["2019"]);
    expect(templatesOf(measureOf("DISCLOSURE_RATE")!)).toBeNull();
  });

  it("values a money cell in its printed unit and reads only the columns it needs", () => {
    const m = measureOf("proactive.fees.amountWanYuan")!;
    expect(measureColumns(m)).toHaveLength(1);
    expect(measureValue(m, [{ format: "2021", values: reportToFigures(report(), 1) }])).toEqual({ numerator: 2.5, denominator: null, value: 2.5 });
    expect(measureValue(m, [{ format: "2019", values: {} }])).toEqual({ numerator: null, denominator: null, value: null });
    expect(measureColumns(measureOf("BACKLOG_RATE")!)).toHaveLength(3);
  });
});

describe("sample tiers", () => {
  it("puts a denominator on the largest step not above it, and a threshold reads its own tier and every higher one", () => {
    expect([1, 2, 3, 4, 5, 9, 10, 19, 20, 49, 50, 99, 100, 5000].map(tierOf)).toEqual([1, 2, 3, 3, 5, 5, 10, 10, 20, 20, 50, 50, 100, 100]);
    expect(tiersFrom(1)).toEqual([1, 2, 3, 5, 10, 20, 50, 100]);
    expect(tiersFrom(5)).toEqual([5, 10, 20, 50, 100]);
    // 7 is inside tier 5: that tier is read with the denominator filter, the ones above whole.
    expect(tiersFrom(7)).toEqual([5, 10, 20, 50, 100]);
    expect(tiersFrom(1000)).toEqual([100]);
    expect(tiersFrom(0)).toEqual(tiersFrom(1));
  });

  it("computes the same tier in SQL as in code", () => {
    const Database = require("better-sqlite3");
    const db = new Database(":memory:");
    const ds = [1, 2, 3, 4, 5, 6, 10, 11, 20, 21, 50, 51, 100, 101, 99999];
    const rows = db.prepare(`SELECT ${ds.map((d) => `${tierSql(String(d))} AS t${d}`).join(", ")}`).get();
    expect(ds.map((d) => rows[`t${d}`])).toEqual(ds.map(tierOf));
    db.close();
  });
});
