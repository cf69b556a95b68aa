/**
 * HTML → text that keeps the structure the reader needs: block elements become lines, and every
 * table row becomes one line of TAB-separated cells with rowspan/colspan expanded (a merged cell's
 * text stands in its first slot; the other slots it covers are empty). Scripts, styles and comments go.
 */
import * as cheerio from "cheerio";
import type { AnyNode, Element } from "domhandler";

const BLOCK = new Set(["p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "header", "footer", "ul", "ol", "title", "blockquote", "pre"]);

function cellText($: cheerio.CheerioAPI, el: Element): string {
  return $(el).text().replace(/[\s\u00a0\u3000]+/g, " ").trim();
}

function tableToLines($: cheerio.CheerioAPI, table: Element): string[] {
  const grid: string[][] = [];
  const rows = $(table).find("tr").toArray().filter((tr) => $(tr).closest("table")[0] === table);
  rows.forEach((tr, r) => {
    grid[r] ??= [];
    let c = 0;
    for (const td of $(tr).children("td,th").toArray()) {
      while (grid[r][c] !== undefined) c++;
      const rowspan = Math.max(1, Math.min(100, Number($(td).attr("rowspan")) || 1));
      const colspan = Math.max(1, Math.min(100, Number($(td).attr("colspan")) || 1));
      const text = cellText($, td);
      for (let i = 0; i < rowspan; i++) {
        grid[r + i] ??= [];
        for (let j = 0; j < colspan; j++) grid[r + i][c + j] = i === 0 && j === 0 ? text : "";
      }
      c += colspan;
    }
  });
  return grid.map((row) => Array.from(row, (v) => v ?? "").join("\t"));
}

export function htmlToText(html: string): string {
  const $ = cheerio.load(html);
  $("script, style, noscript, iframe, svg, head").remove();
  // Innermost tables first. A table that holds another table is page layout (old CMS pages wrap
  // the whole article in one): its cells become blocks, so the inner report table keeps its rows.
  const tables = $("table").toArray().reverse();
  for (const table of tables) {
    if ($(table).find("pre[data-table]").length > 0) {
      const blocks = $(table).find("td, th").toArray().filter((td) => $(td).closest("table")[0] === table).map((td) => `<div>${$(td).html() ?? ""}</div>`);
      $(table).replaceWith(`<div>${blocks.join("")}</div>`);
      continue;
    }
    const lines = tableToLines($, table);
    $(table).replaceWith(`<pre data-table="1">\n${lines.map((l) => l.replace(/&/g, "&amp;").replace(/</g, "&lt;")).join("\n")}\n</pre>`);
  }
  const out: string[] = [];
  const walk = (node: AnyNode) => {
    if (node.type === "text") {
      out.push((node as any).data.replace(/[ \r\n\u00a0\u3000]+/g, " "));
      return;
    }
    if (node.type !== "tag") return;
    const el = node;
    if (el.name === "pre" && el.attribs["data-table"]) {
      out.push("\n" + $(el).text().replace(/\u00a0/g, " ") + "\n");
      return;
    }
    const block = BLOCK.has(el.name);
    if (block) out.push("\n");
    for (const child of el.children) walk(child);
    if (block) out.push("\n");
  };
  const root = $("body")[0] ?? $.root()[0];
  for (const child of (root).children ?? []) walk(child);
  return out.join("").replace(/[ ]*\n[ \n]*/g, "\n").replace(/\n{3,}/g, "\n\n").trim();
}
