/**
 * Figures summed over reports of both templates, and the one place that knows how （六）其他处理
 * combines them: the 2019 template prints one row, the 2021 template three reason rows (逾期不补正,
 * 逾期不缴费, 其他原因) whose sum is that row.
 */
import { APPLICANT_COLUMNS, CELLS, cellFor, Template } from "./cells";
import { setKeys, Tree } from "./report-json";

/** Figures of one report, or summed over reports of one template: catalogue column → stored value. */
export interface TemplateFigures {
  format: Template;
  values: Record<string, unknown>;
}

/** Sections 三 and 四 as trees (a canonical report and a figures tree both have this shape). */
export interface SectionTrees {
  applications: Tree;
  reviewLitigation: Tree;
}

/** The 2021 reason rows of （六）, in the order the template prints them. */
export const OTHER_REASONS = ["overdueCorrection", "overdueFee", "otherReasons"] as const;

const OTHER_2019 = APPLICANT_COLUMNS.map((c) => cellFor(`applications.outcomes.other.${c.key}`, "2019")!);
const OTHER_2021 = OTHER_REASONS.map((row) => APPLICANT_COLUMNS.map((c) => cellFor(`applications.outcomes.other.${row}.${c.key}`, "2021")!));
const OTHER_COLUMNS = [...OTHER_2019, ...OTHER_2021.flat()].map((c) => c.column);

const stored = (v: unknown): number | null => (v == null ? null : Number(v));

/**
 * The （六）其他处理 node of section 三 over figures of one or more templates. Per applicant column:
 * the 2019 row plus the three 2021 reason rows, null when any of them is unreadable (legacy figures
 * add nothing). The reasons themselves are the 2021 figures' (summed), or null when none is 2021.
 */
export function otherProcessing(parts: TemplateFigures[]): Tree {
  const with2021 = parts.filter((p) => p.format === "2021");
  const other: Tree = {};
  OTHER_REASONS.forEach((reason, i) => {
    other[reason] = with2021.length
      ? Object.fromEntries(OTHER_2021[i].map((cell, j) => [APPLICANT_COLUMNS[j].key, sumOf(with2021.map((p) => stored(p.values[cell.column])))]))
      : null;
  });
  APPLICANT_COLUMNS.forEach(({ key }, j) => {
    const terms = parts.flatMap((p) =>
      p.format === "2019" ? [stored(p.values[OTHER_2019[j].column])] : p.format === "2021" ? OTHER_2021.map((row) => stored(p.values[row[j].column])) : []);
    other[key] = sumOf(terms);
  });
  return other;
}

function sumOf(terms: Array<number | null>): number | null {
  let total = 0;
  for (const t of terms) {
    if (t == null) return null;
    total += t;
  }
  return total;
}

const SUMMED_CELLS = CELLS.filter((c) => c.scope === "both" && c.section !== "proactive");

/** Per list of columns (each parsed selection keeps its own): the summed cells among them, and whether （六） is. */
const subsets = new WeakMap<readonly string[], { cells: typeof SUMMED_CELLS; other: boolean }>();

function subsetOf(columns: readonly string[]): { cells: typeof SUMMED_CELLS; other: boolean } {
  let found = subsets.get(columns);
  if (!found) {
    const set = new Set(columns);
    subsets.set(columns, (found = { cells: SUMMED_CELLS.filter((c) => set.has(c.column)), other: OTHER_COLUMNS.some((c) => set.has(c)) }));
  }
  return found;
}

/**
 * Sections 三 and 四 summed over figures of any templates (region statistics: one part per template).
 * Unreadable cells count as 0 here — the caller reports how many summed reports were incomplete —
 * and （六） is combined by `otherProcessing`. `columns`: only the cells of these columns (the parts
 * hold no others; region-columns.ts), so the tree has the paths a selection reads and no more —
 * a dashboard tile's sums build 2 of its ~200 nodes.
 */
export function summedTree(parts: TemplateFigures[], columns: readonly string[] | null = null): SectionTrees {
  const subset = columns ? subsetOf(columns) : null;
  const tree: Tree = { applications: {}, reviewLitigation: {} };
  for (const cell of subset?.cells ?? SUMMED_CELLS) {
    let sum = 0;
    for (const p of parts) sum += Number(p.values[cell.column] ?? 0);
    setKeys(tree, cell.keys, sum);
  }
  if (!subset || subset.other) {
    const counted = parts.map((p) => ({ format: p.format, values: Object.fromEntries(OTHER_COLUMNS.map((c) => [c, Number(p.values[c] ?? 0)])) }));
    const applications = tree.applications as Tree;
    ((applications.outcomes ??= {}) as Tree).other = otherProcessing(counted);
  }
  return tree as unknown as SectionTrees;
}
