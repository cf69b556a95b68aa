import fs from "node:fs";
import path from "node:path";
import { parseInput } from "../../src/ingestion/parse";
import { cellsOf } from "../../src/domain/cells";
import { cellValues, getPath } from "../../src/domain/report-json";
import { fixture, pdfFixtures, TEST_FIXTURES_DIR } from "../helpers/fixtures";
import { renderReport, WrapOptions } from "../helpers/render";

/** Cells that differ from the expected JSON, and null cells, as `path: got != want` lines. */
function compare(report: any, expected: any, override: (path: string, want: unknown) => unknown = (_p, w) => w) {
  const wrong: string[] = [];
  const nulls: string[] = [];
  for (const cell of cellsOf(expected.format)) {
    const got = getPath(report, cell.path);
    const want = override(cell.path, getPath(expected, cell.path));
    if (got === null) nulls.push(cell.path);
    else if (got !== want) wrong.push(`${cell.path}: ${got} != ${want}`);
  }
  return { wrong, nulls };
}

const huaian = pdfFixtures().find((f) => f.stem === "2024-huaian-shizhengfu")!;
const ziran = fixture("2023-pingtan-ziranziyuan", "html");

describe("exact grids: innerText of a Word/HTML table", () => {
  const read = (name: string) => fs.readFileSync(path.join(TEST_FIXTURES_DIR, name), "utf8");

  it("reads Chromium's innerText of the 2023 page cell for cell", async () => {
    const { report } = await parseInput(read("2023-pingtan-ziranziyuan.innertext.txt"), { fileName: "innertext.txt", agency: ziran.expected.agency, year: 2023 });
    expect(compare(report, ziran.expected)).toEqual({ wrong: [], nulls: [] });
    expect(report.ambiguousCells).toEqual({});
  });

  it("reads printed blank cells (U+00A0, —, ／) as blank, the 总计 column printed blank included", async () => {
    const { report } = await parseInput(read("2023-pingtan-ziranziyuan.innertext-blanks.txt"), { fileName: "blanks.txt", agency: ziran.expected.agency, year: 2023 });
    // The 总计 column of table 三 is printed blank: 0, listed, and the row totals fail (R2) as printed.
    const totals = (p: string) => p.startsWith("applications.") && p.endsWith(".total");
    expect(compare(report, ziran.expected, (p, w) => (totals(p) ? 0 : w))).toEqual({ wrong: [], nulls: [] });
    expect(report.ambiguousCells).toEqual({});
    const blank = new Set(report.blankCells);
    for (const { cell } of cellValues(report)) {
      if (cell.section !== "applications") continue;
      if (totals(cell.path) || cell.path.endsWith(".research")) expect(blank).toContain(cell.path);
      else expect(blank).not.toContain(cell.path);
    }
    expect(report.blankCells).toEqual(expect.arrayContaining(["reviewLitigation.review.total", "reviewLitigation.litigationDirect.corrected"]));
    expect(blank).not.toContain("reviewLitigation.litigationDirect.maintained");
    expect(report.diagnostics.filter((d) => d.rule === "R2").map((d) => d.path)).toEqual([
      "applications.newReceived.total", "applications.outcomes.granted.total", "applications.outcomes.partiallyGranted.total",
      "applications.outcomes.unableToProvide.notHeld.total", "applications.outcomes.other.otherReasons.total", "applications.outcomes.total.total",
    ]);
  });

  it("does not take dropped cells (nothing between TABs) for printed blanks", async () => {
    // The seed drops blank cells; its rows must still be placed by the sums, not read by position.
    const { report } = await parseInput(fixture("2020-liaocheng-yingjiju").content, { fileName: "seed.txt" });
    expect(getPath(report, "applications.outcomes.unableToProvide.notHeld")).toEqual({ natural: 2, commercial: 0, research: 0, publicInterest: 0, legal: 2, otherOrg: 0, total: 4 });
  });
});

describe("row labels in any layout", () => {
  it("reads the Huai'an PDF's pdftotext -layout rendering exactly", async () => {
    const text = fs.readFileSync(path.join(TEST_FIXTURES_DIR, "2024-huaian-shizhengfu.layout.txt"), "utf8");
    const { report } = await parseInput(text, { fileName: "huaian.layout.txt" });
    expect([report.agency, report.year, report.format]).toEqual(["淮安市人民政府", 2024, "2021"]);
    expect(compare(report, huaian.expected)).toEqual({ wrong: [], nulls: [] });
    expect(report.diagnostics.filter((d) => d.rule === "PARSE" || d.rule === "AMBIGUOUS")).toEqual([]);
  });

  const seed = fixture("2020-liaocheng-yingjiju").expected;
  const r2021 = huaian.expected;
  const variants: Array<[string, string, WrapOptions]> = [];
  for (const numbering of ["1.", "1、", "(1)", "（1）", "none"] as const) {
    for (const numbersOn of [0, 1, 2, 3, "own"] as const) {
      for (const width of [6, 9, 14]) variants.push([`${numbering} width ${width} numbers on ${numbersOn}`, " ", { width, numbersOn, numbering }]);
    }
  }
  for (const numbersOn of [0, 1, 2, "own"] as const) variants.push([`layout, numbers on ${numbersOn}`, " ", { width: 12, numbersOn, numbering: "1、", style: "layout" }]);
  for (const numbering of ["1.", "1、", "none"] as const) variants.push([`Word cell, ${numbering}`, "\t", { width: 10, numbersOn: 0, numbering, style: "cell" }]);
  variants.push(["TAB rows, numbers on the middle line", "\t", { width: 8, numbersOn: 1, numbering: "1、" }]);

  it.each(variants)("reads wrapped labels: %s", async (_name, sep, wrap) => {
    for (const expected of [seed, r2021]) {
      // otherReasons unnumbered is the bare word 其他: it must stand at the start of a line.
      const { report } = await parseInput(renderReport(expected, sep, { wrap }), { fileName: "wrapped.txt" });
      expect(compare(report, expected)).toEqual({ wrong: [], nulls: [] });
    }
  });

  it("reads wrapped labels in an HTML table (cells of several paragraphs)", async () => {
    const lines = renderReport(r2021, "\t", { wrap: { width: 7, numbersOn: 0, numbering: "1、", style: "cell" } }).split("\n");
    const html: string[] = ["<html><body>"];
    let cellLines: string[] = [];
    for (const line of lines) {
      if (!line.includes("\t")) {
        if (/^[一二三四五六]、/.test(line) || !lines.some((l) => l.includes("\t"))) html.push(`<p>${line}</p>`);
        else cellLines.push(line);
        continue;
      }
      const [first, ...cells] = line.split("\t");
      cellLines.push(first);
      html.push(`<table><tr><td>${cellLines.map((l) => `<p>${l}</p>`).join("")}</td>${cells.map((c) => `<td>${c}</td>`).join("")}</tr></table>`);
      cellLines = [];
    }
    html.push("</body></html>");
    const { report } = await parseInput(html.join("\n"), { fileName: "wrapped.html" });
    expect(compare(report, r2021)).toEqual({ wrong: [], nulls: [] });
  });
});
