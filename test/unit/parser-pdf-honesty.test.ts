import { parseInput } from "../../src/ingestion/parse";
import { cellsOf } from "../../src/domain/cells";
import { CanonicalReport, getPath, setPath, Tree } from "../../src/domain/report-json";
import { reportDocument } from "../../src/render/document";
import { renderHtml } from "../../src/render/html";
import { fixture } from "../helpers/fixtures";
import { renderReport } from "../helpers/render";

/**
 * A PDF's text keeps the numbers of a row but not where its blank cells were: “规范性文件 2 27” under
 * three columns may be 2|空|27, 空|2|27 or a lost boundary (2|2|7). And the official tables print an
 * unreadable figure as “？”. In both cases the parser gives null with a reason, never a guess or a 0.
 */
const base = (): CanonicalReport => {
  const r = JSON.parse(JSON.stringify(fixture("2020-liaocheng-yingjiju").expected));
  Object.assign(r.proactive.normativeDocuments, { newlyMade: 2, newlyPublished: 0, totalPublished: 27 });
  Object.assign(r.proactive.fees, { previousYearItems: 49, change: 0 });
  return { blankCells: [], ...r };
};

/** Cells whose value differs from `want` and is not null (a wrong number), and the nulls. */
function compare(want: CanonicalReport, got: CanonicalReport) {
  const wrong: string[] = [];
  const nulls: string[] = [];
  for (const cell of cellsOf(want.format)) {
    const a = getPath(want, cell.path);
    const b = getPath(got, cell.path);
    if (b === null && a !== null) nulls.push(cell.path);
    else if (a !== b) wrong.push(`${cell.path}: ${a} → ${b}`);
  }
  return { wrong, nulls };
}

describe("blank cells whose place the PDF text lost", () => {
  it("a row with fewer numbers than columns is null, not cut into a guess", async () => {
    const want = base();
    // As pdf.js gives a PDF of the rendered table: the blank cells print nothing.
    const text = renderReport(want, "\t").replace("规范性文件\t2\t0\t27", "规范性文件 \t2 \t27").replace("行政事业性收费\t49\t0", "行政事业性收费 \t49");
    const { report } = await parseInput(text, { fileName: "printed.pdf.txt" });
    const { wrong, nulls } = compare(want, report);
    expect(wrong).toEqual([]);
    expect(nulls).toEqual([
      "proactive.normativeDocuments.newlyMade", "proactive.normativeDocuments.newlyPublished", "proactive.normativeDocuments.totalPublished",
      "proactive.fees.previousYearItems", "proactive.fees.change",
    ]);
    expect(report.ambiguousCells["proactive.normativeDocuments.totalPublished"]).toBe(
      '"2 27" reads as 3 cells in 3 ways (2|2|7; 空|2|27; 2|空|27): the text does not say which cells were printed blank');
    expect(report.ambiguousCells["proactive.fees.change"]).toBe('"49" reads as 2 cells in 3 ways (4|9; 空|49; 49|空): the text does not say which cells were printed blank');
  });

  it("the same rows with every cell printed are read exactly", async () => {
    const want = base();
    const { report } = await parseInput(renderReport(want, "\t").replace(/\t/g, " \t"), { fileName: "printed.pdf.txt" });
    expect(compare(want, report)).toEqual({ wrong: [], nulls: [] });
  });
});

describe("“？” is a placeholder, not 0", () => {
  it.each([["？"], ["?"]])("%s in sections 二, 三 and 四 of PDF text", async (mark) => {
    const want = base();
    const text = renderReport(want, "\t")
      .replace("行政处罚\t19\t94\t113", `行政处罚\t19\t${mark}\t113`)
      .replace(/^(一、本年新收政府信息公开申请数量\t)4/m, `$1${mark}`)
      .replace(/^(\d+\t){14}\d+$/m, (row) => row.replace(/^\d+/, mark));
    expect(text.split(mark).length).toBe(4);
    const { report } = await parseInput(text, { fileName: "q.txt" });
    const { wrong, nulls } = compare(want, report);
    expect(wrong).toEqual([]);
    // Section 二 reads the row by position: only the “？” cell is unknown.
    expect(getPath(report, "proactive.punishment")).toEqual({ previousYearItems: 19, change: null, decisions: 113 });
    expect(report.ambiguousCells["proactive.punishment.change"]).toBe("printed as “？” (a placeholder, not a number)");
    expect(report.ambiguousCells["applications.newReceived.natural"]).toBe("row newReceived prints “？” (a placeholder, not a number)");
    expect(report.ambiguousCells["reviewLitigation.review.maintained"]).toBe("section 四's row prints “？” (a placeholder, not a number)");
    expect(nulls.filter((p) => p.startsWith("proactive."))).toEqual(["proactive.punishment.change"]);
    expect(nulls.filter((p) => p.startsWith("applications.newReceived."))).toHaveLength(7);
    expect(nulls.filter((p) => p.startsWith("reviewLitigation."))).toHaveLength(15);
  });

  it("an official table rendered with unreadable cells (“？”) reads them back as null", async () => {
    const want = base();
    for (const p of ["proactive.punishment.change", "applications.newReceived.natural", "applications.newReceived.total", "reviewLitigation.review.total"]) setPath(want as unknown as Tree, p, null);
    const { report } = await parseInput(Buffer.from(renderHtml(reportDocument(want)), "utf8"), { fileName: "r.html" });
    const { wrong, nulls } = compare(want, report);
    expect(wrong).toEqual([]);
    expect(getPath(report, "proactive.punishment.change")).toBeNull();
    expect(getPath(report, "applications.newReceived.total")).toBeNull();
    expect(getPath(report, "reviewLitigation.review.total")).toBeNull();
    expect(nulls.length).toBeGreaterThan(0);
  });
});

describe("section 三 in a layout rendering that lost its blank cells", () => {
  it("numbers set apart by runs of spaces, blanks dropped: no cell guessed", async () => {
    const want = base();
    const apps = want.applications as Record<string, Record<string, number>> & { outcomes: Record<string, Record<string, number>> };
    // 120 new applications from natural persons, 35 from research bodies; all of them granted.
    Object.assign(apps.newReceived, { natural: 120, commercial: 0, research: 35, publicInterest: 0, legal: 0, otherOrg: 0, total: 155 });
    Object.assign(apps.outcomes.granted, { natural: 120, commercial: 0, research: 35, publicInterest: 0, legal: 0, otherOrg: 0, total: 155 });
    Object.assign(apps.outcomes.total, { natural: 120, commercial: 0, research: 35, publicInterest: 0, legal: 0, otherOrg: 0, total: 155 });
    for (const k of ["carriedOver", "carriedForward"]) Object.keys(apps[k]).forEach((c) => (apps[k][c] = 0));
    const text = renderReport(want, "    ", { blankZeros: true });
    const { report } = await parseInput(text, { fileName: "layout.txt" });
    const { wrong, nulls } = compare(want, report);
    expect(wrong).toEqual([]);
    expect(nulls).toContain("applications.newReceived.research");
  });
});
