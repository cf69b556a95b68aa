/**
 * Section 二: each row found by its label after the first 第二十条 header, its cells read from the
 * printed text. Cells may carry signs (`-18`, `减 7125`, `增 94`), units (`2笔`, `251000元`,
 * `1690.9913万元`) and thousands separators. When cell boundaries were lost, every way of cutting the
 * row into cells is tried; only a single valid reading is used, otherwise the cells are null.
 */
import { PROACTIVE_ROWS } from "../../domain/cells";
import type { CellKind } from "../../domain/cells";
import {
  COUNT_CELL, LONE_SIGN, MONEY_CELL, NEGATIVE_SIGN, NEXT_SECTION_TAIL, NOT_PROACTIVE_CELL_TEXT, PLACEHOLDER_CELL, PROACTIVE_ROW_LABELS, PROACTIVE_STOP, SIGNED_CELL, WAN_YUAN_HEADER,
} from "../../domain/lexicon";
import type { Fact } from "../../domain/evidence";
import { findLabelsInOrder, numbersIn } from "./labels";
import type { AmbiguousCell } from "../../domain/report-json";
import { resolvedBy, settledEntry, settleRow } from "./settle";

export interface ProactiveResult {
  values: Record<string, number | null>;
  raw: Record<string, string>;
  blankCells: string[];
  ambiguousCells: Record<string, AmbiguousCell>;
  missingRows: string[];
}

interface Parsed {
  value: number;
  raw: string;
}


/**
 * Reads one printed cell of the given kind. Money: `wanYuan` says the column is kept in 万元 (the 2021
 * fee column) rather than 元; `printedUnit` is the unit a bare number is in (from the column header).
 */
export function parseCell(text: string, kind: CellKind, wanYuan = false, printedUnit: "元" | "万元" = wanYuan ? "万元" : "元"): Parsed | null {
  const t = text.replace(/\s+/g, "");
  if (kind === "count") {
    const m = COUNT_CELL.exec(t);
    return m ? { value: Number(m[1].replace(/,/g, "")), raw: text.trim() } : null;
  }
  if (kind === "signed") {
    const m = SIGNED_CELL.exec(t);
    if (!m) return null;
    const n = Number(m[2].replace(/,/g, ""));
    return { value: m[1] && NEGATIVE_SIGN.test(m[1]) ? -n : n, raw: text.trim() };
  }
  const m = MONEY_CELL.exec(t);
  if (!m) return null;
  const digits = m[1].replace(/,/g, "") + (m[2] ?? "");
  const unit = m[3] === "万" ? "万元" : m[3] ?? printedUnit;
  // Exact decimal scaling: shift the decimal point instead of multiplying floats.
  const toUnit = (s: string, shift: number) => {
    const [whole, frac = ""] = s.split(".");
    if (shift >= 0) {
      const f = frac.padEnd(shift, "0");
      return Number(`${whole}${f.slice(0, shift)}.${f.slice(shift) || "0"}`);
    }
    const w = whole.padStart(-shift + 1, "0");
    return Number(`${w.slice(0, w.length + shift)}.${w.slice(w.length + shift)}${frac}`);
  };
  const value = wanYuan ? (unit === "元" ? toUnit(digits, -4) : Number(digits)) : unit === "万元" ? toUnit(digits, 4) : Number(digits);
  return { value, raw: text.trim() };
}

/** Every way to cut `text` into `kinds.length` cells that each parse. */
function cuts(text: string, kinds: CellKind[], wanYuan: boolean, unit: "元" | "万元", limit = 2000): Parsed[][] {
  const s = text.replace(/\s+/g, "");
  const out: Parsed[][] = [];
  const rec = (pos: number, k: number, acc: Parsed[]) => {
    if (out.length >= limit) return;
    if (k === kinds.length) {
      if (pos === s.length) out.push([...acc]);
      return;
    }
    for (let end = pos + 1; end <= s.length - (kinds.length - k - 1); end++) {
      const p = parseCell(s.slice(pos, end), kinds[k], wanYuan, unit);
      if (p) {
        acc.push(p);
        rec(end, k + 1, acc);
        acc.pop();
      }
    }
  };
  rec(0, 0, []);
  return out;
}

/**
 * Every reading of whitespace-separated tokens fewer than the columns: each token is one cell or,
 * where its boundaries were lost, several, and the columns left over were printed blank (0) — a
 * PDF's text does not say where. `blank` marks the inserted blanks.
 */
