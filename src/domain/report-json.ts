/**
 * The canonical report JSON (docs/report-json.md) and the helpers that move between it and the flat
 * path → value form used by the checker and the database.
 */
import { cellsOf, CellDef, Template } from "./cells";

export type Severity = "error" | "warning" | "info";

export interface Diagnostic {
  rule: string;
  severity: Severity;
  path?: string;
  /** Further cells involved, when the finding spans several. */
  paths?: string[];
  printed?: number | null;
  computed?: number | null;
  message: string;
}

export interface NarrativeSection {
  heading: string;
  text: string;
}

export type Tree = { [key: string]: number | null | string | Tree };

export interface CanonicalReport {
  agency: string | null;
  year: number | null;
  format: Template;
  isAggregate: boolean;
  source?: string | null;
  proactive: Tree;
  applications: Tree;
  reviewLitigation: Tree;
  sections: NarrativeSection[];
  blankCells: string[];
  ambiguousCells: Record<string, string>;
  diagnostics: Diagnostic[];
  /** Region code (GB/T 2260) when known or resolved from the agency name. */
  regionCode?: string | null;
  /** Date of publication as printed at the end of the report (YYYY-MM-DD), when found. */
  publishedAt?: string | null;
}

const SPLIT = new Map<string, string[]>();
function keysOf(path: string): string[] {
  let keys = SPLIT.get(path);
  if (!keys) {
    keys = path.split(".");
    if (SPLIT.size < 10000) SPLIT.set(path, keys);
  }
  return keys;
}

export function getPath(tree: unknown, path: string): unknown {
  let cur: any = tree;
  for (const key of keysOf(path)) {
    if (cur == null || typeof cur !== "object") return undefined;
    cur = cur[key];
  }
  return cur;
}

export function setPath(tree: Tree, path: string, value: number | null | string): void {
  setKeys(tree, keysOf(path), value);
}

export function setKeys(tree: Tree, keys: string[], value: number | null | string): void {
  let cur: Tree = tree;
  for (const key of keys.slice(0, -1)) {
    if (cur[key] == null || typeof cur[key] !== "object") cur[key] = {};
    cur = cur[key] as Tree;
  }
  cur[keys[keys.length - 1]] = value;
}

/** A report of the given template with every cell present and 0, as the spec requires. */
export function emptyReport(format: Template): CanonicalReport {
  const report: CanonicalReport = {
    agency: null, year: null, format, isAggregate: false, source: null,
    proactive: {}, applications: {}, reviewLitigation: {},
    sections: [], blankCells: [], ambiguousCells: {}, diagnostics: [],
  };
  for (const cell of cellsOf(format)) setPath(report as unknown as Tree, cell.path, 0);
  if (format === "2019") setPath(report as unknown as Tree, "proactive.procurement.totalAmountRaw", "0");
  return report;
}

/** Every template cell of a report with its value (null where unreadable). */
export function cellValues(report: CanonicalReport): Array<{ cell: CellDef; value: number | null }> {
  return cellsOf(report.format).map((cell) => {
    const v = getPath(report, cell.path);
    return { cell, value: typeof v === "number" && Number.isFinite(v) ? v : null };
  });
}

/** Money as an exact integer number of 分; throws when the value has more precision than 分. */
export function toStoredInteger(cell: CellDef, value: number): number {
  if (cell.kind !== "money") return value;
  const scaled = Math.round(value * cell.scale);
  if (Math.abs(scaled - value * cell.scale) > 1e-6 * Math.max(1, Math.abs(scaled))) {
    throw new RangeError(`${cell.path}: ${value} has more precision than 0.01 元`);
  }
  return scaled;
}

/** Exact decimal text of a stored money value (e.g. 1690.9913 万元 → "1690.9913"). */
export function formatMoney(cell: CellDef, stored: number | bigint): string {
  const s = BigInt(stored);
  const neg = s < 0n;
  const abs = neg ? -s : s;
  const scale = BigInt(cell.scale);
  const whole = abs / scale;
  const frac = (abs % scale).toString().padStart(String(cell.scale).length - 1, "0").replace(/0+$/, "");
  return `${neg ? "-" : ""}${whole}${frac ? "." + frac : ""}`;
}
