import { parseInput, parseText } from "../../src/ingestion/parse";
import { decodedPdf } from "../helpers/pdf";
import { cellsOf } from "../../src/domain/cells";
import { getPath } from "../../src/domain/report-json";
import { fixtures, fixture, pdfFixtures } from "../helpers/fixtures";

/**
 * Every shipped report parses to its hand-read expected JSON. From the seed (TAB text) and the HTML
 * pages every cell must be exact. From flattened crawler text, a cell may be null only when it is
 * explained in ambiguousCells and lies in section 二, whose cells the text genuinely cannot split.
 */
describe.each(fixtures().map((f) => [`${f.stem}.${f.kind}`, f] as const))("parse %s", (_name, f) => {
  const exact = f.kind === "html" || f.stem === "2020-liaocheng-yingjiju";

  it("reads the template, agency, year and every cell", async () => {
    const { report } = await parseInput(f.content, {
      fileName: f.file,
      agency: f.kind === "txt" ? f.meta.agency : undefined,
      year: f.kind === "txt" ? Number(f.meta.year) : undefined,
    });
    expect(report.format).toBe(f.expected.format);
    expect(report.agency).toBe(f.expected.agency);
    expect(report.year).toBe(f.expected.year);
    const got: Record<string, unknown> = {};
    const want: Record<string, unknown> = {};
    for (const cell of cellsOf(report.format)) {
      const value = getPath(report, cell.path);
      const expected = getPath(f.expected, cell.path);
      if (value === null && !exact && cell.section === "proactive" && report.ambiguousCells[cell.path]) continue;
      got[cell.path] = value;
      want[cell.path] = expected;
    }
    expect(got).toEqual(want);
    if (exact) expect(report.ambiguousCells).toEqual({});
  });
});

describe.each(pdfFixtures().map((f) => [f.file, f] as const))("parse %s", (_name, f) => {
  it("reads every cell exactly: 0 wrong, 0 null, one diagnostic per problem at most", async () => {
    const { text, gridTables } = decodedPdf(f.path);
    const report = parseText(text, f.file, {}, gridTables);
    expect([report.format, report.agency, report.year]).toEqual([f.expected.format, f.expected.agency, f.expected.year]);
    const wrong: string[] = [];
    const nulls: string[] = [];
    for (const cell of cellsOf(report.format)) {
      const value = getPath(report, cell.path);
      if (value === null) nulls.push(cell.path);
      else if (value !== getPath(f.expected, cell.path)) wrong.push(`${cell.path}: ${value}`);
    }
    expect({ wrong, nulls }).toEqual({ wrong: [], nulls: [] });
    expect(report.ambiguousCells).toEqual({});
    expect(report.diagnostics.filter((d) => d.rule === "PARSE" || d.rule === "AMBIGUOUS" || /^R\d$/.test(d.rule))).toEqual([]);
  });
});

describe("parse details", () => {
  it("reads the seed's applicants, signed change, and flags R6 on the licensing row", async () => {
    const { report } = await parseInput(fixture("2020-liaocheng-yingjiju").content, { fileName: "seed.txt" });
    expect(report.agency).toBe("聊城市应急管理局");
    expect(report.year).toBe(2020);
    expect(report.regionCode).toBe("371500");
    expect(report.applications.newReceived).toEqual({ natural: 4, commercial: 1, research: 0, publicInterest: 0, legal: 2, otherOrg: 0, total: 7 });
    expect(getPath(report, "proactive.licensing.change")).toBe(-7125);
    expect(getPath(report, "proactive.punishment")).toEqual({ previousYearItems: 19, change: 94, decisions: 113 });
    const r6 = report.diagnostics.filter((d) => d.rule === "R6");
    expect(r6).toHaveLength(1);
    expect(r6[0]).toMatchObject({ path: "proactive.licensing.change", printed: -7125 });
    expect(report.sections.map((s) => s.heading)).toEqual([
      "", "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
      "五、人大代表建议和政协委员提案办理", "六、存在的主要问题及改进情况", "七、其他需要说明的事项",
    ]);
    // Blank cells of the tab text are 0 and listed: 二、上年结转 printed only one 0.
    expect(report.blankCells).toContain("applications.carriedOver.natural");
  });

  it("keeps printed rule failures as findings (2023 page: R1 and R2)", async () => {
    const { report } = await parseInput(fixture("2023-pingtan-ziranziyuan", "html").content, { fileName: "p.html" });
    expect(report.applications.outcomes).toMatchObject({ partiallyGranted: { natural: 8, commercial: 1, total: 8 } });
    const rules = report.diagnostics.filter((d) => /^R\d$/.test(d.rule)).map((d) => `${d.rule}:${d.path}:${d.printed}:${d.computed}`);
    expect(rules).toEqual([
      "R1:applications.outcomes.total.commercial:1:0",
      "R2:applications.outcomes.partiallyGranted.total:8:9",
      "R2:applications.outcomes.total.total:19:20",
    ]);
    expect(report.reviewLitigation.litigationDirect).toEqual({ maintained: 1, corrected: 0, other: 0, pending: 0, total: 1 });
  });

  it("recovers an R3-failing flattened table from the text alone", async () => {
    const f = fixture("2020-pingtan-ziranziyuan");
    const { report } = await parseInput(f.content, { fileName: "z.txt" });
    expect(getPath(report, "applications.outcomes.unableToProvide.notHeld")).toEqual({ natural: 1, commercial: 0, research: 0, publicInterest: 0, legal: 1, otherOrg: 0, total: 2 });
    expect(report.diagnostics.filter((d) => d.rule === "R3").map((d) => d.path)).toEqual(["applications.outcomes.total.legal", "applications.outcomes.total.total"]);
    // 行政处罚8814314 has 15 readings: honest nulls, explained.
    expect(getPath(report, "proactive.punishment.decisions")).toBeNull();
    expect(report.ambiguousCells["proactive.punishment.decisions"]).toMatch(/15 ways/);
  });

  it("reads the agency and year from a crawled page title and resolves the region", async () => {
    const { report } = await parseInput(fixture("2020-pingtan-ziranziyuan", "html").content, { fileName: "z.html" });
    expect(report.agency).toBe("平潭综合实验区自然资源与生态环境局");
    expect(report.year).toBe(2020);
    expect(report.regionCode).toBe("350128");
    expect(getPath(report, "proactive.procurement")).toEqual({ projects: 19, totalAmount: 16909913, totalAmountRaw: "1690.9913万元" });
  });
});
