/**
 * The canonical report JSON (docs/report-json.md) and the helpers that move between it and the flat
 * path → value form used by the checker and the database.
 */
import { cellsOf, CellDef, Template } from "./cells";
import type { ResolvedBy } from "./evidence";

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

/**
 * Why a cell could not be read from the table alone: a reason (the cell is null), or — when evidence
 * from outside the table settled it — the reason and the evidence (the cell has its value).
 */
export type AmbiguousCell = string | { reason: string; resolvedBy: ResolvedBy };

/** The reason of an ambiguity entry, settled or not. */
export function ambiguityReason(entry: AmbiguousCell): string {
  return typeof entry === "string" ? entry : entry.reason;
}

/** Paths of the cells that are still unreadable (null), leaving out the ones evidence settled. */
export function unreadableCells(report: Pick<CanonicalReport, "ambiguousCells">): string[] {
  return Object.entries(report.ambiguousCells).filter(([, e]) => typeof e === "string").map(([p]) => p);
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
  ambiguousCells: Record<string, AmbiguousCell>;
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

const JOINED = new Map<string, Map<string, string>>();

/**
 * `${prefix}.${key}`, the same string each time for the same parts: a path built afresh for every
 * lookup is hashed afresh by every lookup (the rules' paths were a tenth of parsing time).
 */
export function pathOf(prefix: string, key: string): string {
  let byKey = JOINED.get(prefix);
  if (!byKey) {
    byKey = new Map();
    if (JOINED.size < 1000) JOINED.set(prefix, byKey);
  }
  let path = byKey.get(key);
  if (path === undefined) {
    path = `${prefix}.${key}`;
    if (byKey.size < 1000) byKey.set(key, path);
  }
  return path;
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

export function setKeys(tree: Tree, keys: readonly string[], value: number | null | string): void {
  let cur: Tree = tree;
  const last = keys.length - 1;
  for (let i = 0; i < last; i++) {
    let next = cur[keys[i]];
    if (next == null || typeof next !== "object") cur[keys[i]] = next = {};
    cur = next;
  }
  cur[keys[last]] = value;
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
