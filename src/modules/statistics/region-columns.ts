/**
 * The catalogue columns a regionStatistics answer reads, from the fields it selects: a dashboard
 * that asks for 本年新收 and the disclosure rate sums those columns of stat_summary, not all 229 of
 * them (on MariaDB the sum of every column took 0.42 ms, of a few 0.21 ms — bench/results/…).
 *
 * The rule is a superset of what the resolvers read, and falls back to every column whenever a field
 * is not one it knows:
 * - a field under `applications` or `reviewLitigation`: every cell under the object that holds it
 *   (`applications.newReceived.total` sums all of 本年新收's columns; `applications.outcomes.other.total`
 *   all of （六）其他处理's 2019 row and 2021 reason rows, which summedTree combines into it);
 * - a field of `metrics`: the columns of that metric's terms in every template (reasonMix and
 *   applicantMix: those of their shares);
 * - `proactive`: every section 二 column; `aggregateComparison` (X4 compares every cell): all;
 * - `region`, `year`, `includeSubregions`, `coverage`, `downloads` (links): none (the report counts
 *   are always summed).
 */
import { CELLS, cellFor, type Template } from "../../domain/cells";
import { METRICS, shareMetrics, type MetricDef } from "../../domain/metrics";
import { METRIC_FIELDS, type MetricSet } from "../../domain/metric-set";

const TEMPLATES: Template[] = ["2019", "2021", "legacy"];

function metricColumns(defs: MetricDef[]): string[] {
  const out = new Set<string>();
  for (const m of defs) {
    for (const [path] of [...m.numerator, ...m.denominator]) {
      for (const t of TEMPLATES) {
        const cell = cellFor(path, t);
        if (cell) out.add(cell.column);
      }
    }
  }
  return [...out];
}

/** Columns of each field of `metrics`, as metricsOf computes it. */
const METRIC_COLUMNS = new Map<string, string[]>([
  ...METRICS.map((m) => [METRIC_FIELDS[m.id], metricColumns([m])] as [keyof MetricSet, string[]]),
  ["reasonMix", metricColumns(shareMetrics().filter((m) => m.numerator[0][0].startsWith("applications.outcomes.")))],
  ["applicantMix", metricColumns(shareMetrics().filter((m) => m.numerator[0][0].startsWith("applications.newReceived.")))],
]);

const PROACTIVE_COLUMNS = CELLS.filter((c) => c.section === "proactive").map((c) => c.column);

/** Fields of RegionStatistics that read no catalogue column. */
const NO_COLUMNS = new Set(["region", "year", "includeSubregions", "coverage", "downloads"]);

/** The columns of the cells under each object path (`applications.newReceived` → its 7), for every object of the catalogue. */
const UNDER = new Map<string, string[]>();
for (const cell of CELLS) {
  for (let i = 1; i < cell.keys.length; i++) {
    const prefix = cell.keys.slice(0, i).join(".");
    (UNDER.get(prefix) ?? UNDER.set(prefix, []).get(prefix)!).push(cell.column);
  }
}

/** The columns the selected paths read (see above), or null for every column. */
export function columnsRead(paths: ReadonlySet<string>): string[] | null {
  const out = new Set<string>();
  const parents = new Set([...paths].map((p) => p.slice(0, Math.max(0, p.lastIndexOf(".")))));
  for (const path of paths) {
    const keys = path.split(".");
    const top = keys[0];
    if (NO_COLUMNS.has(top)) continue;
    if (top === "proactive") {
      PROACTIVE_COLUMNS.forEach((c) => out.add(c));
    } else if (top === "metrics") {
      if (keys.length === 1) continue;
      const columns = METRIC_COLUMNS.get(keys[1]);
      if (!columns) return null;
      columns.forEach((c) => out.add(c));
    } else if (top === "applications" || top === "reviewLitigation") {
      // Objects are covered by the fields selected below them; a field is a leaf when no selected path goes on from it.
      if (keys.length === 1 || parents.has(path)) continue;
      const columns = UNDER.get(keys.slice(0, -1).join("."));
      if (!columns) return null;
      columns.forEach((c) => out.add(c));
    } else {
      return null;
    }
  }
  return [...out];
}
