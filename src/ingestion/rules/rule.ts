import { APPLICANT_COLUMNS, APPLICATION_ROWS, Template } from "../../domain/cells";
import { CanonicalReport, Diagnostic, getPath } from "../../domain/report-json";
import type { SectionTrees } from "../../domain/summed-tree";

/** A consistency rule on one report: returns its findings, never repairs anything. */
export interface ReportRule {
  id: string;
  description: string;
  check(report: CanonicalReport): Diagnostic[];
}

/** A rule comparing a report with the same agency's report of the year before. */
export interface CrossYearRule {
  id: string;
  description: string;
  check(current: CanonicalReport, previous: CanonicalReport): Diagnostic[];
}

/** A rule comparing a region's own aggregate report with the sum of the region's reports. */
export interface AggregateRule {
  id: string;
  description: string;
  check(reported: SectionTrees, computed: SectionTrees): Diagnostic[];
}

export const num = (report: unknown, path: string): number | null => {
  const v = getPath(report, path);
  return typeof v === "number" ? v : null;
};

/** Section 三 rows that apply to a template (the （六） row differs). */
export function applicationRows(format: Template) {
  return APPLICATION_ROWS.filter((r) => r.scope === "both" || r.scope === format);
}

export const OUTCOME_ROWS = (format: Template) => applicationRows(format).filter((r) => r.path.startsWith("outcomes.") && r.path !== "outcomes.total");

export const COLUMN_KEYS = APPLICANT_COLUMNS.map((c) => c.key);

/** Sum of the given paths, or null when any is unreadable. */
export function sum(report: unknown, paths: string[]): number | null {
  let total = 0;
  for (const p of paths) {
    const v = num(report, p);
    if (v == null) return null;
    total += v;
  }
  return total;
}
