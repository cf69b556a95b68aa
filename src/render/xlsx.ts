/**
 * XLSX: a metadata sheet first (报告信息: title, agency, region, year, template, revision, source,
 * coverage), then one sheet per table with real merged cells, numbers as numbers (money with a
 * format showing its printed decimals), blank cells empty, header rows and label columns frozen,
 * then one sheet per annex. Written directly as SpreadsheetML (xlsx-writer.ts) in one pass.
 */
import type { RenderDoc, SimpleTable } from "./document";
import type { LayoutCell, TableLayout } from "./layout";
import { SharedStrings, SheetBuilder, sheetName, Styles, workbookBuffer } from "./xlsx-writer";

/** Number format showing exactly the printed decimals. */
export function numberFormat(cell: LayoutCell): string {
  return cell.decimals ? `0.${"0".repeat(cell.decimals)}` : "0";
}

function tableSheet(t: TableLayout, name: string, styles: Styles, strings: SharedStrings): SheetBuilder {
  // Row 1: the heading across the table; row 2: the caption when there is one; then the grid.
  const top = t.caption ? 3 : 2;
  const labelWidths = t.key === "applications" ? [6, 8, 34] : t.key === "proactive" ? [22] : [];
  const ws = new SheetBuilder({
    name, freeze: { x: t.labelColumns, y: top - 1 + t.headerRows }, page: { landscape: t.width > 10 },
    widths: Array.from({ length: t.width }, (_, c) => labelWidths[c] ?? (t.key === "proactive" ? 18 : 10)),
  }, strings);
  ws.merge(1, 1, 1, t.width);
  ws.set(1, 1, t.heading, styles.id({ bold: true, size: 12 }));
  if (t.caption) {
    ws.merge(2, 1, 2, t.width);
    ws.set(2, 1, t.caption, styles.id({ size: 9 }));
  }
  const plain = styles.id({ border: true });
  const valueAlign = { border: true, h: "right", v: "middle" } as const;
  t.grid.forEach((row, r) => row.forEach((cell, c) => {
    const R = top + r;
    const C = 1 + c;
    if (!cell) return ws.set(R, C, null, plain);
    if (cell.rowSpan > 1 || cell.colSpan > 1) ws.merge(R, C, R + cell.rowSpan - 1, C + cell.colSpan - 1);
    if (cell.role === "value") {
      if (cell.value != null && !cell.blank) ws.set(R, C, cell.value, styles.id({ ...valueAlign, numFmt: numberFormat(cell) }));
      else ws.set(R, C, cell.value == null ? cell.text : null, styles.id(valueAlign));
    } else {
      ws.set(R, C, cell.text, styles.id({
        border: true, fill: cell.role !== "label", h: cell.role === "label" && !cell.vertical ? "left" : "center", v: "middle", wrap: true, verticalText: !!cell.vertical,
      }));
    }
  }));
  return ws;
}

function annexSheet(a: SimpleTable, name: string, styles: Styles, strings: SharedStrings): SheetBuilder {
  let r = 2;
  const headerRow = a.note ? 3 : 2;
  const ws = new SheetBuilder({ name, freeze: { x: 0, y: headerRow }, widths: a.columns.map((_, j) => (j === 0 ? 36 : 16)) }, strings);
  ws.set(1, 1, a.heading, styles.id({ bold: true, size: 12 }));
  if (a.note) ws.set(r++, 1, a.note, 0);
  const head = styles.id({ bold: true, border: true });
  a.columns.forEach((c, j) => ws.set(r, 1 + j, c, head));
  const cell = styles.id({ border: true });
  for (const row of a.rows) {
    r++;
    row.forEach((v, j) => ws.set(r, 1 + j, v, cell));
  }
  return ws;
}

export async function renderXlsx(doc: RenderDoc): Promise<Buffer> {
  const styles = new Styles();
  const strings = new SharedStrings();
  const used = new Set<string>();
  const meta = new SheetBuilder({ name: sheetName("报告信息", used), widths: [12, 90] }, strings);
  meta.set(1, 1, doc.title, styles.id({ bold: true, size: 14 }));
  meta.merge(1, 1, 1, 2);
  const key = styles.id({ bold: true });
  doc.meta.forEach(([k, v], i) => {
    meta.set(2 + i, 1, k, key);
    meta.set(2 + i, 2, v, 0);
  });
  const sheets = [meta];
  for (const t of doc.tables) {
    const short = t.heading.slice(0, 1);
    const several = doc.tables.filter((x) => x.heading === t.heading).length > 1;
    const name = sheetName(`${short}、${t.key === "proactive" ? "主动公开" : t.key === "applications" ? "依申请公开" : "复议诉讼"}${several ? `（${t.template}模板）` : ""}`, used);
    sheets.push(tableSheet(t, name, styles, strings));
  }
  for (const a of doc.annexes) sheets.push(annexSheet(a, sheetName(a.heading, used), styles, strings));
  return workbookBuffer(sheets, styles, strings, { title: doc.title, creator: "gongkai" });
}
