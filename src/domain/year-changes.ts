/**
 * Whether two years of a measure mean the same thing, and how much it changed. A change is only
 * computed between comparable values: both years reported, both values readable, and for a section
 * 二 cell the same template (its figures mean something else in the 2019 and 2021 templates).
 */
import type { Template } from "./cells";
import type { Ratio } from "./metrics";
import { isTemplateSpecific, Measure } from "./measures";

/** A measure's value in one year: template null when there is no report that year. */
export interface YearValue {
  year: number;
  value: Ratio | null;
  template: Template | null;
}

export interface YearChange {
  fromYear: number;
  toYear: number;
  comparable: boolean;
  /** Why the two years are not comparable (null when they are). */
  reason: string | null;
  absolute: number | null;
  /** absolute / |from| (null when from is 0 or not comparable). */
  relative: number | null;
}

/** Why `prev` → `cur` of measure `m` (named `name`) is not comparable, or null when it is. */
export function incomparability(m: Measure, name: string, prev: YearValue, cur: YearValue): string | null {
  if (prev.template == null || cur.template == null) return `no report for ${prev.template == null ? prev.year : cur.year}`;
  if (prev.value?.value == null || cur.value?.value == null) return "a value is unreadable or undefined (denominator 0)";
  if (isTemplateSpecific(m) && prev.template !== cur.template) return `template changed from ${prev.template} to ${cur.template}: section 二 figures are not comparable`;
  if (m.kind === "cell" && !m.cells.some((c) => c.scope === "both" || c.scope === cur.template)) return `${name} does not exist in the ${cur.template} template`;
  return null;
}

/** The change between each consecutive pair of `values` (ordered by year). */
export function yearChanges(m: Measure, name: string, values: YearValue[]): YearChange[] {
  return values.slice(1).map((cur, k) => {
    const prev = values[k];
    const reason = incomparability(m, name, prev, cur);
    const a = prev.value?.value as number;
    const b = cur.value?.value as number;
    const comparable = reason == null;
    return {
      fromYear: prev.year, toYear: cur.year, comparable, reason,
      absolute: comparable ? b - a : null,
      relative: comparable && a !== 0 ? (b - a) / Math.abs(a) : null,
    };
  });
}

/** A trend point: the templates of the reports behind it. */
export interface TrendCoverage {
  reportCount: number;
  formats: string[];
}

/** Whether a trend point means the same as the one before: both have reports, and a section 二 cell kept its templates. */
export function comparableWithPrevious(m: Measure, prev: TrendCoverage | undefined, cur: TrendCoverage): boolean {
  return !!prev && prev.reportCount > 0 && cur.reportCount > 0 && (!isTemplateSpecific(m) || prev.formats.join() === cur.formats.join());
}
