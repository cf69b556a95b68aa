import { parseInput, ParseOptions } from "../../src/ingestion/parse";
import { narrativeClaims } from "../../src/domain/evidence";
import { CanonicalReport, emptyReport, getPath, setPath, Tree } from "../../src/domain/report-json";
import { fixture, fixtures, pdfFixtures } from "../helpers/fixtures";
import { decodedPdf } from "../helpers/pdf";
import { parseText } from "../../src/ingestion/parse";
import { renderReport } from "../helpers/render";

/**
 * Evidence instead of nulls. 2023-pingtan-shenpiju prints its 行政规范性文件 row flattened as “5416”:
 * 5|4|16, 5|41|6 or 54|1|6 by the digits alone. Its narrative says 现行有效的规范性文件16件.
 */
const shenpiju = fixture("2023-pingtan-shenpiju");
const SENTENCE = "全面梳理了我局现行有效的规范性文件16件";
const withoutSentence = shenpiju.content.replace(SENTENCE, "全面梳理了我局现行有效的规范性文件");
const ROW = "proactive.normativeDocuments";
const opts = (evidence?: ParseOptions["evidence"]): ParseOptions => ({ fileName: "shenpiju.txt", agency: shenpiju.meta.agency, year: 2023, evidence });

/** Last year's report of the same agency, with the given documents in force and carried-forward applications. */
function previousYear(inForce: number): CanonicalReport {
  const r = emptyReport("2021");
  Object.assign(r, { agency: shenpiju.meta.agency, year: 2022 });
  setPath(r as unknown as Tree, `${ROW}.inForce`, inForce);
  return r;
}

