import { measureOf } from "../../src/domain/measures";
import { comparableWithPrevious, yearChanges, YearValue } from "../../src/domain/year-changes";

const cell = (v: number | null) => ({ numerator: v, denominator: null, value: v });
const at = (year: number, value: number | null, template: "2019" | "2021" | null = "2021"): YearValue =>
  ({ year, value: template == null ? null : cell(value), template });

describe("year-to-year changes", () => {
  const newReceived = measureOf("applications.newReceived.total")!;
  const licensing = measureOf("proactive.licensing.decisions")!;

  it("computes absolute and relative change between comparable years", () => {
    expect(yearChanges(newReceived, "applications.newReceived.total", [at(2022, 5), at(2023, 8), at(2024, 0), at(2025, 4)])).toEqual([
      { fromYear: 2022, toYear: 2023, comparable: true, reason: null, absolute: 3, relative: 0.6 },
      { fromYear: 2023, toYear: 2024, comparable: true, reason: null, absolute: -8, relative: -1 },
      { fromYear: 2024, toYear: 2025, comparable: true, reason: null, absolute: 4, relative: null },
    ]);
  });

  it("says why a change is not comparable", () => {
    const reasons = (m = newReceived, name = "applications.newReceived.total", values: YearValue[]) => yearChanges(m, name, values).map((c) => c.comparable ? null : c.reason);
    expect(reasons(newReceived, "x", [at(2020, 5), at(2021, null, null), at(2022, 3)])).toEqual(["no report for 2021", "no report for 2021"]);
    expect(reasons(newReceived, "x", [at(2022, null), at(2023, 3)])).toEqual(["a value is unreadable or undefined (denominator 0)"]);
    // Section 二 cells mean something else in each template; cells common to both compare across it.
    expect(reasons(licensing, "proactive.licensing.decisions", [at(2020, 5, "2019"), at(2021, 7, "2021")]))
      .toEqual(["template changed from 2019 to 2021: section 二 figures are not comparable"]);
    expect(reasons(newReceived, "x", [at(2020, 5, "2019"), at(2021, 7, "2021")])).toEqual([null]);
    const only2019 = measureOf("proactive.licensing.decisions", "2019")!;
    expect(reasons(only2019, "proactive.licensing.decisions", [at(2022, 5, "2021"), at(2023, 7, "2021")]))
      .toEqual(["proactive.licensing.decisions does not exist in the 2021 template"]);
  });

  it("a trend point compares with the one before when both have reports and a section 二 cell kept its templates", () => {
    const p = (reportCount: number, ...formats: string[]) => ({ reportCount, formats });
    expect(comparableWithPrevious(newReceived, undefined, p(3, "2021"))).toBe(false);
    expect(comparableWithPrevious(newReceived, p(3, "2019"), p(4, "2019", "2021"))).toBe(true);
    expect(comparableWithPrevious(newReceived, p(0), p(4, "2021"))).toBe(false);
    expect(comparableWithPrevious(licensing, p(3, "2019"), p(4, "2019", "2021"))).toBe(false);
    expect(comparableWithPrevious(licensing, p(3, "2021"), p(4, "2021"))).toBe(true);
  });
});
