/**
 * A direct SpreadsheetML writer: the parts of an .xlsx (workbook, styles, sheets, core properties)
 * written as XML strings and zipped with node's zlib (zip.ts). It knows only what the renderers use
 * (numbers, text, merged ranges, a few fonts, one fill, thin borders, alignment, number formats,
 * frozen panes, column widths, A4 page setup) and is one pass over the cells: a region draft's
 * workbook costs a few milliseconds instead of exceljs' model building and pure-JS deflate.
 *
 * Documents use a shared-strings table; the streamed bulk sheet writes inline strings so that its
 * memory does not grow with the rows.
 */
import { Sink, ZipWriter, zipBuffer } from "./zip";

export interface CellStyle {
  bold?: boolean;
  size?: number;
  fill?: boolean;
  border?: boolean;
  numFmt?: string;
  h?: "left" | "center" | "right";
  v?: "middle";
  wrap?: boolean;
  verticalText?: boolean;
}

const BUILTIN_FORMATS: Record<string, number> = { General: 0, "0": 1, "0.00": 2 };

/** Fonts, fills, borders, number formats and cell formats, registered as they are first used. */
export class Styles {
  private readonly fonts = new Map<string, number>([["false:10", 0]]);
  private readonly formats = new Map<string, number>();
  private readonly xfs = new Map<string, number>([["{}", 0]]);
  private readonly xfXml: string[] = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];

  id(style: CellStyle): number {
    const key = JSON.stringify(style);
    const known = this.xfs.get(key);
    if (known != null) return known;
    const fontKey = `${!!style.bold}:${style.size ?? 10}`;
    let font = this.fonts.get(fontKey);
    if (font == null) this.fonts.set(fontKey, (font = this.fonts.size));
    let fmt = 0;
    if (style.numFmt) {
      fmt = BUILTIN_FORMATS[style.numFmt] ?? this.formats.get(style.numFmt) ?? 164 + this.formats.size;
      if (fmt >= 164) this.formats.set(style.numFmt, fmt);
    }
    const align = style.h || style.v || style.wrap || style.verticalText
      ? `<alignment${style.h ? ` horizontal="${style.h}"` : ""}${style.v ? ` vertical="center"` : ""}${style.wrap ? ' wrapText="1"' : ""}${style.verticalText ? ' textRotation="255"' : ""}/>`
      : "";
    const attrs = `numFmtId="${fmt}" fontId="${font}" fillId="${style.fill ? 2 : 0}" borderId="${style.border ? 1 : 0}" xfId="0"` +
      `${fmt ? ' applyNumberFormat="1"' : ""}${font ? ' applyFont="1"' : ""}${style.fill ? ' applyFill="1"' : ""}${style.border ? ' applyBorder="1"' : ""}${align ? ' applyAlignment="1"' : ""}`;
    this.xfXml.push(align ? `<xf ${attrs}>${align}</xf>` : `<xf ${attrs}/>`);
    const id = this.xfXml.length - 1;
    this.xfs.set(key, id);
    return id;
  }

  xml(): string {
    const fonts = [...this.fonts.keys()].map((k) => {
      const [bold, size] = k.split(":");
      return `<font>${bold === "true" ? "<b/>" : ""}<sz val="${size}"/><name val="SimSun"/><family val="3"/><charset val="134"/></font>`;
    });
    const formats = [...this.formats].map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`);
    const thin = '<left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right><top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/>';
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
      (formats.length ? `<numFmts count="${formats.length}">${formats.join("")}</numFmts>` : "") +
      `<fonts count="${fonts.length}">${fonts.join("")}</fonts>` +
      '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFF2F2F2"/><bgColor indexed="64"/></patternFill></fill></fills>' +
      `<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border>${thin}</border></borders>` +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${this.xfXml.length}">${this.xfXml.join("")}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';
  }
}

const INVALID_XML = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/;
const NEEDS_ESCAPE = /[&<>"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/;

/** Text as XML character data: the five specials escaped, characters XML cannot hold dropped. */
export function escapeXml(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(new RegExp(INVALID_XML.source, "g"), "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const LETTERS: string[] = [];
/** Column letters, 1 → A, 27 → AA. */
export function columnName(c: number): string {
  let s = LETTERS[c];
  if (s) return s;
  s = "";
  for (let n = c; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  LETTERS[c] = s;
  return s;
}

export const address = (row: number, col: number) => `${columnName(col)}${row}`;

export interface SheetOptions {
  name: string;
  /** Frozen columns and rows. */
  freeze?: { x: number; y: number };
  widths?: number[];
  page?: { landscape: boolean };
}

/** Cell values: a number prints as a number, a string as text, null as an empty (possibly styled) cell. */
export type XValue = string | number | null | undefined;

/** The XML of one cell; `strings` is the shared-strings index (documents) or absent (inline strings). */
export function cellXml(ref: string, v: XValue, style: number, strings?: SharedStrings): string {
  const s = style ? ` s="${style}"` : "";
  if (v == null || v === "") return s ? `<c r="${ref}"${s}/>` : "";
  if (typeof v === "number") return Number.isFinite(v) ? `<c r="${ref}"${s}><v>${v}</v></c>` : `<c r="${ref}"${s}/>`;
  if (strings) return `<c r="${ref}"${s} t="s"><v>${strings.index(v)}</v></c>`;
  return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${escapeXml(v)}</t></is></c>`;
}