function cutsWithBlanks(tokens: string[], kinds: CellKind[], wanYuan: boolean, unit: "元" | "万元", limit = 2000): Array<{ cells: Parsed[]; blank: boolean[] }> {
  const out: Array<{ cells: Parsed[]; blank: boolean[] }> = [];
  const acc: Parsed[] = [];
  const blank: boolean[] = [];
  const rec = (k: number, t: number, pos: number) => {
    if (out.length >= limit) return;
    if (k === kinds.length) {
      if (t === tokens.length) out.push({ cells: [...acc], blank: [...blank] });
      return;
    }
    if (pos === 0) {
      acc.push({ value: 0, raw: "" });
      blank.push(true);
      rec(k + 1, t, 0);
      acc.pop();
      blank.pop();
    }
    if (t === tokens.length) return;
    const token = tokens[t];
    for (let end = pos + 1; end <= token.length; end++) {
      const p = parseCell(token.slice(pos, end), kinds[k], wanYuan, unit);
      if (!p) continue;
      acc.push(p);
      blank.push(false);
      if (end === token.length) rec(k + 1, t + 1, 0);
      else rec(k + 1, t, end);
      acc.pop();
      blank.pop();
    }
  };
  rec(0, 0, 0);
  return out;
}

/** Row-level invariants that hold in every honest table (used to discard impossible cuts). */
function plausible(format: "2019" | "2021", rowKey: string, values: number[]): boolean {
  // 2019 template: 本年新公开数量 is part of 对外公开总数量.
  if (format === "2019" && (rowKey === "regulations" || rowKey === "normativeDocuments")) return values[1] <= values[2];
  return true;
}

