/**
 * Sections 三 and 四: find each row by its label, collect every reading of its cells that the printed
 * text allows, and keep only the readings the table's own arithmetic supports (row totals R2/R4, then
 * the column equations R1 and R3 solved jointly). A row still open after that has its disputed cells
 * left null with the competing readings explained — never a guess.
 */
import { APPLICANT_COLUMNS } from "../../domain/cells";
import type { Template } from "../../domain/cells";
import { APPLICATION_ROW_LABELS, PLACEHOLDER_CELL, ROW_NUMBERING } from "../../domain/lexicon";
import { MAX_READINGS, splitDigits } from "./splits";
import { findLabelsInOrder, numbersIn } from "./labels";
import type { Fact, ResolvedBy } from "../../domain/evidence";
import { pathOf, type AmbiguousCell } from "../../domain/report-json";
import { resolvedBy, settledEntry, settleRow } from "./settle";

export interface Reading {
  values: number[];
  /** Columns that no printed value filled (printed blank, or dropped by the text conversion). */
  blank: boolean[];
}

export interface TableResult {
  values: Record<string, number | null>;
  blankCells: string[];
  ambiguousCells: Record<string, AmbiguousCell>;
  missingRows: string[];
}

const ROW_WIDTH = APPLICANT_COLUMNS.length;

/** Stands for a cell printed blank on purpose (see normalizeText): a real cell, value 0. */
export const BLANK_CELL = "\uE000";

/** Row totals hold: the last cell is the sum of the others, in each group of `groupSize`. */
export function rowTotalsHold(values: number[], groupSize: number): boolean {
  for (let g = 0; g < values.length; g += groupSize) {
    const group = values.slice(g, g + groupSize);
    const parts = group.slice(0, -1).reduce((a, b) => a + b, 0);
    if (parts !== group[group.length - 1]) return false;
  }
  return true;
}

function noBlanks(n: number) {
  return new Array<boolean>(n).fill(false);
}

/**
 * Every reading of one row's printed value text. `grid`: the text came from real table cells, so a
 * TAB-separated row with exactly `width` cells is read by position.
 */
export function readRow(region: string, width: number, groupSize: number, grid: boolean): { readings: Reading[]; preferred?: Reading; overflow: boolean } {
  const cleaned = region.replace(/[^\d\t\n \uE000]/g, " ");
  if (cleaned.includes("\t")) {
    const line = cleaned.split("\n").find((l) => /\d/.test(l)) ?? cleaned.split("\n").find((l) => l.includes(BLANK_CELL)) ?? "";
    const raw = line.split("\t").slice(/^ *[\d\uE000]/.test(line) ? 0 : 1);
    // Grid rows: the empty slots a merged label cell covers (colspan) come before the values.
    while (grid && raw.length > width && raw[0].trim() === "") raw.shift();
    while (raw.length > width && raw[raw.length - 1].trim() === "") raw.pop();
    // A printed blank (BLANK_CELL) says the row is an exact grid: its cells are read by position.
    const explicit = raw.some((c) => c.includes(BLANK_CELL));
    const cells = raw.map((c) => c.replace(/\uE000/g, "").trim());
    const tokens = cells.filter((c) => c !== "").flatMap((c) => c.split(/\s+/));
    if (tokens.some((t) => t.length > 15)) return { readings: [], overflow: true };
    const values = tokens.map(Number);
    let preferred: Reading | undefined;
    if (cells.length === width && cells.every((c) => /^\d*$/.test(c))) {
      const positional = { values: cells.map((c) => (c === "" ? 0 : Number(c))), blank: cells.map((c) => c === "") };
      if (grid || explicit || rowTotalsHold(positional.values, groupSize)) preferred = positional;
    }
    if (preferred && (grid || explicit)) return { readings: [preferred], preferred, overflow: false };
    const readings = placeValues(values, width);
    if (readings == null) return { readings: [], preferred, overflow: true };
    return { readings, preferred, overflow: false };
  }
  const tokens = cleaned.split(/\s+/).filter(Boolean);
  const digits = tokens.join("");
  if (digits.length === 0) return { readings: [{ values: new Array(width).fill(0), blank: new Array(width).fill(true) }], overflow: false };
  if (digits.length < width) {
    const readings = placeValues(tokens.map(Number), width);
    return { readings: readings ?? [], overflow: readings == null };
  }
  let preferred: Reading | undefined;
  if (tokens.length === width) {
    const spaced = tokens.map(Number);
    if (rowTotalsHold(spaced, groupSize)) preferred = { values: spaced, blank: noBlanks(width) };
  }
  // The cuts whose row totals hold; when the printed totals fail (a finding), every cut.
  let split = splitDigits(digits, width, MAX_READINGS, groupSize);
  if (split && split.length === 0) split = splitDigits(digits, width);
  // Fewer numbers than columns, set apart by runs of spaces (a layout rendering): the missing cells
  // may have been printed blank, wherever they stood. Those readings count too.
  if (split && tokens.length >= 2 && tokens.length < width && / {2,}|\t/.test(region.trim())) {
    const placed = placeValues(tokens.map(Number), width);
    if (placed == null) return { readings: [], overflow: true };
    return { readings: [...split.map((values) => ({ values, blank: noBlanks(width) })), ...placed], preferred, overflow: false };
  }
  // Too many ways to cut the digits: the spaced reading, when the row's totals confirm it, still stands.
  if (split == null) return preferred ? { readings: [preferred], preferred, overflow: false } : { readings: [], overflow: true };
  return { readings: split.map((values) => ({ values, blank: noBlanks(width) })), preferred, overflow: false };
}

