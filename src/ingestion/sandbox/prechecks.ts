/**
 * Checks that run before a file is expanded or parsed, in time linear in its size: a .docx's zip
 * central directory (entry count, declared sizes, compression ratio — read by yauzl, nothing
 * inflated), and an HTML page's element depth, table nesting and grid size (cells × rowspan ×
 * colspan). A file over a limit is rejected with the limit's name; the worker's memory cap and time
 * limit (./index.ts) bound whatever a file that lies about itself still costs.
 */
import yauzl from "yauzl";
import type { ImportLimits } from "../../config";

export class LimitError extends Error {}

const MAX_ZIP_ENTRIES = 2000;

/** Rejects a .docx whose entries would expand past the limits (a zip bomb), from its central directory alone. */
export async function checkDocx(buf: Buffer, limits: ImportLimits): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(buf, { lazyEntries: true, validateEntrySizes: true }, (err, z) => (err ? reject(new LimitError(`not a readable .docx (zip): ${err.message}`)) : resolve(z))),
  );
  let total = 0;
  let count = 0;
  await new Promise<void>((resolve, reject) => {
    zip.on("entry", (e: yauzl.Entry) => {
      count++;
      total += e.uncompressedSize;
      const ratio = e.uncompressedSize / Math.max(1, e.compressedSize);
      let problem: string | null = null;
      if (count > MAX_ZIP_ENTRIES) problem = `holds more than ${MAX_ZIP_ENTRIES} entries`;
      else if (total > limits.docxMaxUncompressed) problem = `expands to more than ${mb(limits.docxMaxUncompressed)} (GONGKAI_DOCX_MAX_MB)`;
      else if (e.uncompressedSize > 1024 * 1024 && ratio > limits.docxMaxRatio) {
        problem = `has an entry (${e.fileName}) compressed ${Math.round(ratio)}:1, over the limit of ${limits.docxMaxRatio}:1 (GONGKAI_DOCX_MAX_RATIO)`;
      }
      if (problem) {
        zip.close();
        reject(new LimitError(`the .docx ${problem}`));
        return;
      }
      zip.readEntry();
    });
    zip.on("end", () => resolve());
    zip.on("error", (err: Error) => reject(new LimitError(`not a readable .docx (zip): ${err.message}`)));
    zip.readEntry();
  });
}

function mb(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}

/** Elements that never hold children, and those whose end tag HTML lets authors leave out. */
const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "basefont", "frame", "keygen"]);
const OPTIONAL_END = new Set(["p", "li", "td", "th", "tr", "dt", "dd", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp"]);
const MAX_SPAN = 1000;

/** Depth, table nesting and grid size of an HTML page, counted in one pass over its tags. */
export function checkHtml(html: string, limits: ImportLimits): void {
  const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)([^>]*)>|<!--[\s\S]*?-->/g;
  let depth = 0;
  let tables = 0;
  let grid = 0;
  let m: RegExpExecArray | null;
  while ((m = tag.exec(html))) {
    if (!m[2]) continue; // comment
    const name = m[2].toLowerCase();
    const closing = m[1] === "/";
    if (name === "table") {
      tables += closing ? -1 : 1;
      if (tables < 0) tables = 0;
      if (tables > limits.htmlMaxTableNesting) throw new LimitError(`the page nests tables more than ${limits.htmlMaxTableNesting} deep (GONGKAI_HTML_MAX_TABLE_NESTING)`);
    }
    if (!closing && (name === "td" || name === "th")) {
      grid += span(m[3], "rowspan") * span(m[3], "colspan");
      if (grid > limits.htmlMaxGridCells) throw new LimitError(`the page's tables span more than ${limits.htmlMaxGridCells} grid cells (cells × rowspan × colspan; GONGKAI_HTML_MAX_GRID_CELLS)`);
    }
    if (VOID.has(name) || OPTIONAL_END.has(name) || m[3].endsWith("/")) continue;
    depth += closing ? -1 : 1;
    if (depth < 0) depth = 0;
    if (depth > limits.htmlMaxDepth) throw new LimitError(`the page nests elements more than ${limits.htmlMaxDepth} deep (GONGKAI_HTML_MAX_DEPTH)`);
  }
}

function span(attrs: string, name: string): number {
  const m = new RegExp(`${name}\\s*=\\s*["']?\\s*(\\d+)`, "i").exec(attrs);
  if (!m) return 1;
  return Math.min(MAX_SPAN, Math.max(1, Number(m[1])));
}
