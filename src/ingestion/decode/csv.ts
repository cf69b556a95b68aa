/**
 * .csv → text: each record one line of TAB-separated fields (RFC 4180 quoting; a field's own line
 * breaks become spaces), the same shape html.ts gives a table row. The encoding is detected like any
 * text input (BOM, UTF-8, then GBK…), so CSVs saved by Excel in GBK read too.
 */
import { decodeBytes } from "./decode";

/** RFC 4180 records of a CSV text (comma or semicolon separated, detected from the first line). */
export function csvRecords(text: string): string[][] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const sep = (firstLine.match(/;/g) ?? []).length > (firstLine.match(/,/g) ?? []).length ? ";" : ",";
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === sep) {
      record.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || record.length) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** A field as the report printed it: the apostrophe that guards formula-like text goes. */
const unguard = (s: string) => (/^'[=+\-@]/.test(s) ? s.slice(1) : s);

export function csvToText(buf: Buffer): { text: string; encoding: string } {
  const { text, encoding } = decodeBytes(buf);
  const lines = csvRecords(text.replace(/^\ufeff/, "")).map((r) => r.map((f) => unguard(f).replace(/[\t\r\n]+/g, " ").trim()).join("\t"));
  return { text: lines.join("\n"), encoding };
}
