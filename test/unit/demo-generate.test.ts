import { buildProvince, GeneratedReport, SIZES } from "../../src/demo/generate";
import { checkAgainstPreviousYear } from "../../src/ingestion/rules";

/**
 * The generated province keeps its registers across years like a real agency would: a unit's item
 * counts (X2, 2019 template) and documents in force (X3, 2021 template) follow from last year's, so
 * cross-year findings in the demo come from its deliberate perturbations and from aggregates whose
 * set of reporting units changed, not from noise.
 */
describe("the generated province across years", () => {
  const reports = [...buildProvince(SIZES.tiny).reports()];
  const byKey = new Map(reports.map((g) => [`${g.agencyKey}:${g.year}`, g]));
  const pairs = reports
    .filter((g) => !g.report.isAggregate)
    .map((g) => [g, byKey.get(`${g.agencyKey}:${g.year - 1}`)] as const)
    .filter((p): p is readonly [GeneratedReport, GeneratedReport] => p[1] !== undefined && p[0].report.format === p[1].report.format);

  it("has consecutive unit reports in both templates to compare", () => {
    expect(pairs.filter(([g]) => g.report.format === "2019").length).toBeGreaterThan(20);
    expect(pairs.filter(([g]) => g.report.format === "2021").length).toBeGreaterThan(80);
  });

  it("carries item counts and documents in force from one year to the next", () => {
    const soft = pairs.flatMap(([cur, prev]) => checkAgainstPreviousYear(cur.report, prev.report)).filter((d) => d.rule === "X2" || d.rule === "X3");
    expect(soft).toEqual([]);
  });
});
