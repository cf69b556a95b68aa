/**
 * The official layout of tables 二, 三 and 四 (国办公开办函〔2019〕60号 and 〔2021〕30号), as a grid of
 * cells with their merges, built from the cell catalogue (`domain/cells.ts`). Pure: every renderer
 * (HTML, XLSX, CSV, DOCX) draws the same grid, so labels, merges and order are decided here once.
 *
 * Printing rules kept here: a cell printed blank in the source stays blank (never 0); an unreadable
 * cell (null) prints `UNREADABLE` and is counted, never shown as a number; money keeps its exact
 * decimal (万元 up to 6 decimals, 采购总金额 in 元) and its unit sits in the column header.
 */
import { APPLICANT_COLUMNS, APPLICATION_ROWS, CellDef, CellKind, cellFor, PROACTIVE_ROWS, RESULT_COLUMNS, REVIEW_ROWS } from "../domain/cells";
import { formatMoney, toStoredInteger } from "../domain/report-json";

export type TemplateYear = "2019" | "2021";

/** What an unreadable (null) cell prints: no digit, so nobody reads it as a figure. */
export const UNREADABLE = "？";

export interface LayoutCell {
  text: string;
  role: "corner" | "header" | "label" | "value";
  rowSpan: number;
  colSpan: number;
  /** Group labels printed one character per line in the template (三、本年度办理结果, （三）不予公开 …). */
  vertical?: boolean;
  /** Value cells: the canonical path, the value in the printed unit, and how it prints. */
  path?: string;
  value?: number | null;
  kind?: CellKind;
  /** Decimals printed (money); 0 for counts. */
  decimals?: number;
  blank?: boolean;
}

export interface TableLayout {
  key: "proactive" | "applications" | "reviewLitigation";
  /** The section heading as the template prints it. */
  heading: string;
  /** Which template's rows the table follows. */
  template: TemplateYear;
  /** A line under the heading (e.g. which reports a summed section 二 covers). */
  caption?: string;
  width: number;
  /** Header rows (frozen in XLSX) and label columns. */
  headerRows: number;
  labelColumns: number;
  /** Row-major grid; `null` where a slot is covered by a merged cell above or to the left. */
  grid: Array<Array<LayoutCell | null>>;
}

/** Values to lay out: a report's cells (canonical units: 元, 万元) and which were printed blank. */
export interface FigureSource {
  format: TemplateYear;
  get(path: string): number | null | undefined;
  blank(path: string): boolean;
}

export const SECTION_HEADINGS = {
  proactive: "二、主动公开政府信息情况",
  applications: "三、收到和处理政府信息公开申请情况",
  reviewLitigation: "四、政府信息公开行政复议、行政诉讼情况",
} as const;

/** Labels the template prints longer than the catalogue's short label. */
const PRINTED_ROW_LABEL: Record<string, string> = {
  "outcomes.partiallyGranted": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
};

const R1_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

const GROUP_LABEL: Record<string, string> = {
  denied: "（三）不予公开",
  unableToProvide: "（四）无法提供",
  notProcessed: "（五）不予处理",
  other: "（六）其他处理",
};

/** 第二十条 items: which rows each printed block holds. */
const PROACTIVE_ITEMS: Record<TemplateYear, Array<{ item: string; rows: string[] }>> = {
  "2019": [
    { item: "第二十条第（一）项", rows: ["regulations", "normativeDocuments"] },
    { item: "第二十条第（五）项", rows: ["licensing", "otherManagementServices"] },
    { item: "第二十条第（六）项", rows: ["punishment", "coercion"] },
    { item: "第二十条第（八）项", rows: ["fees"] },
    { item: "第二十条第（九）项", rows: ["procurement"] },
  ],
  "2021": [
    { item: "第二十条第（一）项", rows: ["regulations", "normativeDocuments"] },
    { item: "第二十条第（五）项", rows: ["licensing"] },
    { item: "第二十条第（六）项", rows: ["punishment", "coercion"] },
    { item: "第二十条第（八）项", rows: ["fees"] },
  ],
};

