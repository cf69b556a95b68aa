import { emptyReport, getPath, setPath, CanonicalReport } from "../../src/domain/report-json";
import { figuresToTree, reportToFigures } from "../../src/domain/figures";
import { otherProcessing, summedTree, TemplateFigures } from "../../src/domain/summed-tree";

const figures = (r: CanonicalReport): TemplateFigures => ({ format: r.format, values: reportToFigures(r, 1) });

/** A 2019 report with （六） natural 2 and 2 new applications, and a 2021 one with its reasons 1 + 0 + 3. */
function reports() {
  const r19 = emptyReport("2019");
  setPath(r19 as any, "applications.outcomes.other.natural", 2);
  setPath(r19 as any, "applications.newReceived.total", 2);
  setPath(r19 as any, "reviewLitigation.review.total", 4);
  const r21 = emptyReport("2021");
  setPath(r21 as any, "applications.outcomes.other.overdueCorrection.natural", 1);
  setPath(r21 as any, "applications.outcomes.other.otherReasons.natural", 3);
  setPath(r21 as any, "applications.newReceived.total", 5);
  setPath(r21 as any, "reviewLitigation.review.total", 1);
  return { r19, r21 };
}

describe("（六）其他处理 across templates", () => {
  it("a 2021 report's row is the sum of its three reasons; unreadable reason → null total", () => {
    const { r21 } = reports();
    expect(otherProcessing([figures(r21)])).toMatchObject({ natural: 4, legal: 0, overdueCorrection: { natural: 1 }, otherReasons: { natural: 3 } });
    setPath(r21 as any, "applications.outcomes.other.overdueFee.natural", null);
    const other = otherProcessing([figures(r21)]);
    expect(other.natural).toBeNull();
    expect(other.legal).toBe(0);
  });

  it("a 2019 report keeps its one row and has no reasons", () => {
    const { r19 } = reports();
    expect(otherProcessing([figures(r19)])).toMatchObject({ natural: 2, total: 0, overdueCorrection: null, overdueFee: null, otherReasons: null });
  });

  it("figuresToTree uses the same combination (a stored report reads as the canonical one, plus its total)", () => {
    const { r19, r21 } = reports();
    expect(getPath(figuresToTree("2021", reportToFigures(r21, 1)), "applications.outcomes.other")).toEqual(otherProcessing([figures(r21)]));
    expect(getPath(figuresToTree("2019", reportToFigures(r19, 1)), "applications.outcomes.other.natural")).toBe(2);
    expect(getPath(figuresToTree("2019", undefined), "applications.outcomes.other.natural")).toBeNull();
  });
});

describe("summedTree", () => {
  it("adds the 2019 row to the 2021 reasons, keeps the 2021 reasons apart, and sums the common cells", () => {
    const { r19, r21 } = reports();
    const tree = summedTree([figures(r19), figures(r21)]);
    expect(getPath(tree, "applications.outcomes.other.natural")).toBe(6);
    expect(getPath(tree, "applications.outcomes.other.overdueCorrection.natural")).toBe(1);
    expect(getPath(tree, "applications.outcomes.other.otherReasons.natural")).toBe(3);
    expect(getPath(tree, "applications.newReceived.total")).toBe(7);
    expect(getPath(tree, "reviewLitigation.review.total")).toBe(5);
    expect(getPath(tree, "proactive")).toBeUndefined();
  });

  it("has no 2021 reasons without a 2021 part, and counts unreadable cells as 0", () => {
    const { r19 } = reports();
    setPath(r19 as any, "applications.newReceived.natural", null);
    const tree = summedTree([figures(r19)]);
    expect(getPath(tree, "applications.outcomes.other.overdueFee")).toBeNull();
    expect(getPath(tree, "applications.outcomes.other.natural")).toBe(2);
    expect(getPath(tree, "applications.newReceived.natural")).toBe(0);
    expect(getPath(summedTree([]), "applications.outcomes.other.total")).toBe(0);
  });
});