export function extractProactive(text: string, format: "2019" | "2021", grid: boolean, facts: Fact[] = []): ProactiveResult {
  const result: ProactiveResult = { values: {}, raw: {}, blankCells: [], ambiguousCells: {}, missingRows: [] };
  const first = PROACTIVE_STOP.exec(text);
  const body = first ? text.slice(first.index) : text;
  const defs = PROACTIVE_ROWS.filter((r) => r.template === format);
  const labels = PROACTIVE_ROW_LABELS[format];
  // Whether the text keeps cell boundaries (TABs, or runs of spaces as in a layout rendering): then a
  // row with a lone number under several columns may have cells printed blank, and its column is not known.
  const separated = /\d[ \t]*\t|\t[ \t]*\d|\d {2,}\d/.test(body);
  // Locate labels in order; numbers printed on a line of a wrapped label are the row's (see WRAP_GAP).
  const found = findLabelsInOrder(body, labels.map(([, re]) => re));
  const unsearchedFrom = found.unsearchedFrom;
  const hits = found.hits.map((m, i) => m && {
    key: labels[i][0], start: m.index, end: m.index + m.match.length, inside: numbersIn(m.match),
  });
  defs.forEach((def, i) => {
    const hit = hits[i];
    const paths = def.columns.map((c) => `proactive.${def.key}.${c.key}`);
    const kinds = def.columns.map((c) => c.kind);
    // 万元 is the 2021 fee column's unit; a 2019 procurement header may print 采购总金额（万元）, and then
    // a bare number in that column is 万元 too.
    const wanYuan = def.columns.some((c) => c.key === "amountWanYuan");
    const header = body.slice(hits.slice(0, i).reverse().find((h) => h != null)?.end ?? 0, hit ? hit.start : 0);
    const unit: "元" | "万元" = wanYuan || (def.key === "procurement" && WAN_YUAN_HEADER.test(header)) ? "万元" : "元";
    if (!hit && i >= unsearchedFrom) {
      paths.forEach((p) => {
        result.values[p] = null;
        result.ambiguousCells[p] = `row ${def.key}'s label could not be searched for in bounded time (section 二 is too long)`;
      });
      return;
    }
    if (!hit) {
      result.missingRows.push(def.key);
      paths.forEach((p) => (result.values[p] = 0));
      return;
    }
    const next = hits.slice(i + 1).find((h) => h != null);
    let region = body.slice(hit.end, next ? next.start : body.length);
    if (hit.inside) region = `${hit.inside}\n${region}`;
    const stop = PROACTIVE_STOP.exec(region);
    if (stop) region = region.slice(0, stop.index);
    region = region.replace(NEXT_SECTION_TAIL, "");
    // A cell printed as a placeholder (？): unknown, never 0. Read by position when the row's cells
    // can be counted; otherwise the whole row is unknown.
    if (PLACEHOLDER_CELL.test(region)) {
      const marked = region.split(new RegExp(PLACEHOLDER_CELL.source, "g")).map((part) => part.replace(NOT_PROACTIVE_CELL_TEXT, " ")).join(" \uE001 ");
      const cells = marked.trim().split(/\s+/).filter(Boolean).reduce<string[]>((acc, t) => {
        if (acc.length && LONE_SIGN.test(acc[acc.length - 1])) acc[acc.length - 1] += t;
        else acc.push(t);
        return acc;
      }, []);
      const parsed = cells.length === kinds.length ? cells.map((t, j) => (t === "\uE001" ? null : parseCell(t, kinds[j], wanYuan, unit))) : null;
      paths.forEach((p, j) => {
        const cell = parsed && cells[j] !== "\uE001" ? parsed[j] : null;
        if (cell) {
          result.values[p] = cell.value;
          result.raw[p] = cell.raw;
        } else {
          result.values[p] = null;
          result.ambiguousCells[p] = parsed ? "printed as “？” (a placeholder, not a number)" : "the row prints “？” (a placeholder, not a number) and its cells cannot be placed";
        }
      });
      return;
    }
    region = region.replace(NOT_PROACTIVE_CELL_TEXT, " ");
    const setRow = (parsed: Parsed[], blanks: boolean[] = []) => {
      parsed.forEach((p, j) => {
        result.values[paths[j]] = p.value;
        result.raw[paths[j]] = p.raw;
        if (blanks[j]) result.blankCells.push(paths[j]);
      });
    };
    // 1. TAB-separated cells, read by position.
    if (region.includes("\t")) {
      const line = region.split("\n").find((l) => /\d/.test(l)) ?? "";
      const cells = line.split("\t").slice(1).map((c) => c.trim());
      while (cells.length > kinds.length && cells[cells.length - 1] === "") cells.pop();
      if (cells.length === kinds.length || (!grid && cells.length >= kinds.length && cells.slice(kinds.length).every((c) => !c))) {
        const parsed = cells.slice(0, kinds.length).map((c, j) => (c === "" ? { value: 0, raw: "" } : parseCell(c, kinds[j], wanYuan, unit)));
        if (parsed.every((p) => p != null)) return setRow(parsed, cells.map((c) => c === ""));
      }
    }
    // 2. Whitespace-separated cells, when their number matches the columns.
    const tokens = region.trim().split(/\s+/).filter(Boolean).reduce<string[]>((acc, t) => {
      if (acc.length && LONE_SIGN.test(acc[acc.length - 1])) acc[acc.length - 1] += t;
      else acc.push(t);
      return acc;
    }, []);
    if (tokens.length === kinds.length) {
      const parsed = tokens.map((t, j) => parseCell(t, kinds[j], wanYuan, unit));
      if (parsed.every((p) => p != null) && plausible(format, def.key, parsed.map((p) => p.value))) return setRow(parsed);
    }
    if (tokens.length === 0) {
      paths.forEach((p) => {
        result.values[p] = 0;
        result.blankCells.push(p);
      });
      return;
    }
    // 3. Lost boundaries: every cut that parses and is plausible. Fewer tokens than columns may also
    // mean cells printed blank whose place the text lost: those readings count too.
    const joined = cuts(tokens.join(""), kinds, wanYuan, unit);
    const withBlanks = (tokens.length >= 2 || separated) && tokens.length < kinds.length ? cutsWithBlanks(tokens, kinds, wanYuan, unit) : [];
    const seen = new Set<string>();
    const blanksOf = new Map<Parsed[], boolean[]>();
    const all = [...joined.map((cells) => ({ cells, blank: cells.map(() => false) })), ...withBlanks]
      .filter((r) => plausible(format, def.key, r.cells.map((p) => p.value)))
      .filter((r) => {
        const key = r.cells.map((p) => p.value).join("|");
        return !seen.has(key) && !!seen.add(key);
      })
      .map((r) => {
        blanksOf.set(r.cells, r.blank);
        return r.cells;
      });
    if (all.length === 1) return setRow(all[0], blanksOf.get(all[0]));
    const explain = (rs: Parsed[][]) => rs.length
      ? `"${tokens.join(withBlanks.length ? " " : "")}" ${withBlanks.length ? "reads as" : "splits into"} ${def.columns.length} cells in ${rs.length} ways (${rs.slice(0, 4).map((r) => r.map((x) => x.raw || "空").join("|")).join("; ")}${rs.length > 4 ? "; …" : ""})${withBlanks.length ? ": the text does not say which cells were printed blank" : ""}`
      : `"${tokens.join(withBlanks.length ? " " : "")}" cannot be read as ${def.columns.length} cells`;
    // Evidence from outside the table (the narrative, last year, another rendering) may settle the row.
    let readings = all;
    let note = "";
    if (facts.length && all.length > 1) {
      const known = (p: string) => (typeof result.values[p] === "number" ? result.values[p] : null);
      const s = settleRow(paths, all.map((r) => r.map((x) => x.value)), facts, known);
      if (s.conflict) note = `; ${s.conflict}`;
      else if (s.keep.length < all.length) {
        readings = s.keep.map((i) => all[i]);
        const by = resolvedBy(s.used);
        paths.forEach((p, j) => {
          if (new Set(all.map((r) => r[j].value)).size > 1 && new Set(readings.map((r) => r[j].value)).size === 1) {
            result.ambiguousCells[p] = settledEntry(explain(all), by);
          }
        });
        if (readings.length === 1) return setRow(readings[0], blanksOf.get(readings[0]));
      }
    }
    paths.forEach((p, j) => {
      const vals = new Set(readings.map((r) => r[j].value));
      if (readings.length && vals.size === 1) {
        result.values[p] = readings[0][j].value;
        result.raw[p] = readings[0][j].raw;
      } else {
        result.values[p] = null;
        result.ambiguousCells[p] = explain(readings) + note;
      }
    });
  });
  return result;
}