/** Header text of a section 二 column, with the unit of money columns. */
function proactiveHeader(key: string, zh: string): string {
  if (key === "totalAmount") return `${zh}（单位：元）`;
  return zh;
}

class GridBuilder {
  grid: Array<Array<LayoutCell | null | undefined>> = [];
  constructor(readonly width: number) {}
  put(r: number, c: number, cell: Omit<LayoutCell, "rowSpan" | "colSpan"> & { rowSpan?: number; colSpan?: number }): void {
    const full: LayoutCell = { rowSpan: 1, colSpan: 1, ...cell };
    for (let i = 0; i < full.rowSpan; i++) {
      this.grid[r + i] ??= new Array(this.width).fill(undefined);
      for (let j = 0; j < full.colSpan; j++) {
        if (this.grid[r + i][c + j] !== undefined) throw new Error(`layout: slot ${r + i},${c + j} filled twice`);
        this.grid[r + i][c + j] = i === 0 && j === 0 ? full : null;
      }
    }
  }
  done(): Array<Array<LayoutCell | null>> {
    return this.grid.map((row, r) => row.map((slot, c) => {
      if (slot === undefined) throw new Error(`layout: slot ${r},${c} left empty`);
      return slot;
    }));
  }
}

/** Exact printed text of a value of the given cell (money at its stored precision). */
export function valueText(cell: Pick<CellDef, "kind" | "scale" | "path">, value: number): { text: string; decimals: number } {
  if (cell.kind !== "money") return { text: String(value), decimals: 0 };
  const text = formatMoney(cell as CellDef, toStoredInteger(cell as CellDef, value));
  const dot = text.indexOf(".");
  return { text, decimals: dot < 0 ? 0 : text.length - dot - 1 };
}

function valueCell(src: FigureSource, cell: CellDef, extra: Partial<LayoutCell> = {}): Omit<LayoutCell, "rowSpan" | "colSpan"> & Partial<LayoutCell> {
  const raw = src.get(cell.path);
  const value = raw === undefined ? null : raw;
  if (value == null) return { text: UNREADABLE, role: "value", path: cell.path, value: null, kind: cell.kind, decimals: 0, ...extra };
  if (src.blank(cell.path) && value === 0) return { text: "", role: "value", path: cell.path, value: 0, kind: cell.kind, decimals: 0, blank: true, ...extra };
  const { text, decimals } = valueText(cell, value);
  return { text, role: "value", path: cell.path, value, kind: cell.kind, decimals, ...extra };
}

/** Table 二 of one template: four columns, each 第二十条 item a block with its own column headers. */
export function proactiveTable(src: FigureSource, caption?: string): TableLayout {
  const t = src.format;
  const g = new GridBuilder(4);
  let r = 0;
  for (const block of PROACTIVE_ITEMS[t]) {
    g.put(r++, 0, { text: block.item, role: "header", colSpan: 4 });
    const first = PROACTIVE_ROWS.find((x) => x.template === t && x.key === block.rows[0])!;
    const cols = first.columns;
    g.put(r, 0, { text: "信息内容", role: "header" });
    cols.forEach((col, j) => g.put(r, 1 + j, { text: proactiveHeader(col.key, col.zh), role: "header", colSpan: j === cols.length - 1 ? 3 - j : 1 }));
    r++;
    for (const key of block.rows) {
      const def = PROACTIVE_ROWS.find((x) => x.template === t && x.key === key)!;
      g.put(r, 0, { text: def.zh, role: "label" });
      def.columns.forEach((col, j) => {
        const cell = cellFor(`proactive.${key}.${col.key}`, t)!;
        g.put(r, 1 + j, { ...valueCell(src, cell), colSpan: j === def.columns.length - 1 ? 3 - j : 1 });
      });
      r++;
    }
  }
  return { key: "proactive", heading: SECTION_HEADINGS.proactive, template: t, caption, width: 4, headerRows: 0, labelColumns: 1, grid: g.done() };
}

