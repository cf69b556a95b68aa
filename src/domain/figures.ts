/**
 * Moves a report's cells between the canonical JSON, the wide report_figures row and the GraphQL
 * tree. Money is stored in 分 and leaves as an exact decimal string.
 */
import { cellsOf, Template } from "./cells";
import { otherProcessing } from "./summed-tree";
import { CanonicalReport, cellValues, formatMoney, setKeys, toStoredInteger, Tree } from "./report-json";
/** One report_figures row: the report id and one stored integer (or null) per catalogue column. */
export type FiguresRow = { reportId: number } & Record<string, number | null>;

export function reportToFigures(report: CanonicalReport, reportId: number): FiguresRow {
  const row: FiguresRow = { reportId };
  for (const { cell, value } of cellValues(report)) row[cell.column] = value == null ? null : toStoredInteger(cell, value);
  return row;
}

export interface FiguresTree {
  proactive: Tree;
  applications: Tree;
  reviewLitigation: Tree;
}

/**
 * The nested figures of a stored report. Money leaves as an exact decimal string for the API, or as
 * a number (`numericMoney`) where the canonical JSON is rebuilt for the rules.
 */
export function figuresToTree(format: Template, row: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}, numericMoney = false): FiguresTree {
  const tree: Tree = { proactive: {}, applications: {}, reviewLitigation: {} };
  for (const cell of cellsOf(format)) {
    const raw = row?.[cell.column];
    const stored = raw == null ? null : Number(raw);
    setKeys(tree, cell.keys, stored == null ? null : cell.kind === "money" ? (numericMoney ? stored / cell.scale : formatMoney(cell, stored)) : stored);
  }
  const outcomes = (tree.applications as Tree).outcomes as Tree | undefined;
  if (outcomes?.other) outcomes.other = otherProcessing([{ format, values: row ?? {} }]);
  if (format === "2019") {
    const procurement = (tree.proactive as Tree).procurement as Tree;
    procurement.totalAmountRaw = (extra.totalAmountRaw as string | undefined) ?? (procurement.totalAmount);
  }
  return tree as unknown as FiguresTree;
}
