import { parseText } from "../../src/ingestion/parse";
import { cellValues, getPath } from "../../src/domain/report-json";
import { MAX_READINGS, splitDigits } from "../../src/ingestion/extract/splits";
import { fixture } from "../helpers/fixtures";

/**
 * Issue 9, "every input file has a bounded cost": the hostile shapes the fuzz corpus found (each once
 * took from seconds to many minutes) are read to an honest outcome. No timed assertion (bench/
 * parser-bounds.ts measures before and after): a path gone exponential again would hang past Jest's
 * timeout.
 */
const report = fixture("2023-pingtan-shenpiju");
const parse = (text: string) => parseText(text, "hostile.txt", { agency: report.meta.agency, year: Number(report.meta.year) });

/** Every cell that differs from the hand-read figure, with its reason. */
function differences(text: string): Record<string, [number | null, unknown]> {
  const r = parse(text);
  const out: Record<string, [number | null, unknown]> = {};
  for (const { cell, value } of cellValues(r)) {
    if (value !== getPath(report.expected, cell.path)) out[cell.path] = [value, r.ambiguousCells[cell.path]];
  }
  return out;
}

const COLUMNS = ["natural", "commercial", "research", "publicInterest", "legal", "otherOrg", "total"];
const row = (path: string, reason: string | RegExp, columns = COLUMNS) =>
  Object.fromEntries(columns.map((c) => [`applications.${path}.${c}`, [null, typeof reason === "string" ? reason : expect.stringMatching(reason)]]));

describe("hostile inputs are read to an honest outcome", () => {
  it("the unmodified report reads every cell", () => {
    expect(differences(report.content)).toEqual({});
  });

  it("a row label cut short and followed by lines of TABs (the wrapped-label matcher used to backtrack for minutes)", () => {
    const text = report.content.replace("1.信访举报投诉类申请0000000", "1.信访举报投诉类申\n" + "39\t\t\t".repeat(40) + "\n" + ("\t".repeat(700) + "\n").repeat(10));
    expect(differences(text)).toEqual({
      ...row("outcomes.notProcessed.complaintPetition", "row outcomes.notProcessed.complaintPetition was not found in section 三"),
      // The row before it now ends at the next label found: its text holds the 39s, and no reading of them is certain.
      ...row("outcomes.unableToProvide.unclearAfterCorrection", /^6 readings fit the printed digits and the table's sums/, COLUMNS.slice(1)),
    });
  });

  it("a section 三 row printed as 46 digits: too many readings, null with that reason", () => {
    const text = report.content.replace("1.本机关不掌握相关政府信息4000004", "1.本机关不掌握相关政府信息1111111111111111111111111111111111111673001071");
    expect(differences(text)).toEqual(row("outcomes.unableToProvide.notHeld", "too many ways to split the printed digits"));
  });

  it("a section 三 row of 124 digits (more than seven 15-digit cells hold): no reading", () => {
    const text = report.content.replace("1.本机关不掌握相关政府信息4000004", "1.本机关不掌握相关政府信息" + "6000006101182666447228398575888283961716300153006143119340001".repeat(2) + "12");
    expect(differences(text)).toEqual(row("outcomes.unableToProvide.notHeld", "the printed digits cannot form this row"));
  });

  it("section 四's row printed as 60 ones: too many readings, every cell null with that reason", () => {
    const diffs = differences(report.content.replace("100010000000101五、", "1".repeat(60) + "五、"));
    const paths = ["review", "litigationDirect", "litigationAfterReview"].flatMap((p) => ["maintained", "corrected", "other", "pending", "total"].map((c) => `reviewLitigation.${p}.${c}`));
    expect(diffs).toEqual(Object.fromEntries(paths.map((p) => [p, [null, "too many ways to split the printed digits"]])));
  });

  it("20,000 blank lines before heading 五 (LINE_HEADING used to be quadratic in them): every cell read", () => {
    const text = report.content.replace("五、存在的主要问题", "\n".repeat(20000) + "五、存在的主要问题");
    expect(differences(text)).toEqual({});
    expect(parse(text).sections.map((s) => s.heading)).toEqual(parse(report.content).sections.map((s) => s.heading));
  });
});

/** The enumeration splitDigits replaced (every cut, pruned only by complete groups): the reference. */
function reference(digits: string, n: number, groupSize = 0): number[][] | null {
  const out: number[][] = [];
  const parts: number[] = [];
  const rec = (pos: number) => {
    if (groupSize && parts.length > 0 && parts.length % groupSize === 0) {
      const group = parts.slice(-groupSize);
      if (group.slice(0, -1).reduce((a, b) => a + b, 0) !== group[groupSize - 1]) return;
    }
    if (parts.length === n) {
      if (pos === digits.length) out.push([...parts]);
      return;
    }
    for (let len = 1; len <= Math.min(digits.length - pos, digits[pos] === "0" ? 1 : 15); len++) {
      parts.push(Number(digits.slice(pos, pos + len)));
      rec(pos + len);
      parts.pop();
    }
  };
  rec(0);
  return out.length > MAX_READINGS ? null : out;
}

describe("splitDigits", () => {
  it("gives the plain enumeration's readings, in its order, on rows with and without row totals", () => {
    const rows: Array<[string, number, number]> = [
      ["7000007", 7, 7], ["1000001", 7, 7], ["40000042", 7, 7], ["12345678910", 7, 7], ["2002", 3, 0], ["1234", 2, 0], ["10101", 3, 0],
      ["3125", 3, 3], ["1011", 3, 3], ["000000000000000", 15, 5], ["100010000000101", 15, 5], ["112101001224", 10, 5], ["550550", 6, 3],
      ["1125", 4, 4], ["101", 2, 2], ["99999999999999999", 2, 0], ["1234567891234567", 2, 2],
    ];
    for (const [digits, n, g] of rows) expect({ digits, n, g, readings: splitDigits(digits, n, MAX_READINGS, g) }).toEqual({ digits, n, g, readings: reference(digits, n, g) });
  });

  it("is null past MAX_READINGS readings and [] when no cut exists", () => {
    expect(splitDigits("1".repeat(40), 7)).toBeNull();
    expect(splitDigits("1".repeat(106), 7)).toEqual([]);
    expect(splitDigits("1".repeat(124), 7, MAX_READINGS, 7)).toEqual([]);
    expect(splitDigits("12a4", 2)).toEqual([]);
  });

  it("finds the one reading of a 7-cell row of five-digit numbers whose boundaries were lost", () => {
    const cells = [12345, 67890, 11111, 22222, 33333, 44444];
    const digits = cells.join("") + String(cells.reduce((a, b) => a + b, 0));
    expect(splitDigits(digits, 7, MAX_READINGS, 7)).toEqual([[...cells, 191345]]);
  });

  it("returns on the rows that made the enumeration exponential (46 and 60 digits)", () => {
    expect(splitDigits("1111111111111111111111111111111111111673001071", 7, MAX_READINGS, 7)).toEqual([]);
    expect(splitDigits("9".repeat(60), 7, MAX_READINGS, 7)).toEqual([]);
    expect(splitDigits("1".repeat(90), 15, MAX_READINGS, 5)).toEqual([]);
  });
});