/** Table 三: three label columns (vertical group labels), seven applicant columns under 申请人情况. */
export function applicationsTable(src: FigureSource, caption?: string): TableLayout {
  const t = src.format;
  const rows = APPLICATION_ROWS.filter((x) => x.scope === "both" || x.scope === t);
  const g = new GridBuilder(10);
  g.put(0, 0, { text: R1_NOTE, role: "corner", rowSpan: 3, colSpan: 3 });
  g.put(0, 3, { text: "申请人情况", role: "header", colSpan: 7 });
  g.put(1, 3, { text: APPLICANT_COLUMNS[0].zh, role: "header", rowSpan: 2 });
  g.put(1, 4, { text: "法人或其他组织", role: "header", colSpan: 5 });
  g.put(1, 9, { text: APPLICANT_COLUMNS[6].zh, role: "header", rowSpan: 2 });
  APPLICANT_COLUMNS.slice(1, 6).forEach((col, j) => g.put(2, 4 + j, { text: col.zh, role: "header" }));
  const outcomeRows = rows.filter((x) => x.path.startsWith("outcomes."));
  let r = 3;
  for (const row of rows) {
    const label = PRINTED_ROW_LABEL[row.path] ?? row.zh;
    const isOutcome = row.path.startsWith("outcomes.");
    if (!isOutcome) g.put(r, 0, { text: label, role: "label", colSpan: 3 });
    else {
      if (row === outcomeRows[0]) g.put(r, 0, { text: "三、本年度办理结果", role: "label", rowSpan: outcomeRows.length, vertical: true });
      const members = row.group ? outcomeRows.filter((x) => x.group === row.group) : [];
      if (members.length > 1) {
        if (row === members[0]) g.put(r, 1, { text: GROUP_LABEL[row.group!], role: "label", rowSpan: members.length, vertical: true });
        g.put(r, 2, { text: label, role: "label" });
      } else g.put(r, 1, { text: label, role: "label", colSpan: 2 });
    }
    APPLICANT_COLUMNS.forEach((col, j) => g.put(r, 3 + j, valueCell(src, cellFor(`applications.${row.path}.${col.key}`, t)!)));
    r++;
  }
  return { key: "applications", heading: SECTION_HEADINGS.applications, template: t, caption, width: 10, headerRows: 3, labelColumns: 3, grid: g.done() };
}

/** Table 四: one row of 15 cells under 行政复议 and 行政诉讼 (未经复议直接起诉, 复议后起诉). */
export function reviewTable(src: FigureSource, caption?: string): TableLayout {
  const t = src.format;
  const g = new GridBuilder(15);
  g.put(0, 0, { text: "行政复议", role: "header", colSpan: 5 });
  g.put(0, 5, { text: "行政诉讼", role: "header", colSpan: 10 });
  RESULT_COLUMNS.forEach((col, j) => g.put(1, j, { text: col.zh, role: "header", rowSpan: 2 }));
  g.put(1, 5, { text: "未经复议直接起诉", role: "header", colSpan: 5 });
  g.put(1, 10, { text: "复议后起诉", role: "header", colSpan: 5 });
  [5, 10].forEach((start) => RESULT_COLUMNS.forEach((col, j) => g.put(2, start + j, { text: col.zh, role: "header" })));
  REVIEW_ROWS.forEach((row, i) => RESULT_COLUMNS.forEach((col, j) => g.put(3, i * 5 + j, valueCell(src, cellFor(`reviewLitigation.${row.key}.${col.key}`, t)!))));
  return { key: "reviewLitigation", heading: SECTION_HEADINGS.reviewLitigation, template: t, caption, width: 15, headerRows: 3, labelColumns: 0, grid: g.done() };
}

/** The three tables of one report (or one set of summed figures) in the template's layout. */
export function reportTables(src: FigureSource): TableLayout[] {
  return [proactiveTable(src), applicationsTable(src), reviewTable(src)];
}

/** Every value cell of a table, in reading order. */
export function valueCells(table: TableLayout): LayoutCell[] {
  return table.grid.flatMap((row) => row.filter((c): c is LayoutCell => c != null && c.role === "value"));
}

/** The canonical paths printed unreadable (null) across tables: reported, never printed as figures. */
export function unreadablePaths(tables: TableLayout[]): string[] {
  return tables.flatMap(valueCells).filter((c) => c.value == null).map((c) => c.path!);
}
