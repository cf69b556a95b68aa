/**
 * Section 二: each row found by its label after the first 第二十条 header, its cells read from the
 * printed text. Cells may carry signs (`-18`, `减 7125`, `增 94`), units (`2笔`, `251000元`,
 * `1690.9913万元`) and thousands separators. When cell boundaries were lost, every way of cutting the
 * row into cells is tried; only a single valid reading is used, otherwise the cells are null.
 */
import { PROACTIVE_ROWS } from "../../domain/cells";
import type { CellKind } from "../../domain/cells";
import { PROACTIVE_ROW_LABELS, PROACTIVE_STOP } from "../../domain/lexicon";

export interface ProactiveResult {
  values: Record<string, number | null>;
  raw: Record<string, string>;
  blankCells: string[];
  ambiguousCells: Record<string, string>;
  missingRows: string[];
}

interface Parsed {
  value: number;
  raw: string;
}

const COUNT = /^(0|[1-9]\d{0,11}|[1-9]\d{0,2}(?:,\d{3})+)(?:项|件|个|笔|条|次|宗)?$/;
const SIGNED = /^(增加?|减少?|\+|-|−|–)?(0|[1-9]\d{0,11}|[1-9]\d{0,2}(?:,\d{3})+)(?:项|件|个|笔|条|次)?$/;
const MONEY = /^(0|[1-9]\d{0,13}|[1-9]\d{0,2}(?:,\d{3})+)(\.\d{1,6})?(万元|万|元)?$/;

/**
 * Reads one printed cell of the given kind. Money: `wanYuan` says the column is kept in 万元 (the 2021
 * fee column) rather than 元; `printedUnit` is the unit a bare number is in (from the column header).
 */
export function parseCell(text: string, kind: CellKind, wanYuan = false, printedUnit: "元" | "万元" = wanYuan ? "万元" : "元"): Parsed | null {
  const t = text.replace(/\s+/g, "");
  if (kind === "count") {
    const m = COUNT.exec(t);
    return m ? { value: Number(m[1].replace(/,/g, "")), raw: text.trim() } : null;
  }
  if (kind === "signed") {
    const m = SIGNED.exec(t);
    if (!m) return null;
    const n = Number(m[2].replace(/,/g, ""));
    return { value: m[1] && /^(减|-|−|–)/.test(m[1]) ? -n : n, raw: text.trim() };
  }
  const m = MONEY.exec(t);
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

/** Row-level invariants that hold in every honest table (used to discard impossible cuts). */
function plausible(format: "2019" | "2021", rowKey: string, values: number[]): boolean {
  // 2019 template: 本年新公开数量 is part of 对外公开总数量.
  if (format === "2019" && (rowKey === "regulations" || rowKey === "normativeDocuments")) return values[1] <= values[2];
  return true;
}

export function extractProactive(text: string, format: "2019" | "2021", grid: boolean): ProactiveResult {
  const result: ProactiveResult = { values: {}, raw: {}, blankCells: [], ambiguousCells: {}, missingRows: [] };
  const first = PROACTIVE_STOP.exec(text);
  const body = first ? text.slice(first.index) : text;
  const defs = PROACTIVE_ROWS.filter((r) => r.template === format);
  const labels = PROACTIVE_ROW_LABELS[format];
  // Locate labels in order.
  const hits: Array<{ key: string; start: number; end: number } | null> = [];
  let cursor = 0;
  for (const [key, re] of labels) {
    const g = new RegExp(re.source, "g");
    g.lastIndex = cursor;
    const m = g.exec(body);
    if (!m) {
      hits.push(null);
      continue;
    }
    hits.push({ key, start: m.index, end: m.index + m[0].length });
    cursor = m.index + m[0].length;
  }
  defs.forEach((def, i) => {
    const hit = hits[i];
    const paths = def.columns.map((c) => `proactive.${def.key}.${c.key}`);
    const kinds = def.columns.map((c) => c.kind);
    // 万元 is the 2021 fee column's unit; a 2019 procurement header may print 采购总金额（万元）, and then
    // a bare number in that column is 万元 too.
    const wanYuan = def.columns.some((c) => c.key === "amountWanYuan");
    const header = body.slice(hits.slice(0, i).reverse().find((h) => h != null)?.end ?? 0, hit ? hit.start : 0);
    const unit: "元" | "万元" = wanYuan || (def.key === "procurement" && /万\s*元/.test(header)) ? "万元" : "元";
    if (!hit) {
      result.missingRows.push(def.key);
      paths.forEach((p) => (result.values[p] = 0));
      return;
    }
    const next = hits.slice(i + 1).find((h) => h != null);
    let region = body.slice(hit.end, next ? next.start : body.length);
    const stop = PROACTIVE_STOP.exec(region);
    if (stop) region = region.slice(0, stop.index);
    region = region.replace(/[三四]\s*[、.．][\s\S]*$/, "");
    region = region.replace(/[^\d\t\n ,.+\-−–增减加少元万项件个笔条次宗]/g, " ");
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
      if (acc.length && /^(增加?|减少?|[+\-−–])$/.test(acc[acc.length - 1])) acc[acc.length - 1] += t;
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
    // 3. Lost boundaries: every cut that parses and is plausible.
    const readings = cuts(tokens.join(""), kinds, wanYuan, unit).filter((r) => plausible(format, def.key, r.map((p) => p.value)));
    if (readings.length === 1) return setRow(readings[0]);
    paths.forEach((p, j) => {
      const vals = new Set(readings.map((r) => r[j].value));
      if (readings.length && vals.size === 1) {
        result.values[p] = readings[0][j].value;
        result.raw[p] = readings[0][j].raw;
      } else {
        result.values[p] = null;
        result.ambiguousCells[p] = readings.length
          ? `"${tokens.join("")}" splits into ${def.columns.length} cells in ${readings.length} ways (${readings.slice(0, 4).map((r) => r.map((x) => x.raw).join("|")).join("; ")}${readings.length > 4 ? "; …" : ""})`
          : `"${tokens.join("")}" cannot be read as ${def.columns.length} cells`;
      }
    });
  });
  return result;
}
