/**
 * Bytes → text. Detects the kind of input (HTML page, .docx, PDF, plain text), the character encoding
 * (UTF-8, GBK/GB18030, Big5 …) and traditional characters, and renders tables as TAB-separated rows
 * so that the reader sees every printed cell, blank ones included.
 */
import iconv from "iconv-lite";
import chardet from "chardet";
import * as OpenCC from "opencc-js";
import { htmlToText } from "./html";
import { xlsxToText } from "./xlsx";
import { csvToText } from "./csv";

export type InputKind = "html" | "docx" | "pdf" | "text" | "xlsx" | "csv";

export interface Decoded {
  kind: InputKind;
  /** Text with tables as TAB-separated rows. */
  text: string;
  /** True when the text came from real table cells (HTML, docx), so a row's cell positions can be trusted. */
  gridTables: boolean;
  encoding: string;
  /** True when traditional characters were converted to simplified. */
  convertedTraditional: boolean;
}

export class DecodeError extends Error {}

export function detectKind(content: Buffer, fileName?: string | null, contentType?: string | null): InputKind {
  const name = (fileName ?? "").toLowerCase();
  const type = (contentType ?? "").toLowerCase();
  if (content.subarray(0, 5).toString("latin1") === "%PDF-" || name.endsWith(".pdf") || type.includes("pdf")) return "pdf";
  if (name.endsWith(".xlsx") || type.includes("spreadsheetml") || (content[0] === 0x50 && content[1] === 0x4b && content.includes("xl/workbook"))) return "xlsx";
  if (name.endsWith(".csv") || type.includes("text/csv")) return "csv";
  if ((content[0] === 0x50 && content[1] === 0x4b) || name.endsWith(".docx") || type.includes("wordprocessingml")) return "docx";
  if (name.endsWith(".html") || name.endsWith(".htm") || type.includes("html")) return "html";
  const head = content.subarray(0, 4096).toString("latin1");
  if (/<(!doctype html|html|body|table|div|p)[\s>]/i.test(head)) return "html";
  return "text";
}

function isValidUtf8(buf: Buffer): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}

/** Decodes bytes, trusting a BOM, then valid UTF-8, then an HTML meta charset, then detection. */
export function decodeBytes(buf: Buffer, htmlHint = false): { text: string; encoding: string } {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { text: buf.subarray(3).toString("utf8"), encoding: "utf-8" };
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: iconv.decode(buf.subarray(2), "utf-16le"), encoding: "utf-16le" };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { text: iconv.decode(buf.subarray(2), "utf-16be"), encoding: "utf-16be" };
  if (isValidUtf8(buf)) return { text: buf.toString("utf8"), encoding: "utf-8" };
  if (htmlHint) {
    const meta = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(buf.subarray(0, 4096).toString("latin1"));
    if (meta && iconv.encodingExists(meta[1]) && !/utf-?8/i.test(meta[1])) return { text: iconv.decode(buf, meta[1]), encoding: meta[1].toLowerCase() };
  }
  const guess = chardet.detect(buf) ?? "GB18030";
  const encoding = /^(GB2312|GBK|GB18030|ISO-8859-1|windows-1252|EUC-KR|EUC-JP)$/i.test(guess) ? "gb18030" : guess;
  if (!iconv.encodingExists(encoding)) throw new DecodeError(`unknown character encoding ${guess}`);
  return { text: iconv.decode(buf, encoding), encoding: encoding.toLowerCase() };
}

let toSimplified: ((s: string) => string) | null = null;

/** Converts traditional characters to simplified when a text is mostly traditional. */
export function simplify(text: string): { text: string; converted: boolean } {
  const convert = (toSimplified ??= OpenCC.Converter({ from: "tw", to: "cn" }));
  const sample = text.slice(0, 20000);
  const converted = convert(sample);
  let changed = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] !== converted[i]) changed++;
  const cjk = (sample.match(/[\u4e00-\u9fff]/g) ?? []).length;
  if (changed < 5 || changed < cjk * 0.03) return { text, converted: false };
  return { text: convert(text).replace(/资讯/g, "信息"), converted: true };
}

async function docxToHtml(buf: Buffer): Promise<string> {
  const mammoth = await import("mammoth");
  const { value } = await mammoth.convertToHtml({ buffer: buf });
  return value;
}

async function pdfToText(buf: Buffer): Promise<string> {
  const { PDFParse } = await import("pdf-parse");
  const parser = new PDFParse({ data: new Uint8Array(buf) });
  try {
    const result = await parser.getText();
    return result.text;
  } finally {
    await parser.destroy();
  }
}

export async function decode(content: Buffer | string, fileName?: string | null, contentType?: string | null): Promise<Decoded> {
  const buf = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  const kind = typeof content === "string" && !/<(html|body|table)[\s>]/i.test(content.slice(0, 4096)) && !/\.html?$/i.test(fileName ?? "") ? "text" : detectKind(buf, fileName, contentType);
  let text: string;
  let encoding = "utf-8";
  let gridTables = false;
  if (kind === "docx") {
    try {
      text = htmlToText(await docxToHtml(buf));
    } catch (e) {
      throw new DecodeError(`not a readable .docx file (${(e as Error).message})`);
    }
    gridTables = true;
  } else if (kind === "pdf") {
    try {
      text = await pdfToText(buf);
    } catch (e) {
      throw new DecodeError(`not a readable PDF (${(e as Error).message})`);
    }
    if (!/[\u4e00-\u9fff]/.test(text)) throw new DecodeError("the PDF has no text layer (scanned images?); run OCR first");
  } else if (kind === "xlsx") {
    try {
      text = await xlsxToText(buf);
    } catch (e) {
      throw new DecodeError(`not a readable .xlsx file (${(e as Error).message})`);
    }
    gridTables = true;
  } else if (kind === "csv") {
    ({ text, encoding } = csvToText(buf));
    gridTables = true;
  } else {
    const decoded = typeof content === "string" ? { text: content, encoding: "utf-8" } : decodeBytes(buf, kind === "html");
    encoding = decoded.encoding;
    text = kind === "html" ? htmlToText(decoded.text) : decoded.text;
    gridTables = kind === "html";
  }
  const simplified = simplify(text);
  return { kind, text: simplified.text, gridTables, encoding, convertedTraditional: simplified.converted };
}
