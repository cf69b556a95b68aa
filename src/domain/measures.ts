/**
 * What clients measure: a cell path (`applications.newReceived.total`) or a metric id
 * (`DISCLOSURE_RATE`), and the value of either over one report's or summed figures.
 */
import { CELLS, cellFor, CellDef } from "./cells";
import { evaluate, METRIC_BY_ID, MetricDef, Ratio } from "./metrics";
import type { TemplateFigures } from "./summed-tree";

export type Measure = { kind: "cell"; path: string; cells: CellDef[] } | { kind: "metric"; metric: MetricDef };

/** The metric ids a client is told about (shares are reached through reasonMix and applicantMix). */
export const METRIC_IDS = [...METRIC_BY_ID.keys()].filter((k) => !k.startsWith("SHARE"));

/**
 * The measure a name denotes, or null. A section 二 path exists once per template; `template`
 * keeps only its cell.
 */
export function measureOf(name: string, template?: string | null): Measure | null {
  const metric = METRIC_BY_ID.get(name);
  if (metric) return { kind: "metric", metric };
  const cells = CELLS.filter((c) => c.path === name && (!template || c.scope === "both" || c.scope === template));
  return cells.length ? { kind: "cell", path: name, cells } : null;
}

/** A section 二 cell: its figure means something else in each template, so templates never mix. */
export function isTemplateSpecific(m: Measure): boolean {
  return m.kind === "cell" && m.cells.every((c) => c.scope !== "both");
}

/** The templates whose reports a measure reads: a section 二 cell's own, else `template` (null: all). */
export function templatesOf(m: Measure, template?: string | null): string[] | null {
  if (m.kind === "cell" && isTemplateSpecific(m)) return [...new Set(m.cells.map((c) => c.scope))];
  return template ? [template] : null;
}

/** The catalogue columns a measure reads (a metric's terms in both templates). */
export function measureColumns(m: Measure): string[] {
  if (m.kind === "cell") return m.cells.map((c) => c.column);
  const out = new Set<string>();
  for (const [path] of [...m.metric.numerator, ...m.metric.denominator]) {
    for (const f of ["2019", "2021"] as const) {
      const cell = cellFor(path, f);
      if (cell) out.add(cell.column);
    }
  }
  return [...out];
}

/** 分 per unit of a money cell; 1 for counts and metrics. */
export function moneyScale(m: Measure): number {
  return m.kind === "cell" && m.cells[0].kind === "money" ? m.cells[0].scale : 1;
}

/**
 * A measure's value over one report's or summed figures: a metric as Σ numerator / Σ denominator, a
 * cell as its sum (money in the printed unit); null when a needed cell is unreadable.
 */
export function measureValue(m: Measure, parts: TemplateFigures[]): Ratio {
  if (m.kind === "metric") return evaluate(m.metric, parts);
  let total = 0;
  let any = false;
  for (const part of parts) {
    const cell = m.cells.find((c) => c.scope === "both" || c.scope === part.format);
    if (!cell) continue;
    const v = part.values[cell.column];
    if (v == null) return { numerator: null, denominator: null, value: null };
    total += Number(v) / (cell.kind === "money" ? cell.scale : 1);
    any = true;
  }
  return { numerator: any ? total : null, denominator: null, value: any ? total : null };
}
