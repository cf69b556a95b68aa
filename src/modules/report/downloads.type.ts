import { Field, ObjectType } from "type-graphql";

@ObjectType({ description: "下载 — paths (relative to the service) of the same figures as files in the official table layout." })
export class Downloads {
  @Field({ description: "HTML page, printable on A4." }) html: string;
  @Field({ description: "Excel workbook: one sheet per table with merged headers, plus metadata." }) xlsx: string;
  @Field({ description: "CSV, UTF-8 with BOM, one line per table row." }) csv: string;
  @Field({ description: "Word document (the 汇总 draft offices file)." }) docx: string;
}

/** The four download paths of one document: `${base}.${ext}` plus an optional query string. */
export function downloadPaths(base: string, query: Record<string, string | null | undefined> = {}): Downloads {
  const q = Object.entries(query).filter(([, v]) => v != null && v !== "").map(([k, v]) => `${k}=${encodeURIComponent(v!)}`).join("&");
  const at = (ext: string) => `${base}.${ext}${q ? `?${q}` : ""}`;
  return { html: at("html"), xlsx: at("xlsx"), csv: at("csv"), docx: at("docx") };
}
