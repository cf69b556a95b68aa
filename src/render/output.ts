/** One document in one output format: bytes, content type and file extension. */
import type { RenderDoc } from "./document";
import { renderHtml } from "./html";
import { renderCsv } from "./csv";
import { renderXlsx } from "./xlsx";
import { renderDocx } from "./docx";

export const FORMATS = ["html", "xlsx", "csv", "docx"] as const;
export type OutputFormat = (typeof FORMATS)[number];

export const CONTENT_TYPES: Record<OutputFormat, string> = {
  html: "text/html; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
};

export function isFormat(v: string): v is OutputFormat {
  return (FORMATS as readonly string[]).includes(v);
}

export async function renderAs(doc: RenderDoc, format: OutputFormat): Promise<Buffer> {
  switch (format) {
    case "html": return Buffer.from(renderHtml(doc), "utf8");
    case "csv": return Buffer.from(renderCsv(doc), "utf8");
    case "xlsx": return renderXlsx(doc);
    case "docx": return renderDocx(doc);
  }
}