export class SharedStrings {
  private readonly map = new Map<string, number>();
  private count = 0;
  index(s: string): number {
    this.count++;
    let i = this.map.get(s);
    if (i == null) this.map.set(s, (i = this.map.size));
    return i;
  }
  xml(): string {
    const items = [...this.map.keys()].map((s) => `<si><t xml:space="preserve">${escapeXml(s)}</t></si>`);
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${this.count}" uniqueCount="${items.length}">${items.join("")}</sst>`;
  }
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/** The sheet XML up to `<sheetData>`. */
export function sheetHead(o: SheetOptions): string {
  let views = '<sheetViews><sheetView workbookViewId="0"/></sheetViews>';
  if (o.freeze && (o.freeze.x || o.freeze.y)) {
    const { x, y } = o.freeze;
    const pane = x && y ? "bottomRight" : y ? "bottomLeft" : "topRight";
    views = `<sheetViews><sheetView workbookViewId="0"><pane${x ? ` xSplit="${x}"` : ""}${y ? ` ySplit="${y}"` : ""} topLeftCell="${address(y + 1, x + 1)}" activePane="${pane}" state="frozen"/><selection pane="${pane}"/></sheetView></sheetViews>`;
  }
  const cols = o.widths?.length ? `<cols>${o.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join("")}</cols>` : "";
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}>${o.page ? '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' : ""}${views}<sheetFormatPr defaultRowHeight="15"/>${cols}<sheetData>`;
}

/** The sheet XML after `</sheetData>`. */
export function sheetTail(o: SheetOptions, merges: string[]): string {
  const m = merges.length ? `<mergeCells count="${merges.length}">${merges.map((r) => `<mergeCell ref="${r}"/>`).join("")}</mergeCells>` : "";
  const page = o.page ? `<pageSetup paperSize="9" orientation="${o.page.landscape ? "landscape" : "portrait"}" fitToWidth="1" fitToHeight="0"/>` : "";
  return `</sheetData>${m}<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>${page}</worksheet>`;
}

/** Sheet names: at most 31 characters, none of []:*?/\ , unique in the workbook. */
export function sheetName(wanted: string, used: Set<string>): string {
  const base = wanted.replace(/[[\]:*?/\\]/g, "").slice(0, 28) || "Sheet";
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}${i}`;
  used.add(name);
  return name;
}

