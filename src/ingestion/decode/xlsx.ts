/**
 * .xlsx → text: every sheet in workbook order, each row one line of TAB-separated cells. A merged
 * cell's text stands in its top-left slot and the slots it covers are empty, exactly as HTML
 * rowspan/colspan expand in html.ts, so the reader sees the same grid from a workbook as from a page.
 * Numbers print as their value (no thousands separators, no display rounding); formulas print their
 * cached result.
 */
import type ExcelJS from "exceljs";

function cellText(cell: ExcelJS.Cell): string {
  if (cell.isMerged && cell.master.address !== cell.address) return "";
  const v = cell.value as unknown;
  if (v == null) return "";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object") {
    const o = v as { richText?: Array<{ text: string }>; result?: unknown; text?: string; error?: string };
    if (o.richText) return o.richText.map((r) => r.text).join("");
    if ("result" in o) return o.result == null ? "" : String(o.result);
    if (typeof o.text === "string") return o.text;
    if (o.error) return "";
  }
  return String(v);
}

const clean = (s: string) => s.replace(/[\t\r\n]+/g, " ").trim();

export async function xlsxToText(buf: Buffer): Promise<string> {
  // Loaded on first use: exceljs takes ~0.35 s to load, which every other input would pay.
  const { default: Excel } = await import("exceljs");
  const wb = new Excel.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const lines: string[] = [];
  wb.eachSheet((ws) => {
    const width = ws.columnCount;
    for (let r = 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const cells: string[] = [];
      for (let c = 1; c <= width; c++) cells.push(clean(cellText(row.getCell(c))));
      lines.push(cells.join("\t"));
    }
    lines.push("");
  });
  return lines.join("\n");
}
