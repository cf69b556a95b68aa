/**
 * Whether a new revision looks like a damaged copy of the current one (a truncated download, a page
 * saved half-loaded): then it is stored but not made current without `force`, so a partial copy can
 * never silently replace a complete report.
 */
import { cellsOf, Template } from "../domain/cells";
import { CanonicalReport, getPath } from "../domain/report-json";

type Section = "proactive" | "applications" | "reviewLitigation";
const SECTIONS: Section[] = ["proactive", "applications", "reviewLitigation"];
const NAMES: Record<Section, string> = { proactive: "section 二 (proactive disclosure)", applications: "section 三 (applications)", reviewLitigation: "section 四 (review and litigation)" };

function readable(format: Template, valueOf: (column: string, path: string) => unknown): Record<Section, number> {
  const out: Record<Section, number> = { proactive: 0, applications: 0, reviewLitigation: 0 };
  for (const cell of cellsOf(format)) {
    const v = valueOf(cell.column, cell.path);
    if (v != null && Number.isFinite(Number(v))) out[cell.section]++;
  }
  return out;
}

/**
 * Why `next` should not replace the current revision (its template and stored figures row), or
 * null when it may: the template fell to `legacy`, a table the current revision has is missing, or
 * fewer than half as many cells are readable.
 */
export function suspicionOf(current: { format: Template; figures: Record<string, unknown> | undefined }, next: CanonicalReport): string | null {
  if (current.format === "legacy") return null;
  if (next.format === "legacy") return `the template fell from ${current.format} to legacy (no statistics tables were read), where the current revision has them`;
  const before = readable(current.format, (column) => current.figures?.[column]);
  const after = readable(next.format, (_column, path) => getPath(next, path));
  for (const s of SECTIONS) {
    if (before[s] > 0 && after[s] === 0) return `${NAMES[s]} is missing: no readable cell, where the current revision has ${before[s]}`;
  }
  const total = (r: Record<Section, number>) => r.proactive + r.applications + r.reviewLitigation;
  if (total(after) * 2 < total(before)) return `only ${total(after)} readable cells, where the current revision has ${total(before)}`;
  return null;
}
