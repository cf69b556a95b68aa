/**
 * XLSX (exceljs): a metadata sheet first (报告信息: title, agency, region, year, template, revision,
 * source, coverage), then one sheet per table with real merged cells, numbers as numbers (money with
 * a format showing its printed decimals), blank cells empty, header rows and label columns frozen,
 * then one sheet per annex.
 */
import ExcelJS from "exceljs";
import type { RenderDoc, SimpleTable } from "./document";
import type { LayoutCell, TableLayout } from "./layout";

const BORDER: Partial<ExcelJS.Borders> = {
  top: { style: "thin" }, left: { style: "thin" }, bottom: { style: "thin" }, right: { style: "thin" },
};
const FONT = { name: "SimSun", size: 10 };

/** Sheet names: at most 31 characters, none of []:*?/\ , unique in the workbook. */
function sheetName(wanted: string, used: Set<string>): string {
  const base = wanted.replace(/[[\]:*?/\\]/g, "").slice(0, 28) || "Sheet";
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}${i}`;
  used.add(name);
  return name;
}

/** Number format showing exactly the printed decimals. */
export function numberFormat(cell: LayoutCell): string {
  return cell.decimals ? `0.${"0".repeat(cell.decimals)}` : "0";
}

function tableSheet(wb: ExcelJS.Workbook, t: TableLayout, name: string): void {
  const ws = wb.addWorksheet(name, { pageSetup: { paperSize: 9, orientation: t.width > 10 ? "landscape" : "portrait", fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  // Row 1: the heading across the table; row 2: the caption when there is one; then the grid.
  ws.mergeCells(1, 1, 1, t.width);
  ws.getCell(1, 1).value = t.heading;
  ws.getCell(1, 1).font = { ...FONT, bold: true, size: 12 };
  let top = 2;
  if (t.caption) {
    ws.mergeCells(2, 1, 2, t.width);
    ws.getCell(2, 1).value = t.caption;
    ws.getCell(2, 1).font = { ...FONT, size: 9 };
    top = 3;
  }
  t.grid.forEach((row, r) => row.forEach((cell, c) => {
    const x = ws.getCell(top + r, 1 + c);
    x.border = BORDER;
    x.font = FONT;
    if (!cell) return;
    if (cell.rowSpan > 1 || cell.colSpan > 1) ws.mergeCells(top + r, 1 + c, top + r + cell.rowSpan - 1, 1 + c + cell.colSpan - 1);
    const target = ws.getCell(top + r, 1 + c);
    if (cell.role === "value") {
      if (cell.value != null && !cell.blank) {
        target.value = cell.value;
        target.numFmt = numberFormat(cell);
      } else if (cell.value == null) target.value = cell.text;
      target.alignment = { horizontal: "right", vertical: "middle" };
    } else {
      target.value = cell.text;
      target.alignment = { horizontal: cell.role === "label" && !cell.vertical ? "left" : "center", vertical: "middle", wrapText: true, ...(cell.vertical ? { textRotation: "vertical" as const } : {}) };
      if (cell.role !== "label") target.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF2F2F2" } };
    }
  }));
  const labelWidths = t.key === "applications" ? [6, 8, 34] : t.key === "proactive" ? [22] : [];
  for (let c = 1; c <= t.width; c++) ws.getColumn(c).width = labelWidths[c - 1] ?? (t.key === "proactive" ? 18 : 10);
  ws.views = [{ state: "frozen", xSplit: t.labelColumns, ySplit: top - 1 + t.headerRows }];
}

function annexSheet(wb: ExcelJS.Workbook, a: SimpleTable, name: string): void {
  const ws = wb.addWorksheet(name);
  ws.getCell(1, 1).value = a.heading;
  ws.getCell(1, 1).font = { ...FONT, bold: true, size: 12 };
  let r = 2;
  if (a.note) ws.getCell(r++, 1).value = a.note;
  a.columns.forEach((c, j) => {
    const x = ws.getCell(r, 1 + j);
    x.value = c;
    x.font = { ...FONT, bold: true };
    x.border = BORDER;
  });
  const headerRow = r;
  for (const row of a.rows) {
    r++;
    row.forEach((v, j) => {
      const x = ws.getCell(r, 1 + j);
      x.value = v == null ? null : v;
      x.border = BORDER;
    });
  }
  a.columns.forEach((_, j) => (ws.getColumn(1 + j).width = j === 0 ? 36 : 16));
  ws.views = [{ state: "frozen", xSplit: 0, ySplit: headerRow }];
}

export function buildWorkbook(doc: RenderDoc): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "gongkai";
  wb.title = doc.title;
  const used = new Set<string>();
  const meta = wb.addWorksheet(sheetName("报告信息", used));
  meta.getCell(1, 1).value = doc.title;
  meta.getCell(1, 1).font = { ...FONT, bold: true, size: 14 };
  meta.mergeCells(1, 1, 1, 2);
  doc.meta.forEach(([k, v], i) => {
    meta.getCell(2 + i, 1).value = k;
    meta.getCell(2 + i, 1).font = { ...FONT, bold: true };
    meta.getCell(2 + i, 2).value = v;
  });
  meta.getColumn(1).width = 12;
  meta.getColumn(2).width = 90;
  const counts = new Map<string, number>();
  for (const t of doc.tables) {
    const short = t.heading.slice(0, 1);
    const n = (counts.get(short) ?? 0) + 1;
    counts.set(short, n);
    const several = doc.tables.filter((x) => x.heading === t.heading).length > 1;
    tableSheet(wb, t, sheetName(`${short}、${t.key === "proactive" ? "主动公开" : t.key === "applications" ? "依申请公开" : "复议诉讼"}${several ? `（${t.template}模板）` : ""}`, used));
  }
  for (const a of doc.annexes) annexSheet(wb, a, sheetName(a.heading, used));
  return wb;
}

export async function renderXlsx(doc: RenderDoc): Promise<Buffer> {
  return Buffer.from(await buildWorkbook(doc).xlsx.writeBuffer());
}
