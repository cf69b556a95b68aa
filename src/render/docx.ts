/**
 * DOCX (the `docx` package): what offices finally file. Title, metadata, the narrative placeholders
 * of the template, the official tables with real merges (gridSpan, vMerge; vertical group labels
 * turned top to bottom), then the annexes. A4, SimSun.
 */
import * as docx from "docx";
import type { RenderDoc, SimpleTable } from "./document";
import type { TableLayout } from "./layout";

type Docx = typeof docx;

function paragraph(d: Docx, text: string, opts: { bold?: boolean; size?: number; center?: boolean; heading?: boolean; indent?: boolean } = {}) {
  return new d.Paragraph({
    alignment: opts.center ? d.AlignmentType.CENTER : undefined,
    indent: opts.indent ? { firstLine: 480 } : undefined,
    spacing: { before: opts.heading ? 200 : 0, after: 80 },
    children: [new d.TextRun({ text, bold: opts.bold, size: opts.size ?? 21, font: "SimSun" })],
  });
}

function gridTable(d: Docx, t: TableLayout) {
  const rows = t.grid.map((row) => new d.TableRow({
    tableHeader: false,
    children: row.flatMap((cell) => {
      if (!cell) return [];
      return [new d.TableCell({
        columnSpan: cell.colSpan > 1 ? cell.colSpan : undefined,
        rowSpan: cell.rowSpan > 1 ? cell.rowSpan : undefined,
        verticalAlign: d.VerticalAlign.CENTER,
        textDirection: cell.vertical ? d.TextDirection.TOP_TO_BOTTOM_RIGHT_TO_LEFT : undefined,
        shading: cell.role === "header" || cell.role === "corner" ? { fill: "F2F2F2", type: d.ShadingType.CLEAR, color: "auto" } : undefined,
        children: [new d.Paragraph({
          alignment: cell.role === "value" ? d.AlignmentType.RIGHT : cell.role === "label" && !cell.vertical ? d.AlignmentType.LEFT : d.AlignmentType.CENTER,
          children: [new d.TextRun({ text: cell.text, size: 18, font: "SimSun" })],
        })],
      })];
    }),
  }));
  return new d.Table({ rows, width: { size: 100, type: d.WidthType.PERCENTAGE } });
}

function simpleTable(d: Docx, a: SimpleTable) {
  const cell = (v: string | number | null, bold = false) => new d.TableCell({ children: [new d.Paragraph({ children: [new d.TextRun({ text: v == null ? "" : String(v), size: 18, bold, font: "SimSun" })] })] });
  return new d.Table({
    width: { size: 100, type: d.WidthType.PERCENTAGE },
    rows: [new d.TableRow({ tableHeader: true, children: a.columns.map((c) => cell(c, true)) }), ...a.rows.map((r) => new d.TableRow({ children: r.map((v) => cell(v)) }))],
  });
}

export async function renderDocx(doc: RenderDoc): Promise<Buffer> {
  const d = docx;
  const children: Array<InstanceType<Docx["Paragraph"]> | InstanceType<Docx["Table"]>> = [];
  children.push(paragraph(d, doc.title, { bold: true, size: 32, center: true }));
  for (const [k, v] of doc.meta) children.push(paragraph(d, `${k}：${v}`, { size: 18 }));
  const narrative = (s: { heading: string; text: string }) => {
    if (s.heading) children.push(paragraph(d, s.heading, { bold: true, heading: true }));
    for (const line of s.text.split(/\n+/).filter((l) => l.trim())) children.push(paragraph(d, line.trim(), { indent: true }));
  };
  doc.before.forEach(narrative);
  let last = "";
  for (const t of doc.tables) {
    if (t.heading !== last) children.push(paragraph(d, t.heading, { bold: true, heading: true }));
    last = t.heading;
    if (t.caption) children.push(paragraph(d, t.caption, { size: 18 }));
    children.push(gridTable(d, t));
  }
  doc.after.forEach(narrative);
  for (const a of doc.annexes) {
    children.push(paragraph(d, a.heading, { bold: true, heading: true }));
    if (a.note) children.push(paragraph(d, a.note, { size: 18 }));
    children.push(simpleTable(d, a));
  }
  const file = new d.Document({
    creator: "gongkai", title: doc.title,
    sections: [{ properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1021, right: 1021 } } }, children }],
  });
  return Buffer.from(await d.Packer.toBuffer(file));
}