/** The printed values placed in order into `width` columns; the columns left over were blank. */
function placeValues(values: number[], width: number): Reading[] | null {
  const out: Reading[] = [];
  const vals = new Array<number>(width).fill(0);
  const blank = new Array<boolean>(width).fill(true);
  const rec = (vi: number, col: number): boolean => {
    if (out.length > MAX_READINGS) return false;
    if (vi === values.length) {
      out.push({ values: [...vals], blank: [...blank] });
      return true;
    }
    for (let c = col; c <= width - (values.length - vi); c++) {
      vals[c] = values[vi];
      blank[c] = false;
      rec(vi + 1, c + 1);
      vals[c] = 0;
      blank[c] = true;
    }
    return true;
  };
  rec(0, 0);
  return out.length > MAX_READINGS ? null : out;
}

/**
 * Locates each row's label in order and returns the text between it and the next row's label. A label
 * wrapped over several lines may hold the row's numbers on any of its lines (PDF layouts); those
 * numbers are moved in front of the row's text, on a line of their own.
 */
export function rowRegions(text: string, paths: string[]): Array<{ path: string; region: string | null; unsearched?: boolean }> {
  // A label search past its bounded work: that row and the rest are not searched.
  const { hits: found, unsearchedFrom } = findLabelsInOrder(text, paths.map((path) => APPLICATION_ROW_LABELS[path]));
  const hits = found.map((m, i) => {
    if (!m) return null;
    const label = m.match.slice(ROW_NUMBERING.exec(m.match)![0].length);
    const inside = numbersIn(label);
    return { path: paths[i], start: m.index, end: m.index + m.match.length, inside };
  });
  return paths.map((path, i) => {
    const hit = hits[i];
    if (i >= unsearchedFrom) return { path, region: null, unsearched: true };
    if (!hit) return { path, region: null };
    const next = hits.slice(i + 1).find((h) => h != null);
    let region = text.slice(hit.end, next ? next.start : text.length);
    if (!next) region = region.replace(/[\u4e00-\u9fff][\s\S]*$/, "");
    if (hit.inside) region = `${hit.inside}\n${region}`;
    return { path, region };
  });
}

const CELL_PATHS = new Map<string, readonly string[]>();

/** The cell paths of a row of section 三, one per applicant column: made once, so the same strings key every report's values. */
export function applicationCellPaths(row: string): readonly string[] {
  let paths = CELL_PATHS.get(row);
  if (!paths) {
    paths = APPLICANT_COLUMNS.map((c) => pathOf(pathOf("applications", row), c.key));
    if (CELL_PATHS.size < 1000) CELL_PATHS.set(row, paths);
  }
  return paths;
}

