import { parseInput } from "../../src/ingestion/parse";
import { withoutReportTail } from "../../src/domain/narrative";
import { copyDiagnostics } from "../../src/domain/similarity";
import { fixture } from "../helpers/fixtures";

/**
 * The last narrative section ends with the report's body: the signature and date under it, the
 * attachment line and the page chrome a crawled page carries below it (the same every year) are not
 * narrative. With them, 平潭综合实验区自然资源与生态环境局's section 六 of 2023 (“2023年，无收取信息处理费
 * 情况。”) was 91% the same as 2020's (“暂无。”): a false N1.
 */
const parse = async (content: string, file: string, year: number) => (await parseInput(content, { fileName: file, agency: "平潭综合实验区自然资源与生态环境局", year })).report;
const page2020 = fixture("2020-pingtan-ziranziyuan", "html").content;
const page2023 = fixture("2023-pingtan-ziranziyuan", "html").content;

describe("the last section stops at the end of the report's body", () => {
  it.each([["html"], ["txt"]] as const)("section 六 of both years' %s holds only its text", async (kind) => {
    const y2020 = await parse(fixture("2020-pingtan-ziranziyuan", kind).content, `2020.${kind}`, 2020);
    const y2023 = await parse(fixture("2023-pingtan-ziranziyuan", kind).content, `2023.${kind}`, 2023);
    expect(y2020.sections.at(-1)).toEqual({ heading: "六、其他需要报告的事项", text: "暂无。" });
    expect(y2023.sections.at(-1)).toEqual({ heading: "六、其他需要报告的事项", text: "2023年,无收取信息处理费情况。" });
    // The publication date is still read from under the report.
    expect([y2020.publishedAt, y2023.publishedAt]).toEqual(["2021-01-21", "2024-01-05"]);
  });

  it("no N1 for the real section 六 (different texts under the same page footer)", async () => {
    const n1 = copyDiagnostics((await parse(page2023, "2023.html", 2023)).sections, (await parse(page2020, "2020.html", 2020)).sections, 2020);
    expect(n1).toEqual([]);
  });

  it("a section truly copied from last year still gets N1, the last one included", async () => {
    const COPIED = "本机关将继续严格落实政府信息公开各项制度，进一步规范依申请公开办理流程，加强业务培训，提升答复质量，确保政府信息公开工作依法有序开展。";
    const copied2020 = page2020.replace("暂无。", COPIED);
    const copied2023 = page2023.replace("2023年，无收取信息处理费情况。", COPIED);
    expect(copied2023).not.toBe(page2023);
    const y2023 = await parse(copied2023, "2023.html", 2023);
    expect(y2023.sections.at(-1)!.text).toBe(COPIED.normalize("NFKC"));
    const n1 = copyDiagnostics(y2023.sections, (await parse(copied2020, "2020.html", 2020)).sections, 2020);
    expect(n1.map((d) => [d.rule, d.printed, d.message.split(" is ")[0]])).toEqual([["N1", 100, "N1: 六、其他需要报告的事项"]]);
  });
});

describe("withoutReportTail", () => {
  it.each([
    ["暂无。\n平潭综合实验区自然资源与生态环境局\n2021年1月21日\n附件下载\n扫一扫在手机上查看当前页面", "暂无。"],
    ["2023年,无收取信息处理费情况。 平潭综合实验区自然资源与生态环境局2024年1月5日", "2023年,无收取信息处理费情况。"],
    ["无。\n二〇二四年一月", "无。\n二〇二四年一月"],
    ["本年度无收费。\n2024年1月5日", "本年度无收费。"],
    // A last line that is not an agency's name stays; only the date under it goes.
    ["下一步将加强培训\n2024年1月5日", "下一步将加强培训"],
    ["全年共收到申请7件,截至2023年12月31日。", "全年共收到申请7件,截至2023年12月31日。"],
    ["无。\n附件:2023年政府信息公开统计表", "无。"],
    ["无。\n版权所有:某某网站 网站标识码:123", "无。"],
  ])("%j → %j", (text, body) => {
    expect(withoutReportTail(text)).toBe(body);
  });
});