/** The package parts around the sheets (content types, relationships, workbook, core properties). */
export function packageParts(sheetNames: string[], props: { title?: string; creator?: string }, sharedStrings: boolean): Array<[string, string]> {
  const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  const sheets = sheetNames.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join("");
  const types = `${head}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
    `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets}` +
    `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
    (sharedStrings ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : "") +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>';
  const rels = `${head}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>';
  const n = sheetNames.length;
  const wbRels = `${head}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    sheetNames.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join("") +
    `<Relationship Id="rId${n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
    (sharedStrings ? `<Relationship Id="rId${n + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` : "") + "</Relationships>";
  const workbook = `${head}<workbook ${NS}><bookViews><workbookView/></bookViews><sheets>` +
    sheetNames.map((s, i) => `<sheet name="${escapeXml(s)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("") + "</sheets></workbook>";
  const core = `${head}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `${props.creator ? `<dc:creator>${escapeXml(props.creator)}</dc:creator>` : ""}${props.title ? `<dc:title>${escapeXml(props.title)}</dc:title>` : ""}</cp:coreProperties>`;
  return [["[Content_Types].xml", types], ["_rels/.rels", rels], ["xl/workbook.xml", workbook], ["xl/_rels/workbook.xml.rels", wbRels], ["docProps/core.xml", core]];
}

/** A sheet built in memory (documents): rows and columns as sparse arrays, no sorting. */
export class SheetBuilder {
  private readonly rows: string[][] = [];
  readonly merges: string[] = [];
  constructor(readonly options: SheetOptions, private readonly strings: SharedStrings) {}

  set(row: number, col: number, v: XValue, style: number): void {
    (this.rows[row] ??= [])[col] = cellXml(address(row, col), v, style, this.strings);
  }

  merge(r1: number, c1: number, r2: number, c2: number): void {
    this.merges.push(`${address(r1, c1)}:${address(r2, c2)}`);
  }

  xml(): string {
    let out = sheetHead(this.options);
    this.rows.forEach((cells, r) => {
      out += `<row r="${r}">${cells.join("")}</row>`;
    });
    return out + sheetTail(this.options, this.merges);
  }
}

/** A workbook of in-memory sheets, zipped into one buffer. */
export async function workbookBuffer(sheets: SheetBuilder[], styles: Styles, strings: SharedStrings, props: { title?: string; creator?: string }): Promise<Buffer> {
  const files: Array<[string, string]> = [...packageParts(sheets.map((s) => s.options.name), props, true)];
  sheets.forEach((s, i) => files.push([`xl/worksheets/sheet${i + 1}.xml`, s.xml()]));
  files.push(["xl/styles.xml", styles.xml()], ["xl/sharedStrings.xml", strings.xml()]);
  return zipBuffer(files);
}

/**
 * One sheet streamed into a zip (bulk export): rows are appended as XML and flushed every
 * `chunkBytes`, each flush awaiting the sink (backpressure).
 */
export class StreamedSheet {
  private buffer = "";
  private row = 0;
  private entry!: { write: (data: string) => Promise<void>; end: () => Promise<void> };
  private readonly zip: ZipWriter;

  constructor(sink: Sink, private readonly options: SheetOptions, private readonly styles: Styles, private readonly chunkBytes = 256 * 1024, level = 1) {
    this.zip = new ZipWriter(sink, level);
  }

  async start(): Promise<void> {
    for (const [name, data] of packageParts([this.options.name], { creator: "gongkai" }, false)) await this.zip.add(name, data);
    this.entry = await this.zip.open("xl/worksheets/sheet1.xml");
    this.buffer = sheetHead(this.options);
  }

  /** Appends a row of values; a `style` per column (0 for none). Resolves once flushed when the buffer is full. */
  addRow(values: XValue[], styles?: number[]): Promise<void> | void {
    const r = ++this.row;
    let xml = `<row r="${r}">`;
    for (let i = 0; i < values.length; i++) xml += cellXml(`${columnName(i + 1)}${r}`, values[i], styles ? styles[i] : 0);
    this.buffer += xml + "</row>";
    if (this.buffer.length >= this.chunkBytes) return this.flush();
  }

  private async flush(): Promise<void> {
    const chunk = this.buffer;
    this.buffer = "";
    await this.entry.write(chunk);
  }

  async finish(): Promise<void> {
    this.buffer += sheetTail(this.options, []);
    await this.flush();
    await this.entry.end();
    await this.zip.add("xl/styles.xml", this.styles.xml());
    await this.zip.finish();
  }
}