type Equation = Array<[string, number]>;

function equations(paths: string[]): Equation[] {
  const outcomes = paths.filter((p) => p.startsWith("outcomes.") && p !== "outcomes.total");
  return [
    [["newReceived", 1], ["carriedOver", 1], ["outcomes.total", -1], ["carriedForward", -1]],
    [["outcomes.total", 1], ...outcomes.map((p) => [p, -1] as [string, number])],
  ];
}

const MAX_COMBINATIONS = 50000;

/** Narrows each row's readings with the column equations until nothing changes. */
export function solve(rows: Map<string, Reading[]>, eqs: Equation[], width: number): void {
  let progress = true;
  let rounds = 0;
  while (progress && rounds++ < 20) {
    progress = false;
    for (const eq of eqs) {
      const terms = eq.filter(([p]) => rows.has(p));
      if (terms.length !== eq.length) continue;
      const open = terms.filter(([p]) => rows.get(p)!.length > 1);
      if (open.length === 0) continue;
      const size = open.reduce((n, [p]) => n * rows.get(p)!.length, 1);
      if (size > MAX_COMBINATIONS) continue;
      const fixed = new Array<number>(width).fill(0);
      for (const [p, coef] of terms) {
        const rs = rows.get(p)!;
        if (rs.length === 1) rs[0].values.forEach((v, i) => (fixed[i] += coef * v));
      }
      const keep = open.map(() => new Set<number>());
      const idx = new Array<number>(open.length).fill(0);
      const recurse = (k: number) => {
        if (k === open.length) {
          for (let i = 0; i < width; i++) {
            let s = fixed[i];
            for (let t = 0; t < open.length; t++) s += open[t][1] * rows.get(open[t][0])![idx[t]].values[i];
            if (s !== 0) return;
          }
          idx.forEach((r, t) => keep[t].add(r));
          return;
        }
        const n = rows.get(open[k][0])!.length;
        for (let r = 0; r < n; r++) {
          idx[k] = r;
          recurse(k + 1);
        }
      };
      recurse(0);
      if (keep.every((s) => s.size === 0)) continue; // the printed table breaks this rule: a finding, not a constraint
      open.forEach(([p], t) => {
        const rs = rows.get(p)!;
        if (keep[t].size < rs.length) {
          rows.set(p, rs.filter((_, r) => keep[t].has(r)));
          progress = true;
        }
      });
    }
  }
}

function describe(readings: Reading[]): string {
  const shown = readings.slice(0, 4).map((r) => r.values.join("|")).join("; ");
  return `${readings.length} readings fit the printed digits and the table's sums (${shown}${readings.length > 4 ? "; …" : ""})`;
}

