import { cellFor, Template } from "../../domain/cells";
import { Diagnostic, toStoredInteger } from "../../domain/report-json";
import type { FindingRow } from "./finding.entity";

/** Rule ids stored as findings (R1–R6, X1–X3, T1); PARSE and AMBIGUOUS notes stay with the parse. */
export const isFindingRule = (rule: string) => /^[RXT]\d$/.test(rule);

/** The finding rows of a report's rule diagnostics; values are stored like the cell they name (money in 分). */
export function findingRows(reportId: number, format: Template, diagnostics: Diagnostic[]): Array<Omit<FindingRow, "id">> {
  return diagnostics.filter((d) => isFindingRule(d.rule)).map((d) => {
    const cell = d.path ? cellFor(d.path, format) : undefined;
    const stored = (v: number | null | undefined) => (v == null ? null : cell ? toStoredInteger(cell, v) : Math.round(v));
    return {
      reportId, rule: d.rule, severity: d.severity, path: d.path ?? null,
      paths: d.paths ?? (d.path ? [d.path] : []), printed: stored(d.printed), computed: stored(d.computed),
      message: d.message.slice(0, 1000),
    };
  });
}
