/** Every consistency rule, registered once. The checker runs them in this order. */
import type { CanonicalReport, Diagnostic } from "../../domain/report-json";
import type { AggregateRule, CrossYearRule, ReportRule } from "./rule";
import { R1 } from "./r1-carry-balance";
import { R2 } from "./r2-row-total";
import { R3 } from "./r3-outcome-total";
import { R4 } from "./r4-review-total";
import { R5 } from "./r5-non-negative";
import { R6 } from "./r6-item-balance";
import { X1 } from "./x1-carry-over";
import { X2 } from "./x2-item-register";
import { X3 } from "./x3-documents-in-force";
import { T1 } from "./t1-narrative";
import { X4 } from "./x4-aggregate";

export const REPORT_RULES: ReportRule[] = [R1, R2, R3, R4, R5, R6, T1];
export const CROSS_YEAR_RULES: CrossYearRule[] = [X1, X2, X3];
export const AGGREGATE_RULES: AggregateRule[] = [X4];

export function checkReport(report: CanonicalReport): Diagnostic[] {
  return REPORT_RULES.flatMap((rule) => rule.check(report));
}

export function checkAgainstPreviousYear(current: CanonicalReport, previous: CanonicalReport): Diagnostic[] {
  if (previous.year == null || current.year == null || previous.year !== current.year - 1) return [];
  return CROSS_YEAR_RULES.flatMap((rule) => rule.check(current, previous));
}
