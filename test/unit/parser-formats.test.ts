import iconv from "iconv-lite";
import JSZip from "jszip";
import * as OpenCC from "opencc-js";
import { parseInput, ParseError } from "../../src/ingestion/parse";
import { getPath } from "../../src/domain/report-json";
import { fixture } from "../helpers/fixtures";
import { renderReport } from "../helpers/render";

const seed = fixture("2020-liaocheng-yingjiju");
const SEED_NEW = { natural: 4, commercial: 1, research: 0, publicInterest: 0, legal: 2, otherOrg: 0, total: 7 };

/** The seed's hand-read figures printed in another text variant. */
const seedVariant = (sep: string, blankZeros = false) => renderReport(seed.expected, sep, { blankZeros });

describe("input formats and encodings", () => {
  it("decodes a GBK page with its tables (rowspan/colspan, &nbsp; cells)", async () => {
    const html = fixture("2023-pingtan-ziranziyuan", "html").content.replace(/<meta[^>]*charset[^>]*>/gi, "");
    const gbk = iconv.encode(html.replace("<head>", '<head><meta charset="gbk">'), "gbk");
    const { report } = await parseInput(gbk, { fileName: "page.html" });
    expect(report.agency).toBe("平潭综合实验区自然资源与生态环境局");
    expect(getPath(report, "applications.newReceived.total")).toBe(19);
    expect(getPath(report, "proactive.normativeDocuments")).toEqual({ issued: 2, repealed: 1, inForce: 35 });
  });

  it("keeps the report table's rows when the page wraps the article in a layout table", async () => {
    // The seed's figures as an HTML page: tables with blank cells, the article inside a layout table.
    const lines = renderReport(seed.expected, "\t", { blankZeros: true }).split("\n");
    const html: string[] = [];
    let open = false;
    for (const line of lines) {
      if (line.includes("\t")) {
        if (!open) html.push("<table border=1>");
        open = true;
        html.push(`<tr>${line.split("\t").map((c) => `<td>${c || "&nbsp;"}</td>`).join("")}</tr>`);
      } else {
        if (open) html.push("</table>");
        open = false;
        html.push(`<p>${line}</p>`);
      }
    }
    if (open) html.push("</table>");
    const page = `<html><body><table width="100%"><tr><td class="nav">首页 政务公开</td></tr><tr><td>${html.join("\n")}</td></tr></table></body></html>`;
    const { report } = await parseInput(page, { fileName: "wrapped.html" });
    expect(report.applications.newReceived).toEqual(SEED_NEW);
    expect(getPath(report, "applications.outcomes.granted")).toEqual({ natural: 2, commercial: 1, research: 0, publicInterest: 0, legal: 0, otherOrg: 0, total: 3 });
    expect(report.blankCells).toContain("applications.newReceived.research");
    expect(report.ambiguousCells).toEqual({});
  });

  it("decodes GB18030 text without any charset hint", async () => {
    const { report } = await parseInput(iconv.encode(seed.content, "gb18030"), { fileName: "seed.txt" });
    expect(report.applications.newReceived).toEqual(SEED_NEW);
  });

  it("converts traditional characters to simplified", async () => {
    const traditional = OpenCC.Converter({ from: "cn", to: "tw" })(seed.content);
    expect(traditional).toContain("政府信息公開");
    const { report } = await parseInput(traditional, { fileName: "trad.txt" });
    expect(report.agency).toBe("聊城市应急管理局");
    expect(report.applications.newReceived).toEqual(SEED_NEW);
    expect(report.diagnostics[0].message).toMatch(/traditional/);
  });

  it("reads space-separated cells with zeros printed", async () => {
    const { report } = await parseInput(seedVariant(" "), { fileName: "spaced.txt" });
    expect(report.applications.newReceived).toEqual(SEED_NEW);
    expect(getPath(report, "proactive.punishment.change")).toBe(94);
  });

  it("reads one cell per line (PDF-style extraction)", async () => {
    const { report } = await parseInput(seedVariant("\n"), { fileName: "lines.txt" });
    expect(report.applications.newReceived).toEqual(SEED_NEW);
    expect(getPath(report, "applications.outcomes.unableToProvide.notHeld.legal")).toBe(2);
  });

  it("reads full-width digits, 减/－ signs and units in cells", async () => {
    const text = seed.content.replace("行政处罚\t19\t增 94\t113", "行政处罚\t１９\t－３\t１１３").replace("政府集中采购\t0\t0", "政府集中采购\t2笔\t75,394,432.52元");
    const { report } = await parseInput(text, { fileName: "fw.txt" });
    expect(getPath(report, "proactive.punishment")).toEqual({ previousYearItems: 19, change: -3, decisions: 113 });
    expect(getPath(report, "proactive.procurement")).toEqual({ projects: 2, totalAmount: 75394432.52, totalAmountRaw: "75,394,432.52元" });
  });

  it("reads heading variants, a 万元 procurement header and a section 四 row split per proceeding", async () => {
    const r = JSON.parse(JSON.stringify(seed.expected));
    r.reviewLitigation.review = { maintained: 1, corrected: 1, other: 0, pending: 0, total: 2 };
    let text = renderReport(r, "\t")
      .replace("四、政府信息公开行政复议、行政诉讼情况", "四、因政府信息公开申请提起行政复议、行政诉讼的情况")
      .replace("信息内容\t采购项目数量\t采购总金额", "信息内容\t采购项目数量\t采购总金额（万元）")
      .replace("政府集中采购\t0\t0元", "政府集中采购\t3\t12.5");
    const lines = text.split("\n");
    const row = lines.findIndex((l) => l.startsWith("1\t1\t0\t0\t2"));
    const cells = lines[row].split("\t");
    lines[row] = [cells.slice(0, 5), cells.slice(5, 10), cells.slice(10)].map((c) => c.join("\t")).join("\n");
    text = lines.join("\n");
    const { report } = await parseInput(text, { fileName: "variants.txt" });
    expect(report.reviewLitigation.review).toEqual({ maintained: 1, corrected: 1, other: 0, pending: 0, total: 2 });
    expect(getPath(report, "reviewLitigation.litigationDirect.total")).toBe(0);
    expect(getPath(report, "proactive.procurement")).toEqual({ projects: 3, totalAmount: 125000, totalAmountRaw: "12.5" });
  });

  it("reads a .docx through its tables", async () => {
    const rows = seed.content.split("\n").filter((l) => l.includes("\t"));
    const para = (t: string) => `<w:p><w:r><w:t xml:space="preserve">${t.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</w:t></w:r></w:p>`;
    const body: string[] = [];
    for (const line of seed.content.split("\n")) {
      if (!line.includes("\t")) {
        if (body.length && body[body.length - 1].startsWith("<w:tbl>")) body.push("");
        body.push(para(line.replace(/^#+\s*/, "")));
        continue;
      }
      const row = `<w:tr>${line.split("\t").map((c) => `<w:tc>${para(c)}</w:tc>`).join("")}</w:tr>`;
      if (body.length && body[body.length - 1].startsWith("<w:tbl>")) body[body.length - 1] = body[body.length - 1].replace("</w:tbl>", row + "</w:tbl>");
      else body.push(`<w:tbl>${row}</w:tbl>`);
    }
    expect(rows.length).toBeGreaterThan(20);
    const zip = new JSZip();
    zip.file("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
    zip.file("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>');
    zip.file("word/document.xml", `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body.join("")}</w:body></w:document>`);
    const docx = await zip.generateAsync({ type: "nodebuffer" });
    const { report } = await parseInput(docx, { fileName: "seed.docx" });
    expect(report.agency).toBe("聊城市应急管理局");
    expect(report.applications.newReceived).toEqual(SEED_NEW);
    expect(getPath(report, "proactive.licensing.change")).toBe(-7125);
  });

  it("reads TAB rows with blank cells dropped to nothing", async () => {
    const { report } = await parseInput(seedVariant("\t", true), { fileName: "tab.txt" });
    expect(report.applications.newReceived).toEqual(SEED_NEW);
    expect(getPath(report, "applications.outcomes.unableToProvide.notHeld")).toEqual({ natural: 2, commercial: 0, research: 0, publicInterest: 0, legal: 2, otherOrg: 0, total: 4 });
    expect(report.blankCells).toContain("applications.newReceived.research");
  });

  it("reads a section 四 printed with every cell blank as zeros, listed as blank", async () => {
    const { report } = await parseInput(renderReport(fixture("2019-pingtan-haitan").expected, "\t", { blankZeros: true }), { fileName: "blank.txt" });
    expect(report.reviewLitigation.review).toEqual({ maintained: 0, corrected: 0, other: 0, pending: 0, total: 0 });
    expect(report.blankCells).toContain("reviewLitigation.litigationAfterReview.total");
    expect(report.ambiguousCells).toEqual({});
  });

  it("reads section headings numbered （二） instead of 二、", async () => {
    const text = renderReport(seed.expected, "\t").replace("二、主动公开政府信息情况", "（二）主动公开政府信息情况")
      .replace("三、收到和处理政府信息公开申请情况", "（三）收到和处理政府信息公开申请情况").replace("四、政府信息公开行政复议、行政诉讼情况", "（四）政府信息公开行政复议、行政诉讼情况");
    const { report } = await parseInput(text, { fileName: "paren.txt" });
    expect(report.applications.newReceived).toEqual(SEED_NEW);
    expect(getPath(report, "proactive.punishment.decisions")).toBe(113);
    expect(report.sections.map((s) => s.heading)).toContain("(三)收到和处理政府信息公开申请情况");
  });

  it("reads a year in Chinese numerals and 合计 for 总计", async () => {
    const text = renderReport(seed.expected, "\t")
      .replace(`${seed.expected.agency}2020年政府信息公开工作年度报告`, `${seed.expected.agency}二〇二〇年政府信息公开工作年度报告`)
      .replace("（七）总计", "（七）合计");
    const { report } = await parseInput(text, { fileName: "cn-year.txt" });
    expect([report.agency, report.year]).toEqual(["聊城市应急管理局", 2020]);
    expect(report.applications.outcomes).toMatchObject({ total: { natural: 4, commercial: 1, legal: 2, total: 7 } });
  });

  it("reads Markdown tables and ignores page numbers between table rows", async () => {
    const md = renderReport(seed.expected, "\t", { blankZeros: true }).split("\n").map((line) => {
      if (!line.includes("\t")) return line;
      const cells = line.split("\t");
      return `| ${cells.join(" | ")} |` + (line.startsWith("申请人情况") ? `\n|${cells.map(() => "---").join("|")}|` : "");
    });
    const at = md.findIndex((l) => l.startsWith("| 1.本机关不掌握"));
    expect(at).toBeGreaterThan(0);
    md.splice(at, 0, "- 3 -", "第 3 页 共 5 页", "3/5");
    const { report } = await parseInput(md.join("\n"), { fileName: "report.md" });
    expect(report.applications.newReceived).toEqual(SEED_NEW);
    expect(getPath(report, "applications.outcomes.partiallyGranted.total")).toBe(0);
    expect(getPath(report, "applications.outcomes.unableToProvide.notHeld")).toEqual({ natural: 2, commercial: 0, research: 0, publicInterest: 0, legal: 2, otherOrg: 0, total: 4 });
    expect(report.ambiguousCells).toEqual({});
  });

  it("reads a table with no cell separators at all from its sums", async () => {
    const { report } = await parseInput(seedVariant(""), { fileName: "flat.txt" });
    expect(report.applications.newReceived).toEqual(SEED_NEW);
    expect(getPath(report, "applications.outcomes.granted")).toEqual({ natural: 2, commercial: 1, research: 0, publicInterest: 0, legal: 0, otherOrg: 0, total: 3 });
    expect(getPath(report, "reviewLitigation.review.total")).toBe(0);
  });

  it("rejects text that is not a report, naming what is missing", async () => {
    await expect(parseInput("政府信息公开指南：本机关的办公地址……", { fileName: "guide.txt" })).rejects.toBeInstanceOf(ParseError);
    await expect(parseInput("政府信息公开指南：本机关的办公地址……", { fileName: "guide.txt" })).rejects.toThrow(/guide\.txt: not an annual report/);
  });

  it("accepts a report whose body says no applications were received and omits the tables", async () => {
    const text = "某某局2022年政府信息公开工作年度报告\n一、总体情况\n本年度未收到政府信息公开申请。\n二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n行政规范性文件\t1\t0\t5\n";
    const { report } = await parseInput(text, { fileName: "none.txt", agency: "某某局" });
    expect(report.format).toBe("2021");
    expect(getPath(report, "applications.newReceived.total")).toBe(0);
    expect(report.diagnostics.some((d) => /no applications were received/.test(d.message))).toBe(true);
  });
});


describe("aggregate (汇总) reports", () => {
  it("are recognised by their title or their preamble, not by a stray 汇总", async () => {
    const notAggregate = await parseInput(fixture("2020-pingtan-ziranziyuan", "html").content, { fileName: "z.html" });
    expect(notAggregate.report.sections.map((s) => s.text).join("")).toContain("重新梳理汇总政府信息公开目录");
    expect(notAggregate.report.isAggregate).toBe(false);
    const body = renderReport(seed.expected, "\t");
    const byPreamble = body.replace("本机关依法做好政府信息公开工作。", "本报告根据市政府各部门、各县（市、区）政府信息公开工作年度报告汇总编制而成。");
    expect((await parseInput(byPreamble, { fileName: "a.txt" })).report.isAggregate).toBe(true);
    const byTitle = body.replace(`${seed.expected.agency}2020年政府信息公开工作年度报告`, "聊城市2020年政府信息公开工作年度报告（汇总）");
    expect((await parseInput(byTitle, { fileName: "b.txt", agency: "聊城市人民政府" })).report.isAggregate).toBe(true);
  });
});
