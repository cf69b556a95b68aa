/**
 * HTML: one self-contained page (no external assets, no scripts), printable on A4. Chinese text uses
 * the system's fonts (Noto/Source Han, then the Windows and macOS ones). Merged cells are real
 * rowspan/colspan; vertical group labels print top to bottom as in the Word template.
 */
import type { RenderDoc, SimpleTable } from "./document";
import type { TableLayout } from "./layout";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const CSS = `
@page { size: A4; margin: 18mm 15mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", serif;
  font-size: 10.5pt; line-height: 1.6; color: #000; margin: 0 auto; max-width: 190mm; padding: 8mm 0; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 6mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0 4mm; font-size: 9pt; color: #333; margin: 0 0 4mm; }
dl.meta dt { font-weight: bold; } dl.meta dd { margin: 0; word-break: break-all; }
p.caption, p.note { font-size: 9pt; color: #333; margin: 0 0 2mm; }
p.text { text-indent: 2em; margin: 0 0 2mm; white-space: pre-wrap; }
table { border-collapse: collapse; width: 100%; margin: 0 0 4mm; page-break-inside: auto; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
td, th { border: 0.75pt solid #000; padding: 1mm 1.2mm; font-size: 9pt; text-align: center; vertical-align: middle; font-weight: normal; }
th { background: #f2f2f2; }
td.label { text-align: left; }
td.v { text-align: right; font-variant-numeric: tabular-nums; min-width: 9mm; }
td.vertical, th.vertical { writing-mode: vertical-rl; text-orientation: upright; letter-spacing: 0.1em; }
table.annex td { text-align: left; }
@media print { body { padding: 0; max-width: none; } th { background: none; } }
`;

function gridTable(t: TableLayout): string {
  const rows = t.grid.map((row, r) => {
    const cells = row.map((cell) => {
      if (!cell) return "";
      const span = `${cell.rowSpan > 1 ? ` rowspan="${cell.rowSpan}"` : ""}${cell.colSpan > 1 ? ` colspan="${cell.colSpan}"` : ""}`;
      const tag = cell.role === "header" || cell.role === "corner" ? "th" : "td";
      const cls = [cell.role === "value" ? "v" : cell.role === "label" ? "label" : "", cell.vertical ? "vertical" : ""].filter(Boolean).join(" ");
      const data = cell.path ? ` data-path="${esc(cell.path)}"` : "";
      return `<${tag}${span}${cls ? ` class="${cls}"` : ""}${data}>${esc(cell.text)}</${tag}>`;
    }).join("");
    return r < t.headerRows ? { head: true, html: `<tr>${cells}</tr>` } : { head: false, html: `<tr>${cells}</tr>` };
  });
  const head = rows.filter((r) => r.head).map((r) => r.html).join("\n");
  const body = rows.filter((r) => !r.head).map((r) => r.html).join("\n");
  return `<table class="official ${t.key}">${head ? `\n<thead>\n${head}\n</thead>` : ""}\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function simpleTable(t: SimpleTable): string {
  const head = `<tr>${t.columns.map((c) => `<th>${esc(c)}</th>`).join("")}</tr>`;
  const body = t.rows.map((r) => `<tr>${r.map((v) => `<td>${esc(v == null ? "" : String(v))}</td>`).join("")}</tr>`).join("\n");
  return `<h2>${esc(t.heading)}</h2>\n${t.note ? `<p class="note">${esc(t.note)}</p>\n` : ""}<table class="annex">\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function paragraphs(text: string): string {
  return text.split(/\n+/).filter((l) => l.trim()).map((l) => `<p class="text">${esc(l.trim())}</p>`).join("\n");
}

export function renderHtml(doc: RenderDoc): string {
  const parts: string[] = [];
  parts.push(`<h1>${esc(doc.title)}</h1>`);
  parts.push(`<dl class="meta">${doc.meta.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join("")}</dl>`);
  for (const s of doc.before) parts.push(`${s.heading ? `<h2>${esc(s.heading)}</h2>\n` : ""}${paragraphs(s.text)}`);
  let last = "";
  for (const t of doc.tables) {
    if (t.heading !== last) parts.push(`<h2>${esc(t.heading)}</h2>`);
    last = t.heading;
    if (t.caption) parts.push(`<p class="caption">${esc(t.caption)}</p>`);
    parts.push(gridTable(t));
  }
  for (const s of doc.after) parts.push(`${s.heading ? `<h2>${esc(s.heading)}</h2>\n` : ""}${paragraphs(s.text)}`);
  for (const a of doc.annexes) parts.push(simpleTable(a));
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.title)}</title>
<style>${CSS}</style>
</head>
<body>
${parts.join("\n")}
</body>
</html>
`;
}