describe("cells settled by evidence, with resolvedBy", () => {
  it("leaves the row null without evidence (three readings fit)", async () => {
    const { report } = await parseInput(withoutSentence, opts());
    expect(getPath(report, ROW)).toEqual({ issued: null, repealed: null, inForce: null });
    expect(report.ambiguousCells[`${ROW}.inForce`]).toBe('"5416" splits into 3 cells in 3 ways (5|4|16; 5|41|6; 54|1|6)');
  });

  it("narrative: a number the report's own text quotes", async () => {
    const { report } = await parseInput(shenpiju.content, opts());
    expect(getPath(report, ROW)).toEqual({ issued: 5, repealed: 4, inForce: 16 });
    expect(report.ambiguousCells[`${ROW}.issued`]).toEqual({
      reason: '"5416" splits into 3 cells in 3 ways (5|4|16; 5|41|6; 54|1|6)',
      resolvedBy: { kind: "narrative", detail: expect.stringContaining("现行有效的规范性文件16件") },
    });
    expect(report.diagnostics.filter((d) => d.rule === "EVIDENCE").map((d) => d.path)).toEqual([`${ROW}.issued`, `${ROW}.repealed`, `${ROW}.inForce`]);
    expect(report.diagnostics.filter((d) => d.rule === "AMBIGUOUS" && d.path?.startsWith(ROW))).toEqual([]);
  });

  it("previousYear: documents in force = last year's + issued − repealed (X3, soft)", async () => {
    const { report } = await parseInput(withoutSentence, opts({ previousYear: previousYear(15) }));
    expect(getPath(report, ROW)).toEqual({ issued: 5, repealed: 4, inForce: 16 });
    expect(report.ambiguousCells[`${ROW}.inForce`]).toMatchObject({ resolvedBy: { kind: "previousYear", detail: expect.stringMatching(/^X3 \(soft\): 平潭综合实验区行政审批局 2022 had 15 in force/) } });
    // A soft identity that fits no reading is set aside, not held against the row.
    const none = await parseInput(withoutSentence, opts({ previousYear: previousYear(100) }));
    expect(getPath(none.report, `${ROW}.inForce`)).toBeNull();
    expect(none.report.ambiguousCells[`${ROW}.inForce`]).toBe('"5416" splits into 3 cells in 3 ways (5|4|16; 5|41|6; 54|1|6)');
  });

  it("previousYear: last year's 结转下年度 is this year's 上年结转 (X1)", async () => {
    // TAB text that dropped its blank cells: 上年结转 and 结转下年度 both print “3 3”, so by the sums the
    // 3 may stand in any applicant column (R1 only says the two rows agree).
    const expected = JSON.parse(JSON.stringify(fixture("2020-liaocheng-yingjiju").expected));
    Object.assign(expected.applications.carriedOver, { natural: 3, total: 3 });
    Object.assign(expected.applications.carriedForward, { natural: 3, total: 3 });
    const text = renderReport(expected, "\t", { blankZeros: true }).split("\n")
      .map((l) => (/^(二、上年结转|四、结转下年度)/.test(l) ? l.replace(/\t+/g, "\t") : l)).join("\n");
    const plain = await parseInput(text, { fileName: "dropped.txt" });
    expect(getPath(plain.report, "applications.carriedOver.natural")).toBeNull();
    expect(getPath(plain.report, "applications.carriedForward.natural")).toBeNull();
    const prev = emptyReport("2019");
    Object.assign(prev, { agency: expected.agency, year: 2019 });
    setPath(prev as unknown as Tree, "applications.carriedForward.natural", 3);
    setPath(prev as unknown as Tree, "applications.carriedForward.total", 3);
    const { report } = await parseInput(text, { fileName: "dropped.txt", evidence: { previousYear: prev } });
    expect(report.applications.carriedOver).toEqual(expected.applications.carriedOver);
    expect(report.applications.carriedForward).toEqual(expected.applications.carriedForward);
    expect(report.ambiguousCells["applications.carriedOver.natural"]).toMatchObject({
      resolvedBy: { kind: "previousYear", detail: expect.stringContaining("X1: 聊城市应急管理局 2019 carried 3 forward (结转下年度继续办理, 自然人)") },
    });
    // 结转下年度 follows from the settled 上年结转 through R1.
    expect(report.ambiguousCells["applications.carriedForward.natural"]).toMatchObject({ resolvedBy: { kind: "previousYear", detail: expect.stringMatching(/then the table's sums$/) } });
    expect(Object.values(report.ambiguousCells).filter((e) => typeof e === "string")).toEqual([]);
  });

  it("narrative: the review and lawsuit counts settle a flattened section 四", async () => {
    // Huai'an's figures with every cell boundary lost: section 四 is one run of 26 digits.
    const expected = pdfFixtures()[0].expected;
    const flat = renderReport(expected, "");
    const NARRATIVE = "政府信息公开行政复议351件，其中结果维持72件，结果纠正64件，其他结果178件，尚未审结37件；政府信息公开行政诉讼46件，其中结果维持25件，结果纠正5件，其他结果9件，尚未审结7件。";
    const alone = (await parseInput(flat, { fileName: "flat.txt" })).report;
    // The row totals (R4) leave 复议后起诉 open: 12|1|1|6|20 or other cuts of the same digits.
    expect(Object.keys(alone.ambiguousCells).filter((p) => p.startsWith("reviewLitigation."))).toEqual(
      ["maintained", "corrected", "other", "pending"].map((c) => `reviewLitigation.litigationAfterReview.${c}`));
    const { report } = await parseInput(flat.replace("本机关依法做好政府信息公开工作。", `本机关依法做好政府信息公开工作。${NARRATIVE}`), { fileName: "flat.txt" });
    expect(report.reviewLitigation).toEqual(expected.reviewLitigation);
    expect(report.ambiguousCells["reviewLitigation.litigationAfterReview.maintained"]).toMatchObject({
      resolvedBy: { kind: "narrative", detail: expect.stringContaining("政府信息公开行政诉讼46件,其中结果维持25件") },
    });
  });

  it("otherRendering: the HTML page of the same report, imported earlier, settles the crawled text", async () => {
    const f = fixture("2023-pingtan-ziranziyuan");
    const html = (await parseInput(fixture("2023-pingtan-ziranziyuan", "html").content, { fileName: "page.html" })).report;
    const alone = await parseInput(f.content, { fileName: "z.txt", agency: f.meta.agency, year: 2023 });
    const open = Object.keys(alone.report.ambiguousCells);
    expect(open).toEqual(["proactive.normativeDocuments.issued", "proactive.normativeDocuments.repealed", "proactive.normativeDocuments.inForce"]);
    const { report } = await parseInput(f.content, { fileName: "z.txt", agency: f.meta.agency, year: 2023, evidence: { otherRenderings: [{ ...html, source: "page.html" }] } });
    expect(getPath(report, "proactive.normativeDocuments")).toEqual(f.expected.proactive.normativeDocuments);
    expect(report.ambiguousCells["proactive.normativeDocuments.inForce"]).toMatchObject({
      resolvedBy: { kind: "otherRendering", detail: "rendering page.html: proactive.normativeDocuments.issued = 2 + rendering page.html: proactive.normativeDocuments.repealed = 1 + rendering page.html: proactive.normativeDocuments.inForce = 35" },
    });
  });
});

describe("contradicting evidence leaves the cell null", () => {
  it("the narrative says 16 in force, last year's identity says the 5|41|6 reading", async () => {
    // 42 in force last year: 42 + 5 − 41 = 6 fits 5|41|6 only; the narrative's 16 fits 5|4|16 only.
    const { report } = await parseInput(shenpiju.content, opts({ previousYear: previousYear(42) }));
    expect(getPath(report, ROW)).toEqual({ issued: null, repealed: null, inForce: null });
    expect(report.ambiguousCells[`${ROW}.inForce`]).toMatch(/evidence disagrees: .*现行有效的规范性文件16件.* \(16\) vs X3 \(soft\)/);
  });

  it("another rendering that disagrees with the narrative", async () => {
    const other = (await parseInput(shenpiju.content, opts())).report;
    setPath(other as unknown as Tree, `${ROW}.inForce`, 6);
    setPath(other as unknown as Tree, `${ROW}.repealed`, 41);
    const { report } = await parseInput(shenpiju.content, opts({ otherRenderings: [other] }));
    expect(getPath(report, `${ROW}.inForce`)).toBeNull();
    expect(typeof report.ambiguousCells[`${ROW}.inForce`]).toBe("string");
  });

  it("a narrative number that fits no reading blocks the rest", async () => {
    const text = shenpiju.content.replace(SENTENCE, "全面梳理了我局现行有效的规范性文件17件");
    const { report } = await parseInput(text, opts({ previousYear: previousYear(15) }));
    expect(getPath(report, `${ROW}.inForce`)).toBeNull();
    expect(report.ambiguousCells[`${ROW}.inForce`]).toMatch(/evidence fits none of the readings: .*17件.* \(17\)/);
  });
});

describe("T1: claims against the tables", () => {
  // Read by hand: every number these narratives state about their own tables. None contradicts its
  // table (2023-pingtan-jiaojianju's “累计受理3519件” is about 12345 hotline requests, not applications).
  const CLAIMS: Record<string, string[]> = {
    "2019-pingtan-haitan": [],
    "2019-pingtan-nongyenongcun": [],
    "2020-liaocheng-yingjiju": ["received 7", "handled 7"],
    "2020-pingtan-guanweiban": [],
    "2020-pingtan-ziranziyuan": [],
    "2023-pingtan-jiaojianju": ["received 14"],
    "2023-pingtan-shenpiju": ["received 7", "handled 7", "review 1", "litigation 1", "normativeInForce 16"],
    "2023-pingtan-shijianju": ["received 1", "granted 1"],
    "2023-pingtan-ziranziyuan": ["received 19"],
  };
  const HUAIAN = [
    "received 3119", "handled 3050", "carriedOver 34", "carriedForward 103",
    "review 351", "review maintained 72", "review corrected 64", "review other 178", "review pending 37",
    "litigation 46", "litigation maintained 25", "litigation corrected 5", "litigation other 9", "litigation pending 7",
  ];

  it.each(fixtures().map((f) => [`${f.stem}.${f.kind}`, f] as const))("finds the claims of %s and no false finding", async (_n, f) => {
    const { report } = await parseInput(f.content, { fileName: f.file, agency: f.kind === "txt" ? f.meta.agency : undefined, year: f.kind === "txt" ? Number(f.meta.year) : undefined });
    if (f.kind === "txt") expect(narrativeClaims(report.sections, report.format).map((c) => `${c.topic} ${c.value}`)).toEqual(CLAIMS[f.stem]);
    expect(report.diagnostics.filter((d) => d.rule === "T1")).toEqual([]);
  });

  it("reads every claim of the Huai'an PDF, all agreeing with its tables", () => {
    const f = pdfFixtures()[0];
    const report = parseText(decodedPdf(f.path).text, f.file);
    expect(narrativeClaims(report.sections, report.format).map((c) => `${c.topic} ${c.value}`)).toEqual(HUAIAN);
    expect(report.diagnostics.filter((d) => d.rule === "T1")).toEqual([]);
  });

  it("reports each contradicting claim with its sentence", () => {
    const f = pdfFixtures()[0];
    const text = decodedPdf(f.path).text.replace("行政复议 \t351", "行政复议 \t350").replace("结果纠正 \t5 \t件", "结果纠正 \t6 \t件");
    const t1 = parseText(text, f.file).diagnostics.filter((d) => d.rule === "T1");
    expect(t1.map((d) => [d.path, d.printed, d.computed])).toEqual([
      ["reviewLitigation.review.total", 350, 351],
      ["reviewLitigation.litigationDirect.corrected", 6, 5],
    ]);
    expect(t1[0].message).toContain("政府信息公开行政复议350件,其中结果维持72件");
    expect(t1[1].paths).toEqual(["reviewLitigation.litigationDirect.corrected", "reviewLitigation.litigationAfterReview.corrected"]);
  });
});

describe("diagnostics", () => {
  it("gives one diagnostic per missing row, not one per cell", async () => {
    const expected = pdfFixtures()[0].expected;
    const text = renderReport(expected, "\t").split("\n").filter((l) => !l.startsWith("2.申请人逾期未按收费通知")).join("\n");
    const { report } = await parseInput(text, { fileName: "missing.txt" });
    const row = "applications.outcomes.other.overdueFee";
    expect(report.diagnostics.filter((d) => d.path?.startsWith(row))).toEqual([
      { rule: "PARSE", severity: "warning", path: row, paths: [`${row}.natural`, `${row}.commercial`, `${row}.research`, `${row}.publicInterest`, `${row}.legal`, `${row}.otherOrg`, `${row}.total`], message: `section 三 row outcomes.other.overdueFee was not found; its 7 cells are null` },
    ]);
    expect(getPath(report, `${row}.total`)).toBeNull();
  });
});
