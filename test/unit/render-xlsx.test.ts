import ExcelJS from "exceljs";
import { CanonicalReport, setPath, Tree } from "../../src/domain/report-json";
import { reportDocument } from "../../src/render/document";
import { renderXlsx } from "../../src/render/xlsx";
import { renderCsv } from "../../src/render/csv";
import { renderHtml } from "../../src/render/html";
import { fixture } from "../helpers/fixtures";

async function workbook(report: CanonicalReport): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await renderXlsx(reportDocument(report))) as unknown as ArrayBuffer);
  return wb;
}

/** The merged ranges of a sheet, as A1 ranges. */
const merges = (ws: ExcelJS.Worksheet) => ((ws.model as any).merges as string[]).slice().sort();

describe("XLSX in the template's layout (read back with exceljs, by address)", () => {
  it("2019 seed: section 三 headers merged, values under 自然人 / 总计 at their rows", async () => {
    const wb = await workbook({ blankCells: [], ...fixture("2020-liaocheng-yingjiju").expected });
    expect(wb.worksheets.map((w) => w.name)).toEqual(["报告信息", "二、主动公开", "三、依申请公开", "四、复议诉讼"]);
    const meta = wb.getWorksheet("报告信息")!;
    expect(meta.getCell("A1").value).toBe("聊城市应急管理局2020年政府信息公开工作年度报告");
    expect(meta.getCell("B5").value).toBe("2019年试行模板（国办公开办函〔2019〕60号）");

    const s3 = wb.getWorksheet("三、依申请公开")!;
    expect(s3.getCell("A1").value).toBe("三、收到和处理政府信息公开申请情况");
    expect(merges(s3)).toEqual(expect.arrayContaining(["A2:C4", "D2:J2", "D3:D4", "E3:I3", "J3:J4", "A5:C5", "A6:C6", "A7:A26", "B7:C7", "B9:B16", "B17:B19", "B20:B24", "B25:C25", "B26:C26", "A27:C27"]));
    expect(s3.getCell("D2").value).toBe("申请人情况");
    expect(s3.getCell("D3").value).toBe("自然人");
    expect(s3.getCell("E3").value).toBe("法人或其他组织");
    expect(["E4", "F4", "G4", "H4", "I4"].map((a) => s3.getCell(a).value)).toEqual(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]);
    expect(s3.getCell("J3").value).toBe("总计");
    expect(s3.getCell("A7").value).toBe("三、本年度办理结果");
    expect(s3.getCell("B7").value).toBe("（一）予以公开");
    // （一）予以公开: 自然人 2, 商业企业 1, 总计 3; 一、本年新收 总计 7; （七）总计 under 法律服务机构 2.
    expect(s3.getCell("D7").value).toBe(2);
    expect(s3.getCell("E7").value).toBe(1);
    expect(s3.getCell("J7").value).toBe(3);
    expect(s3.getCell("J5").value).toBe(7);
    expect(s3.getCell("B26").value).toBe("（七）总计");
    expect(s3.getCell("H26").value).toBe(2);
    expect(s3.getCell("B25").value).toBe("（六）其他处理");
    expect(s3.views[0]).toMatchObject({ state: "frozen", xSplit: 3, ySplit: 4 });

    const s2 = wb.getWorksheet("二、主动公开")!;
    expect(s2.getCell("A12").value).toBe("行政处罚");
    expect([s2.getCell("B12").value, s2.getCell("C12").value, s2.getCell("D12").value]).toEqual([19, 94, 113]);
    expect(s2.getCell("C8").value).toBe(-7125);
    expect(merges(s2)).toEqual(expect.arrayContaining(["A2:D2", "C15:D15", "C16:D16", "C18:D18", "C19:D19"]));
    expect(s2.getCell("C18").value).toBe("采购总金额（单位：元）");
  });

  it("2021: section 四 headers and the litigation-after-review cell; blank cells empty, money at its decimals", async () => {
    const report = { blankCells: [] as string[], ...fixture("2023-pingtan-shenpiju").expected } as CanonicalReport;
    setPath(report as unknown as Tree, "proactive.fees.amountWanYuan", 12.345678);
    report.blankCells = ["applications.carriedOver.natural", "reviewLitigation.litigationDirect.total"];
    const wb = await workbook(report);
    const s4 = wb.getWorksheet("四、复议诉讼")!;
    expect(merges(s4)).toEqual(["A1:O1", "A2:E2", "A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:E4", "F2:O2", "F3:J3", "K3:O3"]);
    expect([s4.getCell("A5").value, s4.getCell("E5").value, s4.getCell("M5").value, s4.getCell("O5").value]).toEqual([1, 1, 1, 1]);
    expect(s4.getCell("J5").value).toBeNull();
    expect(s4.getCell("I5").value).toBe(0);
    const s3 = wb.getWorksheet("三、依申请公开")!;
    expect(s3.getCell("D6").value).toBeNull();
    expect(s3.getCell("E6").value).toBe(0);
    expect(merges(s3)).toEqual(expect.arrayContaining(["A7:A28", "B25:B27", "B28:C28"]));
    expect(s3.getCell("C27").value).toBe("3.其他");
    const s2 = wb.getWorksheet("二、主动公开")!;
    expect(s2.getCell("A15").value).toBe("行政事业性收费");
    expect(s2.getCell("B15").value).toBe(12.345678);
    expect(s2.getCell("B15").numFmt).toBe("0.000000");
    expect(s2.getCell("B14").value).toBe("本年收费金额（单位：万元）");
  });

  it("CSV starts with a BOM and prints one line per table row; HTML prints merges as rowspan/colspan", () => {
    const report = { blankCells: ["applications.carriedOver.natural"], ...fixture("2020-liaocheng-yingjiju").expected } as CanonicalReport;
    const csv = renderCsv(reportDocument(report));
    expect(csv.startsWith("\ufeff聊城市应急管理局2020年政府信息公开工作年度报告\r\n")).toBe(true);
    expect(csv).toContain("\r\n三、本年度办理结果,（一）予以公开,,2,1,0,0,0,0,3\r\n");
    expect(csv).toContain("\r\n二、上年结转政府信息公开申请数量,,,,0,0,0,0,0,0\r\n");
    const html = renderHtml(reportDocument(report));
    expect(html).toContain('<th colspan="7">申请人情况</th>');
    expect(html).toContain('<td rowspan="20" class="label vertical">三、本年度办理结果</td>');
    expect(html).not.toMatch(/<(link|script)\b|https?:\/\/(?!yj\.liaocheng)/);
  });

  it("an unreadable (null) cell prints ？ in every format, never a number, and the metadata counts it", async () => {
    const report = { blankCells: [] as string[], ...fixture("2020-liaocheng-yingjiju").expected } as CanonicalReport;
    setPath(report as unknown as Tree, "applications.newReceived.legal", null);
    report.ambiguousCells = { "applications.newReceived.legal": "2 readings" };
    const doc = reportDocument(report);
    expect(doc.meta.find(([k]) => k === "覆盖")![1]).toContain("无法识别 1 个");
    expect(renderHtml(doc)).toContain('<td class="v" data-path="applications.newReceived.legal">？</td>');
    expect(renderCsv(doc)).toContain("\r\n一、本年新收政府信息公开申请数量,,,4,1,0,0,？,0,7\r\n");
    const wb = await workbook(report);
    expect(wb.getWorksheet("三、依申请公开")!.getCell("H5").value).toBe("？");
  });
});