/** Section 三 of a report of the given template; `facts` may settle what the table's sums leave open. */
export function extractApplications(text: string, rowPaths: string[], grid: boolean, facts: Fact[] = []): TableResult {
  const regions = rowRegions(text, rowPaths);
  grid ||= text.includes(BLANK_CELL);
  const rows = new Map<string, Reading[]>();
  const result: TableResult = { values: {}, blankCells: [], ambiguousCells: {}, missingRows: [] };
  const overflowed = new Set<string>();
  const broken = new Set<string>();
  const placeholders = new Set<string>();
  const unsearched = new Set<string>();
  for (const { path, region, unsearched: tooLong } of regions) {
    if (region == null) {
      result.missingRows.push(path);
      if (tooLong) unsearched.add(path);
      continue;
    }
    if (PLACEHOLDER_CELL.test(region)) {
      // A cell printed “？”: its value is unknown, and so is where the row's other numbers stand. The
      // row is left out of the column equations, like a row not found.
      placeholders.add(path);
      continue;
    }
    const { readings, preferred, overflow } = readRow(region, ROW_WIDTH, ROW_WIDTH, grid);
    if (overflow) overflowed.add(path);
    let chosen: Reading[];
    if (preferred) chosen = [preferred];
    else {
      const valid = readings.filter((r) => rowTotalsHold(r.values, ROW_WIDTH));
      chosen = valid.length ? valid : readings;
      // No reading keeps the row's printed total: the row is broken as printed, and evidence cannot say which broken reading it was.
      if (!valid.length && readings.length > 1) broken.add(path);
    }
    rows.set(path, uniqueReadings(chosen));
  }
  const eqs = equations(rowPaths);
  solve(rows, eqs, ROW_WIDTH);
  const before = new Map([...rows].map(([p, rs]) => [p, rs]));
  const settled = new Map<string, ResolvedBy>();
  const conflicts = new Map<string, string>();
  if (facts.length) settleApplications(rows, rowPaths, eqs, facts, settled, conflicts, broken);
  const firstSettled = settled.values().next().value;
  for (const path of rowPaths) {
    const readings = rows.get(path);
    const cellPaths = applicationCellPaths(path);
    const printed = before.get(path);
    for (let i = 0; i < ROW_WIDTH; i++) {
      const cellPath = cellPaths[i];
      if (!readings) {
        result.values[cellPath] = null;
        result.ambiguousCells[cellPath] = placeholders.has(path)
          ? `row ${path} prints “？” (a placeholder, not a number)`
          : unsearched.has(path) ? `row ${path}'s label could not be searched for in bounded time (section 三 is too long)` : `row ${path} was not found in section 三`;
        continue;
      }
      if (readings.length === 0) {
        result.values[cellPath] = null;
        result.ambiguousCells[cellPath] = overflowed.has(path) ? "too many ways to split the printed digits" : "the printed digits cannot form this row";
        continue;
      }
      const value = readings[0].values[i];
      if (readings.every((r) => r.values[i] === value)) {
        result.values[cellPath] = value;
        if (readings.every((r) => r.blank[i])) result.blankCells.push(cellPath);
        const open = printed!.length > 1 && printed!.some((r) => r.values[i] !== printed![0].values[i]);
        const own = settled.get(path);
        const first = own ?? firstSettled;
        if (open && first) {
          // A row settled by the column equations after another row was settled by evidence.
          result.ambiguousCells[cellPath] = settledEntry(describe(printed!), own ?? { ...first, detail: `${first.detail}, then the table's sums` });
        }
      } else {
        result.values[cellPath] = null;
        result.ambiguousCells[cellPath] = describe(readings) + (conflicts.has(path) ? `; ${conflicts.get(path)}` : "");
      }
    }
  }
  return result;
}

/** Narrows open rows with the facts, then lets the column equations carry what was settled. */
function settleApplications(
  rows: Map<string, Reading[]>, rowPaths: string[], eqs: Equation[], facts: Fact[],
  settled: Map<string, ResolvedBy>, conflicts: Map<string, string>, broken: Set<string>,
): void {
  const known = (p: string): number | null => {
    const m = /^applications\.(.+)\.(\w+)$/.exec(p);
    const col = m ? APPLICANT_COLUMNS.findIndex((c) => c.key === m[2]) : -1;
    const rs = m ? rows.get(m[1]) : undefined;
    if (!rs || !rs.length || col < 0) return null;
    const v = rs[0].values[col];
    return rs.every((r) => r.values[col] === v) ? v : null;
  };
  for (let round = 0; round < 5; round++) {
    let changed = false;
    for (const path of rowPaths) {
      const rs = rows.get(path);
      if (!rs || rs.length < 2 || broken.has(path)) continue;
      const cells = applicationCellPaths(path);
      const s = settleRow(cells, rs.map((r) => r.values), facts, known);
      if (s.conflict) conflicts.set(path, s.conflict);
      else if (s.keep.length < rs.length) {
        rows.set(path, s.keep.map((i) => rs[i]));
        settled.set(path, resolvedBy(s.used));
        changed = true;
      }
    }
    if (!changed) break;
    solve(rows, eqs, ROW_WIDTH);
  }
}

