/**
 * CSV: UTF-8 with a BOM (so Excel opens it as UTF-8), RFC 4180 quoting, one line per table row. A
 * merged cell's text stands in its first slot and the slots it covers are empty, as HTML colspan
 * reads; blank cells are empty fields, never 0.
 */
import type { RenderDoc } from "./document";

export const BOM = "\ufeff";

/**
 * One CSV field. Text that a spreadsheet would run as a formula (=, +, -, @ first, and not a
 * number) gets a leading apostrophe: report text is untrusted input.
 */
export function csvField(v: string | number | null | undefined): string {
  if (v == null) return "";
  if (typeof v === "number") return String(v);
  let s = v;
  if (/^[=+\-@\t\r]/.test(s) && !/^[+-]?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (fields: Array<string | number | null | undefined>) => fields.map(csvField).join(",") + "\r\n";

export function renderCsv(doc: RenderDoc): string {
  const out: string[] = [BOM, csvLine([doc.title])];
  for (const [k, v] of doc.meta) out.push(csvLine([k, v]));
  for (const s of doc.before) out.push(csvLine([s.heading]), ...(s.text.trim() ? [csvLine([s.text.trim()])] : []));
  let last = "";
  for (const t of doc.tables) {
    if (t.heading !== last) out.push(csvLine([t.heading]));
    last = t.heading;
    if (t.caption) out.push(csvLine([t.caption]));
    for (const row of t.grid) out.push(csvLine(row.map((c) => (c ? c.text : ""))));
  }
  for (const s of doc.after) out.push(csvLine([s.heading]), ...(s.text.trim() ? [csvLine([s.text.trim()])] : []));
  for (const a of doc.annexes) {
    out.push(csvLine([a.heading]));
    if (a.note) out.push(csvLine([a.note]));
    out.push(csvLine(a.columns), ...a.rows.map(csvLine));
  }
  return out.join("");
}
