import { emptyReport, setPath } from "../../src/domain/report-json";
import { reportToFigures } from "../../src/domain/figures";
import { summedTree } from "../../src/domain/summed-tree";
import { AGGREGATE_CHECK_PATHS, aggregateDifferences } from "../../src/domain/aggregate-check";

/** Two reports (one per template) and the aggregate that prints their sum. */
function region() {
  const a = emptyReport("2019");
  setPath(a as any, "applications.newReceived.natural", 2);
  setPath(a as any, "reviewLitigation.review.maintained", 1);
  const b = emptyReport("2021");
  setPath(b as any, "applications.newReceived.natural", 5);
  const aggregate = emptyReport("2021");
  aggregate.isAggregate = true;
  setPath(aggregate as any, "applications.newReceived.natural", 7);
  setPath(aggregate as any, "reviewLitigation.review.maintained", 1);
  const computed = summedTree([{ format: "2019", values: reportToFigures(a, 1) }, { format: "2021", values: reportToFigures(b, 2) }]);
  return { aggregate, computed };
}

describe("X4 comparison", () => {
  it("covers sections 三 and 四 common to both templates only", () => {
    expect(AGGREGATE_CHECK_PATHS).toContain("applications.newReceived.natural");
    expect(AGGREGATE_CHECK_PATHS).toContain("reviewLitigation.litigationAfterReview.total");
    expect(AGGREGATE_CHECK_PATHS.some((p) => p.startsWith("proactive.") || p.startsWith("applications.outcomes.other."))).toBe(false);
  });

  it("finds nothing when the aggregate prints the sum, and each cell that differs", () => {
    const { aggregate, computed } = region();
    expect(aggregateDifferences(aggregate, computed)).toEqual([]);
    setPath(aggregate as any, "applications.newReceived.natural", 9);
    setPath(aggregate as any, "reviewLitigation.review.maintained", null);
    expect(aggregateDifferences(aggregate, computed)).toEqual([
      { path: "applications.newReceived.natural", reported: 9, computed: 7, difference: 2 },
      { path: "reviewLitigation.review.maintained", reported: null, computed: 1, difference: null },
    ]);
  });
});