/** Readings with the same values count once (the first keeps its blank-cell marks). */
function uniqueReadings(readings: Reading[]): Reading[] {
  const seen = new Set<string>();
  return readings.filter((r) => {
    const k = r.values.join(",");
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Section 四: one row of 15 numbers after the column headers. */
export function extractReview(text: string, grid: boolean, facts: Fact[] = []): TableResult {
  const result: TableResult = { values: {}, blankCells: [], ambiguousCells: {}, missingRows: [] };
  const paths = ["review", "litigationDirect", "litigationAfterReview"].flatMap((p) =>
    ["maintained", "corrected", "other", "pending", "total"].map((c) => `reviewLitigation.${p}.${c}`));
  // The row of numbers: the first run of digits (with separators) that holds at least five digits.
  const runs = [...text.matchAll(/[\d\uE000][\d \t\n\uE000]*/g)].filter((m) => (m[0].match(/\d/g) ?? []).length >= 5 || (m[0].match(/\t/g) ?? []).length >= 4);
  if (PLACEHOLDER_CELL.test(text)) {
    // A cell printed “？”: unknown, and the row's other numbers cannot be placed without it.
    paths.forEach((p) => {
      result.values[p] = null;
      result.ambiguousCells[p] = "section 四's row prints “？” (a placeholder, not a number)";
    });
    return result;
  }
  if (runs.length === 0) {
    if (!/\d/.test(text)) {
      // The header is printed and not one number follows: every cell was printed blank (blank = 0).
      paths.forEach((p) => (result.values[p] = 0));
      result.blankCells.push(...paths);
      return result;
    }
    paths.forEach((p) => {
      result.values[p] = null;
      result.ambiguousCells[p] = "section 四's row of numbers was not found";
    });
    result.missingRows.push("reviewLitigation");
    return result;
  }
  const start = runs[0].index;
  const lineStart = text.lastIndexOf("\n", start) + 1;
  grid ||= text.includes(BLANK_CELL);
  const tabbed = grid || text.slice(lineStart, start).includes("\t") || runs[0][0].includes("\t");
  // A tabbed row may be printed as several lines (one per proceeding): its cells continue on the next
  // line. Only the line break becomes a separator: the TABs of blank last cells stay cells.
  const region = tabbed ? "\t" + (text.slice(lineStart, start).replace(/[^\t]/g, "") + runs[0][0].replace(/[ \n]+$/, "")).replace(/[ ]*\n[ \n]*/g, "\t") : runs[0][0];
  const { readings, preferred, overflow } = readRow(region, 15, 5, grid);
  let chosen = preferred ? [preferred] : readings.filter((r) => rowTotalsHold(r.values, 5));
  const broken = !chosen.length && readings.length > 1;
  if (!chosen.length) chosen = readings;
  chosen = uniqueReadings(chosen);
  const before = chosen;
  let conflict = "";
  let by: ResolvedBy | null = null;
  if (facts.length && chosen.length > 1 && !broken) {
    const s = settleRow(paths, chosen.map((r) => r.values), facts, () => null);
    if (s.conflict) conflict = `; ${s.conflict}`;
    else if (s.keep.length < chosen.length) {
      chosen = s.keep.map((i) => chosen[i]);
      by = resolvedBy(s.used);
    }
  }
  paths.forEach((p, i) => {
    const vals = new Set(chosen.map((r) => r.values[i]));
    if (chosen.length && vals.size === 1) {
      result.values[p] = chosen[0].values[i];
      if (chosen.every((r) => r.blank[i])) result.blankCells.push(p);
      if (by && new Set(before.map((r) => r.values[i])).size > 1) result.ambiguousCells[p] = settledEntry(describe(before), by);
    } else {
      result.values[p] = null;
      result.ambiguousCells[p] = (chosen.length ? describe(chosen) : overflow ? "too many ways to split the printed digits" : "the printed digits cannot form the row of 15 cells") + conflict;
    }
  });
  return result;
}

export function applicationRowPaths(format: Template): string[] {
  const rows = Object.keys(APPLICATION_ROW_LABELS);
  return rows.filter((p) => (format === "2021" ? p !== "outcomes.other" : !p.startsWith("outcomes.other.")));
}

